# IAM002 service-wildcard-action: identity policies whose Allow statements grant every
# action of one service ("service:*").

variable "model_registry_actions" {
  description = "Actions the model registry role may call"
  type        = list(string)
  default     = ["sagemaker:*"]
}

locals {
  # A wildcard written once and reused: the finding stands where the policy uses it,
  # with a secondary label here.
  key_admin = "kms:*"
}

resource "aws_iam_role" "sagemaker_execution" {
  name = "sagemaker-execution"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  # Inline policy block: every S3 action, even though the bucket is named.
  inline_policy {
    name = "training-data"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "s3:*" # expect: IAM002
        Resource = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
      }]
    })
  }
}

# One finding per statement: "bedrock:*" is reported and "sagemaker:*" of the same
# statement becomes a secondary label. The Deny statement never fires.
resource "aws_iam_policy" "genai_platform" {
  name = "genai-platform"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "Models"
        Effect = "Allow"
        Action = [
          "bedrock:InvokeModel",
          "bedrock:*", # expect: IAM002
          "sagemaker:*",
        ]
        Resource = "*"
      },
      {
        Sid      = "Keys"
        Effect   = "Allow"
        Action   = local.key_admin # expect: IAM002
        Resource = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      },
      {
        Sid      = "NoDeletes"
        Effect   = "Deny"
        Action   = ["s3:*"]
        Resource = "arn:aws:s3:::ml-model-artifacts/*"
        Condition = {
          StringNotEquals = { "aws:PrincipalTag/team" = "ml-platform" }
        }
      },
    ]
  })
}

# The action list comes from a variable default: located at its use.
resource "aws_iam_role_policy" "model_registry" {
  name = "model-registry"
  role = aws_iam_role.sagemaker_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = var.model_registry_actions # expect: IAM002
      Resource = "arn:aws:sagemaker:eu-west-1:123456789012:model-package-group/*"
    }]
  })
}

# User policy written as a quoted JSON string: "iam:*" lets the user rewrite
# any role, including the ones SageMaker and Bedrock run as.
resource "aws_iam_user_policy" "ml_admin" {
  name   = "ml-admin"
  user   = "ml-admin"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"iam:GetRole\", \"iam:*\"], \"Resource\": \"*\"}]}" # expect: IAM002
}

# Group policy whose Statement is a single object; the service prefix is matched
# case-insensitively, as IAM does.
resource "aws_iam_group_policy" "data_engineers" {
  name  = "data-engineers"
  group = "data-engineers"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect   = "Allow"
      Action   = "S3:*" # expect: IAM002
      Resource = "arn:aws:s3:::ml-feature-store/*"
    }
  })
}
