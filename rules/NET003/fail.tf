# NET003 sagemaker-domain-public-internet: Studio domains that are not VPC-only.

resource "aws_iam_role" "studio_execution" {
  name = "sagemaker-studio-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# app_network_access_type left out: it defaults to PublicInternetOnly. The finding
# stands at the resource header.
resource "aws_sagemaker_domain" "research" { # expect: NET003
  domain_name = "research"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0a1b2c3d4e5f60718"
  subnet_ids  = ["subnet-0a1b2c3d4e5f60718", "subnet-08f7e6d5c4b3a2910"]
  kms_key_id  = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  default_user_settings {
    execution_role = aws_iam_role.studio_execution.arn
  }
}

# Set explicitly: the finding stands at the value.
resource "aws_sagemaker_domain" "experiments" {
  domain_name             = "experiments"
  auth_mode               = "SSO"
  vpc_id                  = "vpc-0a1b2c3d4e5f60718"
  subnet_ids              = ["subnet-0a1b2c3d4e5f60718"]
  app_network_access_type = "PublicInternetOnly" # expect: NET003
  kms_key_id              = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  default_user_settings {
    execution_role  = aws_iam_role.studio_execution.arn
    security_groups = ["sg-0a1b2c3d4e5f60718"]
  }
}
