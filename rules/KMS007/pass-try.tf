# The account root built from data sources through `try` (terraform-aws-kms): the
# partition and account are unknown, not the fallback `""`, so this is the root of
# the key's own account, not `arn::iam:::root`.
data "aws_caller_identity" "current" {
  count = 1
}

data "aws_partition" "current" {
  count = 1
}

locals {
  account_id = try(data.aws_caller_identity.current[0].account_id, "")
  partition  = try(data.aws_partition.current[0].partition, "")
}

resource "aws_kms_key" "this" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Default"
      Effect    = "Allow"
      Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
