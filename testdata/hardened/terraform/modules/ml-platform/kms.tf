# One customer managed key per data tier, rotated yearly, administered by the account.

locals {
  # Statement shared by every key policy: the account administers the key through IAM.
  key_admin_statement = {
    Sid       = "AccountAdministersTheKeyThroughIam"
    Effect    = "Allow"
    Principal = { AWS = "arn:aws:iam::${var.account_id}:root" }
    Action    = "kms:*"
    Resource  = "*"
  }
}

# Tier `data`: training data, knowledge-base documents, the vector store.
resource "aws_kms_key" "data" {
  description             = "${local.name} training data and knowledge base"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.key_admin_statement]
  })

  tags = local.tags
}

resource "aws_kms_alias" "data" {
  name          = "alias/${local.name}-data"
  target_key_id = aws_kms_key.data.key_id
}

# Tier `artifacts`: model artifacts, customization outputs, endpoint volumes, images.
resource "aws_kms_key" "artifacts" {
  description             = "${local.name} model artifacts"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.key_admin_statement]
  })

  tags = local.tags
}

resource "aws_kms_alias" "artifacts" {
  name          = "alias/${local.name}-artifacts"
  target_key_id = aws_kms_key.artifacts.key_id
}

# Tier `logs`: data capture, invocation logs, log groups, the trail.
resource "aws_kms_key" "logs" {
  description             = "${local.name} logs and audit trail"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      local.key_admin_statement,
      {
        Sid       = "CloudWatchLogsEncryptsLogGroupsOfThisAccount"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = { "kms:EncryptionContext:aws:logs:arn" = "${local.logs_arn}:log-group:*" }
        }
      },
      {
        Sid       = "CloudTrailEncryptsTheTrail"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceArn" = "arn:aws:cloudtrail:${var.region}:${var.account_id}:trail/${local.trail_name}" }
        }
      },
    ]
  })

  tags = local.tags
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${local.name}-logs"
  target_key_id = aws_kms_key.logs.key_id
}

# Studio, notebooks, agents and guardrails (no data tier of their own).
resource "aws_kms_key" "workspace" {
  description             = "${local.name} Studio, notebooks and agents"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.key_admin_statement]
  })

  tags = local.tags
}

resource "aws_kms_alias" "workspace" {
  name          = "alias/${local.name}-workspace"
  target_key_id = aws_kms_key.workspace.key_id
}
