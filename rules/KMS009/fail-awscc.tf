# A knowledge-base data source (awscc_bedrock_data_source, AWS::Bedrock::DataSource)
# and a log group encrypted with AWS managed keys.
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
    kms_key_arn = "arn:aws:kms:us-east-1:111122223333:alias/aws/bedrock" # expect: KMS009
  }
}

resource "awscc_logs_log_group" "cc_logs" {
  log_group_name = "/cc/agents"
  kms_key_id     = "alias/aws/logs" # expect: KMS009
}
