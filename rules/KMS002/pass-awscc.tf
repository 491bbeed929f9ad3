resource "awscc_kms_key" "cc_data" {
  description         = "Bucket data"
  enable_key_rotation = true
}

resource "awscc_s3_bucket" "cc_cmk" {
  bucket_name = "cc-cmk"
  bucket_encryption = {
    server_side_encryption_configuration = [{
      bucket_key_enabled = true
      server_side_encryption_by_default = {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = awscc_kms_key.cc_data.arn
      }
    }]
  }
}
