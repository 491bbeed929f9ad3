# Generated with `terraform plan` + `terraform show -json` (Terraform 1.11, AWS provider 5.100)
# from this file; the findings come from plan.json and are located here.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "mock"
  secret_key                  = "mock"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

variable "notebook_cidr" {
  default = "0.0.0.0/0"
}

resource "aws_kms_key" "artifacts" { # expect: KMS001
  description = "Model artifacts"
}

resource "aws_security_group" "notebooks" {
  name = "ml-notebooks"

  ingress {
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = [var.notebook_cidr] # expect: NET001
  }
}

resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
  kms_key_id    = aws_kms_key.artifacts.arn
}

resource "aws_sagemaker_domain" "studio" { # expect: KMS003, NET003
  domain_name = "ml-studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/sagemaker"
  }
}
