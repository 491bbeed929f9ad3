# Buckets from count, encryption chosen per index.
locals {
  algorithms = ["aws:kms", "AES256"]
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "tier" {
  count  = 2
  bucket = "acme-tier-${count.index}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "tier" {
  count  = 2
  bucket = aws_s3_bucket.tier[count.index].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = local.algorithms[count.index] # expect: KMS002
      kms_master_key_id = count.index == 0 ? aws_kms_key.data.arn : null
    }
  }
}
