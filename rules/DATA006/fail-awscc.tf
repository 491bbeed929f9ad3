# An awscc bucket a SageMaker model reads its artifacts from (by its literal name),
# with a bucket policy (awscc_s3_bucket_policy, AWS::S3::BucketPolicy) that does not
# deny plain HTTP.
resource "awscc_s3_bucket" "cc_models" { # expect: DATA006
  bucket_name = "cc-model-artifacts"
}

resource "awscc_s3_bucket_policy" "cc_models" {
  bucket = awscc_s3_bucket.cc_models.id
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/cc-inference" }
      Action    = "s3:GetObject"
      Resource  = "${awscc_s3_bucket.cc_models.arn}/*"
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
