# Regression: a separate encryption resource named by literal bucket name after the
# bucket, with another resource of the same name after it; and an empty key.
resource "aws_s3_bucket" "data" {
  bucket = "acme-training-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = "acme-training-data"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: KMS002
    }
  }
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = "acme-training-data"
}

resource "aws_s3_bucket" "other" {
  bucket = "other"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms" # expect: KMS002
        kms_master_key_id = ""
      }
    }
  }
}
