# KMS002 pass cases: default encryption with a customer managed key, or with
# a key that cannot be known before apply.

resource "aws_kms_key" "ml_data" {
  description         = "Encrypts ML training data and artifacts"
  enable_key_rotation = true
}

resource "aws_kms_alias" "ml_data" {
  name          = "alias/ml-data"
  target_key_id = aws_kms_key.ml_data.key_id
}

# Inline configuration with a customer managed key by reference.
resource "aws_s3_bucket" "model_artifacts" {
  bucket = "acme-ml-model-artifacts"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.ml_data.arn
      }
      bucket_key_enabled = true
    }
  }
}

# Separate configuration linked by reference, key by reference.
resource "aws_s3_bucket" "training_data" {
  bucket = "acme-ml-training-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "training_data" {
  bucket = aws_s3_bucket.training_data.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.ml_data.arn
    }
    bucket_key_enabled = true
  }
}

# Dual-layer SSE-KMS with a customer managed key through its alias.
resource "aws_s3_bucket" "embeddings" {
  bucket = "acme-ml-embeddings"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "embeddings" {
  bucket = aws_s3_bucket.embeddings.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms:dsse"
      kms_master_key_id = aws_kms_alias.ml_data.arn
    }
  }
}

# Separate configuration linked by the bucket's literal name, with a literal
# customer managed key ARN.
resource "aws_s3_bucket_server_side_encryption_configuration" "eval_results" {
  bucket = "acme-ml-eval-results"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
}

resource "aws_s3_bucket" "eval_results" {
  bucket = "acme-ml-eval-results"
}

# A customer managed alias is not an AWS managed one.
resource "aws_s3_bucket" "feature_exports" {
  bucket = "acme-ml-feature-exports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "feature_exports" {
  bucket = aws_s3_bucket.feature_exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "alias/ml-data"
    }
  }
}

# Key from a variable with no default: unknown, never reported.
variable "logs_key_arn" {
  type        = string
  description = "ARN of the customer managed key owned by the logging account"
}

resource "aws_s3_bucket" "inference_logs" {
  bucket = "acme-ml-inference-logs"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "inference_logs" {
  bucket = aws_s3_bucket.inference_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.logs_key_arn
    }
  }
}
