# IAM003 wildcard-resource: one finding per problem. A statement that IAM001, IAM002 or
# IAM004 already reports is not reported again by IAM003, even on "*". The expectations
# below name those codes so that their findings, and the absence of IAM003 on those
# statements, are compared too.

resource "aws_iam_role" "notebook" {
  name = "studio-notebook"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "notebook" {
  name = "studio-notebook"
  role = aws_iam_role.notebook.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Every action (IAM001).
        Sid      = "Admin"
        Effect   = "Allow"
        Action   = ["sagemaker:InvokeEndpoint", "*"] # expect: IAM001
        Resource = "*"
      },
      {
        # Every S3 action (IAM002).
        Sid      = "WholeS3"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:*"] # expect: IAM002
        Resource = "*"
      },
      {
        # Every Bedrock action on every foundation model (IAM002).
        Sid      = "WholeBedrock"
        Effect   = "Allow"
        Action   = "bedrock:*" # expect: IAM002
        Resource = "arn:aws:bedrock:*::foundation-model/*"
      },
      {
        # Everything but IAM (IAM004).
        Sid       = "AllButIam"
        Effect    = "Allow"
        NotAction = ["iam:*", "organizations:*"] # expect: IAM004
        Resource  = "*"
      },
      {
        # Every object but the audit logs (IAM004).
        Sid         = "AllButAudit"
        Effect      = "Allow"
        Action      = ["s3:GetObject", "s3:PutObject"]
        NotResource = ["arn:aws:s3:::ml-audit-logs/*"] # expect: IAM004
      },
      {
        # Reported by no other rule: IAM003.
        Sid      = "ReadAnyDataset"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "*" # expect: IAM003
      },
    ]
  })
}
