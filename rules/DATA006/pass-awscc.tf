resource "awscc_s3_bucket" "cc_models" {
  bucket_name = "cc-model-artifacts"
}

# Linked to the bucket by reference: denies requests over plain HTTP.
resource "awscc_s3_bucket_policy" "cc_models" {
  bucket = awscc_s3_bucket.cc_models.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [awscc_s3_bucket.cc_models.arn, "${awscc_s3_bucket.cc_models.arn}/*"]
      Condition = {
        Bool = { "aws:SecureTransport" = false }
      }
    }]
  })
}

resource "awscc_sagemaker_model" "cc_fraud" {
  execution_role_arn       = "arn:aws:iam::111122223333:role/cc-inference"
  enable_network_isolation = true
  primary_container = {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud:1"
    model_data_url = "s3://cc-model-artifacts/fraud/model.tar.gz"
  }
}
