# IAM010 unknown-action: nothing here may fire. Real actions, patterns that match real
# actions, `*` and `*:*`, any letter case (IAM matches actions case-insensitively).

variable "extra_actions" {
  description = "Supplied at plan time: unknown here, so never reported."
  type        = list(string)
}

variable "legacy_policy" {
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
      Action    = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role_policy" "training" {
  name = "training"
  role = aws_iam_role.sagemaker_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadTrainingData"
        Effect   = "Allow"
        Action   = ["s3:Get*", "s3:List?ucket", "s3:*ObjectTagging"]
        Resource = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
      },
      {
        Sid      = "Training"
        Effect   = "Allow"
        Action   = ["sagemaker:CreateTrainingJob", "sagemaker:Describe*", "sagemaker:addtags"]
        Resource = "arn:aws:sagemaker:eu-west-1:111122223333:training-job/*"
      },
      {
        Sid      = "Invoke"
        Effect   = "Allow"
        Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "BEDROCK:ApplyGuardrail"]
        Resource = "arn:aws:bedrock:eu-west-1::foundation-model/*"
      },
      {
        Sid      = "Extra"
        Effect   = "Allow"
        Action   = var.extra_actions
        Resource = "arn:aws:s3:::ml-training-data/*"
      },
      {
        # Guardrail: `*` and `*:*` are the whole action space, never unknown.
        Sid       = "OnlyFromTheVpc"
        Effect    = "Deny"
        Action    = ["*", "*:*"]
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:SourceVpc" = "vpc-0a1b2c3d4e5f67890" } }
      },
    ]
  })
}

# Not deployed: count is 0 with the default variable value.
resource "aws_iam_role_policy" "legacy" {
  count = var.legacy_policy ? 1 : 0
  name  = "legacy"
  role  = aws_iam_role.sagemaker_execution.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sagemaker:CreateTrainingJobs", Resource = "*" }]
  })
}

resource "aws_kms_key" "training_data" {
  description         = "Training data"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "SageMakerUses"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.sagemaker_execution.arn }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })
}

data "aws_iam_policy_document" "training_data_bucket" {
  statement {
    sid     = "TlsOnly"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "training_data" {
  bucket = "ml-training-data"
  policy = data.aws_iam_policy_document.training_data_bucket.json
}
