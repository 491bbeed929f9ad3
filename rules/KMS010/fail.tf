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
    Statement = [{
      Effect = "Allow"
      Action = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource = [
        aws_kms_key.notebook.arn,
        aws_kms_key.audit.arn, # expect: KMS010
      ]
    }]
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
