resource "awscc_s3_bucket" "cc_docs" {
  bucket_name = "cc-docs"
  versioning_configuration = {
    status = "Enabled"
  }
}

resource "awscc_bedrock_data_source" "cc_docs" {
  name              = "cc-docs"
  knowledge_base_id = "KB12345678"
  data_source_configuration = {
    type = "S3"
    s3_configuration = {
      bucket_arn = awscc_s3_bucket.cc_docs.arn
    }
  }
}
