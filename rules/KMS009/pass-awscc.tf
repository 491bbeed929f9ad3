resource "awscc_kms_key" "cc_kb" {
  description         = "Knowledge base"
  enable_key_rotation = true
}

resource "awscc_bedrock_data_source" "cc_docs" {
  name              = "cc-docs"
  knowledge_base_id = "KB12345678"
  data_source_configuration = {
    type = "S3"
    s3_configuration = {
      bucket_arn = "arn:aws:s3:::cc-docs"
    }
  }
  server_side_encryption_configuration = {
    kms_key_arn = awscc_kms_key.cc_kb.arn
  }
}
