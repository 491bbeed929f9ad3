data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

# Every root form passes: a literal ARN, one built from the caller identity, a bare
# account ID. Other principals get only the actions they need; `*` is pinned to the
# account or the organization.
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
        Sid       = "RootOfPartition"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "BareAccountId"
        Effect    = "Allow"
        Principal = { AWS = "111122223333" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowViaS3InThisAccount"
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = "111122223333"
            "kms:ViaService"    = "s3.us-east-1.amazonaws.com"
          }
        }
      },
      {
        Sid       = "AllowOrganization"
        Effect    = "Allow"
        Principal = "*"
        Action    = "kms:Decrypt"
        Resource  = "*"
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
      {
        Sid       = "AllowLogs"
        Effect    = "Allow"
        Principal = { Service = "logs.us-east-1.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:aws:logs:us-east-1:111122223333:log-group:*" } }
      },
      {
        # Deny statements never fire.
        Sid       = "DenyOutsideOrganization"
        Effect    = "Deny"
        Principal = "*"
        Action    = "kms:*"
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
    ]
  })
}

# A principal only known at plan time (no default) is never reported.
variable "key_admin_arn" {
  type = string
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

  statement {
    sid       = "KeyAdministrators"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [var.key_admin_arn]
    }
  }

  statement {
    sid = "TrainingJobs"
    actions = [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/sagemaker-training"]
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
