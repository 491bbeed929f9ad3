# awscc_sagemaker_domain (AWS::SageMaker::Domain): public internet when
# app_network_access_type is unset or PublicInternetOnly.
resource "awscc_sagemaker_domain" "cc_default" { # expect: NET003
  domain_name = "cc-default"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  kms_key_id  = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/cc-studio"
  }
}

resource "awscc_sagemaker_domain" "cc_public" {
  domain_name             = "cc-public"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0"]
  kms_key_id              = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  app_network_access_type = "PublicInternetOnly" # expect: NET003
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/cc-studio"
  }
}
