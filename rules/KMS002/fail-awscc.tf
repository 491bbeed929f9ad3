# awscc_s3_bucket: default encryption is bucket_encryption, a list of rules inside an
# attribute object.
resource "awscc_s3_bucket" "cc_sse_s3" {
  bucket_name = "cc-sse-s3"
  bucket_encryption = {
    server_side_encryption_configuration = [{
      server_side_encryption_by_default = {
        sse_algorithm = "AES256" # expect: KMS002
      }
    }]
  }
}

resource "awscc_s3_bucket" "cc_none" { # expect: KMS002
  bucket_name = "cc-no-encryption-configured"
}
