resource "awscc_kms_key" "cc_studio" {
  description         = "Studio EFS"
  enable_key_rotation = true
}

resource "awscc_sagemaker_domain" "cc_studio" {
  domain_name             = "cc-studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0"]
  app_network_access_type = "VpcOnly"
  kms_key_id              = awscc_kms_key.cc_studio.key_id
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/cc-studio"
  }
}
