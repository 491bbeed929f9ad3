# awscc_s3_bucket is AWS::S3::Bucket: its public access block is an attribute object.
resource "awscc_s3_bucket" "cc_training" {
  bucket_name = "cc-training-data"
  public_access_block_configuration = {
    block_public_acls       = false # expect: DATA001
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = false # expect: DATA001
  }
}

resource "awscc_s3_bucket" "cc_public_read" {
  bucket_name    = "cc-public-read"
  access_control = "PublicRead" # expect: DATA001
}
