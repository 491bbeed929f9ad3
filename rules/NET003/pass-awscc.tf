resource "awscc_sagemaker_domain" "cc_private" {
  domain_name             = "cc-private"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0"]
  kms_key_id              = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  app_network_access_type = "VpcOnly"
  default_user_settings = {
    execution_role = "arn:aws:iam::111122223333:role/cc-studio"
  }
}
