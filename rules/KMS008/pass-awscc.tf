resource "awscc_kms_key" "cc_prod" {
  description         = "Studio and agents, prod"
  enable_key_rotation = true
}

resource "awscc_sagemaker_domain" "cc_prod" {
  domain_name             = "cc-prod"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0"]
  app_network_access_type = "VpcOnly"
  kms_key_id              = awscc_kms_key.cc_prod.arn
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/cc-studio"
  }
  tags = [{
    key   = "Environment"
    value = "prod"
  }]
}

resource "awscc_bedrock_agent" "cc_prod" {
  agent_name                  = "cc-prod-agent"
  agent_resource_role_arn     = "arn:aws:iam::111122223333:role/cc-agent"
  foundation_model            = "anthropic.claude-3-haiku-20240307-v1:0"
  customer_encryption_key_arn = awscc_kms_key.cc_prod.arn
  tags = {
    Environment = "prod"
  }
}
