# Credentials come from the environment, a role, or Secrets Manager; none is written here.

provider "aws" {
  region = "us-east-1"
  assume_role {
    role_arn     = "arn:aws:iam::111122223333:role/terraform-deployer"
    session_name = "ml-pipeline"
  }
}

variable "partner_access_key_id" {
  type        = string
  description = "Access key ID of the partner account, for example AKIAIOSFODNN7EXAMPLE"
}

variable "partner_secret_access_key" {
  type        = string
  sensitive   = true
  description = "Secret access key of the partner account"
}

# Prose that quotes the AWS documentation placeholders is not a credential.
variable "key_format" {
  type        = string
  default     = ""
  description = "An access key ID looks like AKIAIOSFODNN7EXAMPLE; never put one here"
}

resource "aws_secretsmanager_secret" "partner" {
  name        = "ml/partner-export"
  description = "Partner account keys, rotated by secret-rotator at commit 9fceb02d0ae598e95dc970b74767f19372d61af8"
}

resource "aws_secretsmanager_secret_version" "partner" {
  secret_id = aws_secretsmanager_secret.partner.id
  secret_string = jsonencode({
    access_key_id     = var.partner_access_key_id
    secret_access_key = var.partner_secret_access_key
  })
}

resource "aws_iam_role" "exporter" {
  name = "dataset-exporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "export" {
  function_name = "dataset-export"
  role          = aws_iam_role.exporter.arn
  runtime       = "python3.12"
  handler       = "export.handler"
  filename      = "export.zip"

  environment {
    variables = {
      PARTNER_BUCKET     = "partner-training-intake"
      PARTNER_SECRET_ARN = aws_secretsmanager_secret.partner.arn
    }
  }
}
