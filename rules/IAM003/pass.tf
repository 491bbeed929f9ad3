# IAM003 wildcard-resource: nothing here may fire.

data "aws_caller_identity" "current" {}

variable "dataset_bucket_arn" {
  description = "Bucket supplied by the caller (no default: unknown to a static scan)"
  type        = string
}

variable "enable_debug_access" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "training_data" {
  bucket = "ml-training-data"
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

  # Actions without resource-level permissions work only on "*": no finding.
  inline_policy {
    name = "vpc-and-registry"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid    = "VpcMode"
          Effect = "Allow"
          Action = [
            "ec2:DescribeInstances",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcs",
            "ec2:DescribeVpcEndpoints",
          ]
          Resource = "*"
        },
        {
          Sid      = "RegistryLogin"
          Effect   = "Allow"
          Action   = "ecr:GetAuthorizationToken"
          Resource = "*"
        },
        {
          Sid      = "Discovery"
          Effect   = "Allow"
          Action   = ["bedrock:ListFoundationModels", "sagemaker:ListEndpoints", "s3:ListAllMyBuckets", "sts:GetCallerIdentity"]
          Resource = "*"
        },
      ]
    })
  }
}

# Named resources, including prefix wildcards within one named bucket or model family.
resource "aws_iam_policy" "inference" {
  name = "inference"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:Get*", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::ml-model-artifacts", "arn:aws:s3:::ml-model-artifacts/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource = "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
      },
      {
        Effect   = "Allow"
        Action   = "sagemaker:InvokeEndpoint"
        Resource = "arn:aws:sagemaker:eu-west-1:123456789012:endpoint/fraud-detector-*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${aws_s3_bucket.training_data.arn}/*", "${var.dataset_bucket_arn}/*"]
      },
      # A Deny on "*" is a guardrail, not a grant.
      {
        Effect   = "Deny"
        Action   = ["s3:PutObject"]
        Resource = "*"
        Condition = {
          StringNotEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" }
        }
      },
    ]
  })
}

# Not deployed (count is 0): not checked.
resource "aws_iam_user_policy" "debug" {
  count  = var.enable_debug_access ? 1 : 0
  name   = "debug"
  user   = "data-scientist"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}"
}

# In a key policy, "*" is the key itself; key and bucket policies are judged by the
# KMS and DATA rules.
resource "aws_kms_key" "model_artifacts" {
  description         = "Model artifacts"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "InferenceUsesKey"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.sagemaker_execution.arn }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
      },
    ]
  })
}
