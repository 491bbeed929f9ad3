# IAM004 allow-not-action: identity policies whose Allow statements use NotAction or
# NotResource.

variable "denied_services" {
  description = "Services the data science role may not touch"
  type        = list(string)
  default     = ["iam:*", "organizations:*", "account:*"]
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

  # "Everything except IAM" still includes every service AWS launches next year.
  inline_policy {
    name = "everything-but-iam"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        NotAction = ["iam:*", "organizations:*"] # expect: IAM004
        Resource  = "*"
      }]
    })
  }
}

resource "aws_iam_policy" "ml_platform" {
  name = "ml-platform"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # NotResource: every object in every bucket except the audit logs.
        Sid         = "AllButAudit"
        Effect      = "Allow"
        Action      = ["s3:GetObject", "s3:PutObject"]
        NotResource = ["arn:aws:s3:::ml-audit-logs/*"] # expect: IAM004
      },
      {
        # Both: one finding at NotAction, even though NotResource is written first;
        # NotResource becomes a secondary label.
        Sid         = "AllButKeyDeletion"
        Effect      = "Allow"
        NotResource = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        NotAction   = "kms:ScheduleKeyDeletion" # expect: IAM004
      },
      {
        # A Deny with NotAction is a guardrail: no finding.
        Sid       = "DenyOutsideRegion"
        Effect    = "Deny"
        NotAction = ["iam:*", "sts:*", "support:*"]
        Resource  = "*"
        Condition = {
          StringNotEquals = { "aws:RequestedRegion" = "eu-west-1" }
        }
      },
    ]
  })
}

# The excluded actions come from a variable default: located at its use.
resource "aws_iam_role_policy" "data_science" {
  name = "data-science"
  role = aws_iam_role.sagemaker_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      NotAction = var.denied_services # expect: IAM004
      Resource  = "*"
    }]
  })
}

# User policy written as a quoted JSON string.
resource "aws_iam_user_policy" "data_scientist" {
  name   = "data-scientist"
  user   = "data-scientist"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"NotAction\": \"iam:*\", \"Resource\": \"*\"}]}" # expect: IAM004
}

# Group policy whose Statement is a single object.
resource "aws_iam_group_policy" "ml_engineers" {
  name  = "ml-engineers"
  group = "ml-engineers"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect      = "Allow"
      Action      = ["sagemaker:CreateTrainingJob", "sagemaker:CreateModel"]
      NotResource = "arn:aws:sagemaker:eu-west-1:123456789012:training-job/prod-*" # expect: IAM004
    }
  })
}
