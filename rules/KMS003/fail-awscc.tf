# awscc_sagemaker_domain is AWS::SageMaker::Domain. (Notebook instances and endpoint
# configurations have no awscc resource: Cloud Control does not support those types.)
resource "awscc_sagemaker_domain" "cc_studio" { # expect: KMS003
  domain_name             = "cc-studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0"]
  app_network_access_type = "VpcOnly"
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/cc-studio"
  }
}

resource "awscc_sagemaker_domain" "cc_empty_key" {
  domain_name             = "cc-studio-2"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0"]
  app_network_access_type = "VpcOnly"
  kms_key_id              = "" # expect: KMS003
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/cc-studio"
  }
}
