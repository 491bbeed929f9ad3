variable "kb_expiration_status" {
  default = "Disabled"
}

locals {
  capture_prefix = "s3://${aws_s3_bucket.capture.bucket}/fraud/"
}

# Fine-tuning data (tier `data`): no lifecycle at all.
resource "aws_s3_bucket" "training" { # expect: DATA003
  bucket = "acme-finetune-data"
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
    s3_uri = "s3://acme-model-artifacts/customizations/"
  }
}

# Inference data capture (tier `logs`), named through a local: the lifecycle rule only
# cleans up old versions and incomplete uploads, current objects never expire.
resource "aws_s3_bucket" "capture" { # expect: DATA003
  bucket = "acme-inference-capture"
}

resource "aws_s3_bucket_lifecycle_configuration" "capture" {
  bucket = aws_s3_bucket.capture.id
  rule {
    id     = "tidy"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
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
    destination_s3_uri          = local.capture_prefix
    capture_options {
      capture_mode = "Input"
    }
  }
}

# Knowledge-base sources (tier `data`): the expiration rule is disabled by a variable.
resource "aws_s3_bucket" "knowledge" { # expect: DATA003
  bucket = "acme-policy-documents"
}

resource "aws_s3_bucket_lifecycle_configuration" "knowledge" {
  bucket = aws_s3_bucket.knowledge.id
  rule {
    id     = "expire-documents"
    status = var.kb_expiration_status
    filter {}
    expiration {
      days = 730
    }
  }
}

resource "aws_bedrockagent_data_source" "policies" {
  name              = "policy-documents"
  knowledge_base_id = "KB12345678"
  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = aws_s3_bucket.knowledge.arn
    }
  }
}

# Bedrock invocation logs (tier `logs`): legacy inline rule, transitions only.
resource "aws_s3_bucket" "invocation_logs" { # expect: DATA003
  bucket = "acme-bedrock-invocation-logs"
  lifecycle_rule {
    id      = "archive"
    enabled = true
    transition {
      days          = 30
      storage_class = "GLACIER"
    }
  }
}

resource "aws_bedrock_model_invocation_logging_configuration" "main" {
  logging_config {
    text_data_delivery_enabled      = true
    image_data_delivery_enabled     = false
    embedding_data_delivery_enabled = false
    s3_config {
      bucket_name = aws_s3_bucket.invocation_logs.id
      key_prefix  = "bedrock"
    }
  }
}
