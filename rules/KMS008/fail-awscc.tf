# One awscc key for two environments. awscc tags are a list of { key, value } objects
# (awscc_sagemaker_domain), or a map where the CloudFormation type has a map of tags
# (awscc_bedrock_agent).
resource "awscc_kms_key" "cc_shared" { # expect: KMS008
  description         = "Studio and agents"
  enable_key_rotation = true
}

resource "awscc_sagemaker_domain" "cc_prod" {
  domain_name             = "cc-prod"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0"]
  app_network_access_type = "VpcOnly"
  kms_key_id              = awscc_kms_key.cc_shared.arn
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/cc-studio"
  }
  tags = [{
    key   = "Environment"
    value = "prod"
  }]
}

resource "awscc_bedrock_agent" "cc_dev" {
  agent_name                  = "cc-dev-agent"
  agent_resource_role_arn     = "arn:aws:iam::111122223333:role/cc-agent"
  foundation_model            = "anthropic.claude-3-haiku-20240307-v1:0"
  customer_encryption_key_arn = awscc_kms_key.cc_shared.arn
  tags = {
    Environment = "dev"
  }
}
