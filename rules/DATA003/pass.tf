variable "capture_retention_days" {
  description = "Days to keep captured requests, set per environment"
  type        = number
}

# Fine-tuning data (tier `data`): expires after two years.
resource "aws_s3_bucket" "training" {
  bucket = "acme-finetune-data"
}

resource "aws_s3_bucket_lifecycle_configuration" "training" {
  bucket = aws_s3_bucket.training.id
  rule {
    id     = "expire-training-data"
    status = "Enabled"
    filter {
      prefix = ""
    }
    expiration {
      days = 730
    }
  }
}

# Model artifacts (tier `artifacts`): kept without expiration, not checked.
resource "aws_s3_bucket" "models" {
  bucket = "acme-model-artifacts"
}

resource "aws_bedrock_custom_model" "support" {
  custom_model_name     = "support-assistant"
  job_name              = "support-assistant-ft-1"
  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = "arn:aws:iam::111122223333:role/support-assistant-customization"
  customization_type    = "FINE_TUNING"
  hyperparameters = {
    epochCount = "2"
  }
  training_data_config {
    s3_uri = "s3://${aws_s3_bucket.training.id}/train.jsonl"
  }
  output_data_config {
    s3_uri = "s3://${aws_s3_bucket.models.id}/customizations/"
  }
}

# Inference data capture (tier `logs`): retention not known before plan.
resource "aws_s3_bucket" "capture" {
  bucket = "acme-inference-capture"
}

resource "aws_s3_bucket_lifecycle_configuration" "capture" {
  bucket = aws_s3_bucket.capture.id
  rule {
    id     = "expire-captures"
    status = "Enabled"
    filter {}
    expiration {
      days = var.capture_retention_days
    }
  }
}

resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name = "fraud-detector"
  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
  data_capture_config {
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/fraud/"
    capture_options {
      capture_mode = "Input"
    }
  }
}

# Bedrock invocation logs (tier `logs`): legacy inline rule with an expiration.
resource "aws_s3_bucket" "invocation_logs" {
  bucket = "acme-bedrock-invocation-logs"
  lifecycle_rule {
    id      = "expire-logs"
    enabled = true
    expiration {
      days = 400
    }
  }
}

resource "aws_bedrock_model_invocation_logging_configuration" "main" {
  logging_config {
    text_data_delivery_enabled = true
    s3_config {
      bucket_name = aws_s3_bucket.invocation_logs.id
    }
  }
}

# Not AI data stores: a plain bucket and a trail destination, kept forever.
resource "aws_s3_bucket" "archive" {
  bucket = "acme-contracts-archive"
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-cloudtrail"
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
