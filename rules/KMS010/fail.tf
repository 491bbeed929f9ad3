# A notebook's role may decrypt with the audit key, which protects the trail and
# its log group and none of the notebook's data.
resource "aws_kms_key" "notebook" {
  description         = "Research notebook volumes"
  enable_key_rotation = true
}

resource "aws_kms_key" "audit" {
  description         = "CloudTrail and audit logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/aws/cloudtrail/audit"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.audit.arn
}

# A bucket the role reads by a written ARN needs its key; this one is not read.
resource "aws_kms_key" "archive" {
  description         = "Archive"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "archive" {
  bucket = "research-archive"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.archive.arn
    }
  }
}

resource "aws_iam_role" "notebook" {
  name = "research-notebook"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "notebook_keys" {
  role = aws_iam_role.notebook.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Action = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [
          aws_kms_key.notebook.arn,
          aws_kms_key.audit.arn,   # expect: KMS010
          aws_kms_key.archive.arn, # expect: KMS010
        ]
      },
      {
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "arn:aws:s3:::research-archive-old/*"
      },
    ]
  })
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = aws_iam_role.notebook.arn
  instance_type          = "ml.t3.medium"
  kms_key_id             = aws_kms_key.notebook.arn
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
