variable "training_versioning" {
  default = "Suspended"
}

data "aws_caller_identity" "current" {}

# Model artifacts: no versioning at all.
resource "aws_s3_bucket" "models" { # expect: DATA002
  bucket = "acme-model-artifacts"
}

resource "aws_sagemaker_model" "fraud" {
  name               = "fraud-detector"
  execution_role_arn = aws_iam_role.sagemaker.arn
  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud:1.4.0"
    model_data_url = "s3://${aws_s3_bucket.models.bucket}/fraud/model.tar.gz"
  }
}

# Fine-tuning data: versioning suspended through a variable.
resource "aws_s3_bucket" "training" {
  bucket = "acme-finetune-data"
}

resource "aws_s3_bucket_versioning" "training" {
  bucket = aws_s3_bucket.training.id
  versioning_configuration {
    status = var.training_versioning # expect: DATA002
  }
}

resource "aws_bedrock_custom_model" "support" {
  custom_model_name     = "support-assistant"
  job_name              = "support-assistant-ft-1"
  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = aws_iam_role.bedrock.arn
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

# Inference data capture: inline versioning turned off.
resource "aws_s3_bucket" "capture" {
  bucket = "acme-inference-capture"
  versioning {
    enabled = false # expect: DATA002
  }
}

resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name = "fraud-detector"
  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.fraud.name
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
  data_capture_config {
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/fraud/"
    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }
  }
}

# Feature exports read by the SageMaker execution role.
resource "aws_s3_bucket" "features" { # expect: DATA002
  bucket = "acme-feature-exports"
}

resource "aws_iam_role" "sagemaker" {
  name = "fraud-sagemaker-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "sagemaker_data" {
  name = "read-features"
  role = aws_iam_role.sagemaker.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::acme-feature-exports", "arn:aws:s3:::acme-feature-exports/*"]
    }]
  })
}

resource "aws_iam_role" "bedrock" {
  name = "support-assistant-customization"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "bedrock.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
      }
    }]
  })
}
