# `try` falls through only an argument that fails: an unknown key ARN is kept (the
# bucket is encrypted with the CMK), a missing attribute of a known object falls
# through to null. `can` is false only for an expression that fails.
resource "aws_kms_key" "k" {
  enable_key_rotation = true
}

locals {
  settings = { logging = true }
}

resource "aws_s3_bucket" "cmk" {
  bucket = "try-unknown-keeps-the-key"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "cmk" {
  bucket = aws_s3_bucket.cmk.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = try(aws_kms_key.k.arn, null)
    }
  }
}

resource "aws_s3_bucket" "fallback" {
  bucket = "try-error-falls-through"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "fallback" {
  bucket = aws_s3_bucket.fallback.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms" # expect: KMS002
      kms_master_key_id = try(local.settings.kms_key_arn, null)
    }
  }
}

resource "aws_s3_bucket" "can" {
  bucket = "can-of-a-missing-attribute"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "can" {
  bucket = aws_s3_bucket.can.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = can(local.settings.kms_key_arn) ? "aws:kms" : "AES256" # expect: KMS002
    }
  }
}
