# IAM004 allow-not-action: nothing here may fire.

data "aws_caller_identity" "current" {}

variable "enable_break_glass" {
  type    = bool
  default = false
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

  inline_policy {
    name = "training"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
      }]
    })
  }
}

# Deny with NotAction or NotResource is the usual way to write a guardrail: it grants
# nothing.
resource "aws_iam_policy" "guardrails" {
  name = "ml-guardrails"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyOutsideApprovedRegion"
        Effect    = "Deny"
        NotAction = ["iam:*", "sts:*", "support:*", "cloudfront:*"]
        Resource  = "*"
        Condition = {
          StringNotEquals = { "aws:RequestedRegion" = "eu-west-1" }
        }
      },
      {
        Sid         = "DenyWritesOutsideMlBuckets"
        Effect      = "Deny"
        Action      = ["s3:PutObject"]
        NotResource = ["arn:aws:s3:::ml-training-data/*", "arn:aws:s3:::ml-model-artifacts/*"]
      },
    ]
  })
}

resource "aws_iam_user_policy" "mfa_required" {
  name   = "mfa-required"
  user   = "data-scientist"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"NotAction\": [\"iam:ChangePassword\", \"sts:GetSessionToken\"], \"Resource\": \"*\", \"Condition\": {\"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}}}]}"
}

# Not deployed (count is 0): not checked.
resource "aws_iam_role_policy" "break_glass" {
  count = var.enable_break_glass ? 1 : 0
  name  = "break-glass"
  role  = aws_iam_role.sagemaker_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = "iam:*"
      Resource  = "*"
    }]
  })
}

# Key and bucket policies are judged by the KMS and DATA rules, not IAM004.
resource "aws_kms_key" "model_artifacts" {
  description         = "Model artifacts"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministersExceptDeletion"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      NotAction = "kms:ScheduleKeyDeletion"
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
      NotAction = ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketPolicy"]
      Resource  = ["arn:aws:s3:::ml-model-artifacts", "arn:aws:s3:::ml-model-artifacts/*"]
    }]
  })
}
