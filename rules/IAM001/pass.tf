# IAM001 wildcard-action: nothing here may fire.

data "aws_caller_identity" "current" {}

variable "extra_policy_json" {
  description = "Policy document supplied by the caller (no default: unknown to a static scan)"
  type        = string
}

# Least privilege: named actions on named resources.
resource "aws_iam_role" "sagemaker_execution" {
  name = "sagemaker-execution"

  # Trust policies are not identity policies: IAM001 never judges them.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "*"
    }]
  })

  inline_policy {
    name = "training"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
      }]
    })
  }
}

# A Deny statement on every action is a guardrail, not a grant. A service wildcard
# ("sagemaker:*") is IAM002's concern, not IAM001's.
resource "aws_iam_policy" "region_guardrail" {
  name = "region-guardrail"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DenyOutsideApprovedRegion"
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          StringNotEquals = { "aws:RequestedRegion" = "eu-west-1" }
        }
      },
      {
        Sid      = "SageMakerInApprovedRegion"
        Effect   = "Allow"
        Action   = ["sagemaker:*"]
        Resource = "arn:aws:sagemaker:eu-west-1:123456789012:*"
      },
    ]
  })
}

# Heredoc and quoted JSON strings with specific actions.
resource "aws_iam_role_policy" "bedrock_invoke" {
  name = "bedrock-invoke"
  role = aws_iam_role.sagemaker_execution.id

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      "Resource": "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    },
    {
      "Effect": "Deny",
      "Action": ["*"],
      "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    }
  ]
}
EOF
}

resource "aws_iam_user_policy" "read_models" {
  name   = "read-models"
  user   = "data-scientist"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sagemaker:DescribeModel\", \"Resource\": \"*\"}]}"
}

# A policy that cannot be known statically never fires.
resource "aws_iam_group_policy" "from_caller" {
  name   = "from-caller"
  group  = "ml-engineers"
  policy = var.extra_policy_json
}

# Key and bucket policies are judged by the KMS and DATA rules, not IAM001.
resource "aws_kms_key" "training_data" {
  description         = "Training data"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministers"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "*"
      Resource  = "*"
    }]
  })
}

resource "aws_s3_bucket" "training_data" {
  bucket = "ml-training-data"
}

resource "aws_s3_bucket_policy" "training_data" {
  bucket = aws_s3_bucket.training_data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/sagemaker-execution" }
      Action    = "*"
      Resource  = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
    }]
  })
}
