# A bucket object held in a `for_each` map configures that bucket like a direct
# reference: `each.value.bucket.id` links the encryption to `aws_s3_bucket.data`.
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  bucket = "held-in-a-map"
}

locals {
  buckets = { data = { bucket = aws_s3_bucket.data, key = aws_kms_key.k } }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "each" {
  for_each = local.buckets
  bucket   = each.value.bucket.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = each.value.key.arn
    }
  }
}
