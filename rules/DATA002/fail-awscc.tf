# An awscc bucket that a knowledge-base data source reads (an AI data store, linked by
# the reference awscc_s3_bucket.cc_docs.arn) without versioning.
resource "awscc_s3_bucket" "cc_docs" { # expect: DATA002
  bucket_name = "cc-docs"
}

resource "awscc_s3_bucket" "cc_suspended" {
  bucket_name = "cc-docs-suspended"
  versioning_configuration = {
    status = "Suspended" # expect: DATA002
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

resource "awscc_bedrock_data_source" "cc_docs_suspended" {
  name              = "cc-docs-suspended"
  knowledge_base_id = "KB12345678"
  data_source_configuration = {
    type = "S3"
    s3_configuration = {
      bucket_arn = awscc_s3_bucket.cc_suspended.arn
    }
  }
}
