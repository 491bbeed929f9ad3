data "aws_caller_identity" "current" {}

resource "aws_iam_role" "ml_admin" {
  name = "ml-platform-admin"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
    }]
  })
}

# Inline key policy (jsonencode) on the key itself.
resource "aws_kms_key" "embeddings" {
  description         = "Knowledge base embeddings"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableRootPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # Anyone, in any account, may decrypt.
        Sid       = "AllowDecrypt"
        Effect    = "Allow"
        Principal = "*" # expect: KMS007
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
      {
        # kms:ViaService limits the path, not the caller: any account can call through S3.
        Sid       = "AllowViaS3"
        Effect    = "Allow"
        Principal = { AWS = ["*"] } # expect: KMS007
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "kms:ViaService" = "s3.us-east-1.amazonaws.com" } }
      },
      {
        # A service principal holding every key permission.
        Sid       = "AllowLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.us-east-1.amazonaws.com" }
        Action    = "kms:*" # expect: KMS007
        Resource  = "*"
      },
    ]
  })
}

# Key policy in a separate aws_kms_key_policy, from a policy document data source.
locals {
  key_admin_actions = ["kms:*"]
}

data "aws_iam_policy_document" "training_key" {
  statement {
    sid       = "EnableRootPermissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  # The action list comes from a local: reported where the statement uses it.
  statement {
    sid       = "KeyAdministrators"
    actions   = local.key_admin_actions # expect: KMS007
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/ml-platform-admin"]
    }
  }

  statement {
    sid       = "TrainingJobs"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: KMS007
    }
  }
}

resource "aws_kms_key" "training" {
  description         = "Training data"
  enable_key_rotation = true
}

resource "aws_kms_key_policy" "training" {
  key_id = aws_kms_key.training.id
  policy = data.aws_iam_policy_document.training_key.json
}

# The administrator role named by an ARN whose account is only known at plan time,
# and by reference to the role: neither is the account root.
resource "aws_kms_key" "artifacts" {
  description         = "Model artifacts"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableRootPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "PlatformAdmin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ml-platform-admin" }
        Action    = "kms:*" # expect: KMS007
        Resource  = "*"
      },
      {
        Sid       = "PlatformAdminByReference"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.ml_admin.arn }
        Action    = ["kms:*"] # expect: KMS007
        Resource  = "*"
      },
    ]
  })
}
