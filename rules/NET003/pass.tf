# NET003 sagemaker-domain-public-internet: nothing here may fire.

variable "network_access_type" {
  description = "Studio network mode chosen by the caller (no default: unknown to a static scan)"
  type        = string
}

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

resource "aws_security_group" "studio" {
  name   = "sagemaker-studio"
  vpc_id = "vpc-0a1b2c3d4e5f60718"
}

# VPC-only: Studio traffic goes through the VPC (endpoints, NAT, firewall).
resource "aws_sagemaker_domain" "research" {
  domain_name             = "research"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0a1b2c3d4e5f60718"
  subnet_ids              = ["subnet-0a1b2c3d4e5f60718", "subnet-08f7e6d5c4b3a2910"]
  app_network_access_type = "VpcOnly"
  kms_key_id              = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  default_user_settings {
    execution_role  = aws_iam_role.studio_execution.arn
    security_groups = [aws_security_group.studio.id]
  }
}

# A value that cannot be known statically never fires.
resource "aws_sagemaker_domain" "team" {
  domain_name             = "team"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0a1b2c3d4e5f60718"
  subnet_ids              = ["subnet-0a1b2c3d4e5f60718"]
  app_network_access_type = var.network_access_type

  default_user_settings {
    execution_role  = aws_iam_role.studio_execution.arn
    security_groups = [aws_security_group.studio.id]
  }
}

# A resource with count = 0 is not deployed and not checked.
resource "aws_sagemaker_domain" "sandbox" {
  count = 0

  domain_name = "sandbox"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0a1b2c3d4e5f60718"
  subnet_ids  = ["subnet-0a1b2c3d4e5f60718"]

  default_user_settings {
    execution_role = aws_iam_role.studio_execution.arn
  }
}
