# KMS002 fail cases: bucket default encryption that is not SSE-KMS with a
# customer managed key.

# No default encryption anywhere: the finding is on the bucket header.
resource "aws_s3_bucket" "raw_datasets" { # expect: KMS002
  bucket = "acme-ml-raw-datasets"
}

# Inline configuration with SSE-S3.
resource "aws_s3_bucket" "feature_exports" {
  bucket = "acme-ml-feature-exports"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256" # expect: KMS002
      }
    }
  }
}

# Inline configuration with SSE-KMS but no key: S3 falls back to aws/s3.
resource "aws_s3_bucket" "model_artifacts" {
  bucket = "acme-ml-model-artifacts"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms" # expect: KMS002
      }
    }
  }
}

# Separate configuration linked by reference, naming the AWS managed alias.
resource "aws_s3_bucket" "training_data" {
  bucket = "acme-ml-training-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "training_data" {
  bucket = aws_s3_bucket.training_data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "alias/aws/s3" # expect: KMS002
    }
    bucket_key_enabled = true
  }
}

# Separate configuration linked by reference, naming the AWS managed alias by ARN.
resource "aws_s3_bucket" "inference_logs" {
  bucket = "acme-ml-inference-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "inference_logs" {
  bucket = aws_s3_bucket.inference_logs.bucket

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:alias/aws/s3" # expect: KMS002
    }
  }
}

# Separate configuration linked by the bucket's literal name, with SSE-S3.
resource "aws_s3_bucket_server_side_encryption_configuration" "eval_results" {
  bucket = "acme-ml-eval-results"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # expect: KMS002
    }
  }
}

resource "aws_s3_bucket" "eval_results" {
  bucket = "acme-ml-eval-results"
}

# Dual-layer SSE-KMS without a key still uses the AWS managed key.
resource "aws_s3_bucket" "embeddings" {
  bucket = "acme-ml-embeddings"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "embeddings" {
  bucket = aws_s3_bucket.embeddings.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms:dsse" # expect: KMS002
    }
  }
}

