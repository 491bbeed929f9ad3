# A configuration of a bucket the scan cannot name is judged on its own settings.
variable "bucket" {
  type = string
}

resource "aws_s3_bucket_server_side_encryption_configuration" "elsewhere" {
  bucket = var.bucket
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: KMS002
    }
  }
}
