data "aws_caller_identity" "current" {}

resource "awscc_kms_key" "cc_account" {
  description         = "Feature store"
  enable_key_rotation = true
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Account"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
