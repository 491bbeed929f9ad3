# IAM002 service-wildcard-action: nothing here may fire.

data "aws_caller_identity" "current" {}

variable "extra_actions" {
  description = "Actions supplied by the caller (no default: unknown to a static scan)"
  type        = list(string)
}

variable "enable_break_glass" {
  type    = bool
  default = false
}

resource "aws_iam_role" "sagemaker_execution" {
  name = "sagemaker-execution"

  # Trust policies are not identity policies: IAM002 never judges them.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:*"
    }]
  })

  # Partial wildcards such as "s3:Get*" and "s3:*Object" are not service-wide.
  inline_policy {
    name = "training"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Effect   = "Allow"
          Action   = ["s3:Get*", "s3:List*"]
          Resource = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
        },
        {
          Effect   = "Allow"
          Action   = ["s3:*Object"]
          Resource = "arn:aws:s3:::ml-model-artifacts/*"
        },
        {
          Effect   = "Allow"
          Action   = var.extra_actions
          Resource = "arn:aws:s3:::ml-model-artifacts/*"
        },
      ]
    })
  }
}

# Named actions, and a Deny on a whole service: a guardrail, not a grant.
resource "aws_iam_policy" "bedrock_invoke" {
  name = "bedrock-invoke"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource = "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
      },
      {
        Effect   = "Deny"
        Action   = ["bedrock:*", "sagemaker:*"]
        Resource = "*"
        Condition = {
          StringNotEquals = { "aws:RequestedRegion" = "eu-west-1" }
        }
      },
    ]
  })
}

# A service wildcard under NotAction grants nothing of that service (and this Deny
# is a guardrail anyway).
resource "aws_iam_role_policy" "deny_iam_outside_pipeline" {
  name = "deny-iam-outside-pipeline"
  role = aws_iam_role.sagemaker_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:*", "sts:*"]
      Resource  = "*"
      Condition = {
        BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" }
      }
    }]
  })
}

# Not deployed (count is 0): not checked.
resource "aws_iam_user_policy" "break_glass" {
  count  = var.enable_break_glass ? 1 : 0
  name   = "break-glass"
  user   = "ml-admin"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:*\", \"Resource\": \"*\"}]}"
}

# Key and bucket policies are judged by the KMS and DATA rules, not IAM002.
resource "aws_kms_key" "model_artifacts" {
  description         = "Model artifacts"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministers"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}

resource "aws_s3_bucket" "model_artifacts" {
  bucket = "ml-model-artifacts"
}

resource "aws_s3_bucket_policy" "model_artifacts" {
  bucket = aws_s3_bucket.model_artifacts.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.sagemaker_execution.arn }
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::ml-model-artifacts", "arn:aws:s3:::ml-model-artifacts/*"]
    }]
  })
}
