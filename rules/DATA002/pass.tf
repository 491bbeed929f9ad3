variable "capture_versioning" {
  description = "Versioning status of the capture bucket, set per environment"
}

# Model artifacts: versioning enabled.
resource "aws_s3_bucket" "models" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_versioning" "models" {
  bucket = aws_s3_bucket.models.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_sagemaker_model" "fraud" {
  name               = "fraud-detector"
  execution_role_arn = "arn:aws:iam::111122223333:role/fraud-sagemaker-execution"
  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud:1.4.0"
    model_data_url = "s3://${aws_s3_bucket.models.bucket}/fraud/model.tar.gz"
  }
}

# Data capture: legacy inline versioning on.
resource "aws_s3_bucket" "capture" {
  bucket = "acme-inference-capture"
  versioning {
    enabled = true
  }
}

# Data capture of another endpoint: status not known before plan.
resource "aws_s3_bucket" "capture_eu" {
  bucket = "acme-inference-capture-eu"
}

resource "aws_s3_bucket_versioning" "capture_eu" {
  bucket = aws_s3_bucket.capture_eu.id
  versioning_configuration {
    status = var.capture_versioning
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
  }
}

resource "aws_sagemaker_endpoint_configuration" "fraud_eu" {
  name = "fraud-detector-eu"
  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.fraud.name
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
  data_capture_config {
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.capture_eu.bucket}/fraud/"
    capture_options {
      capture_mode = "Input"
    }
  }
}

# Not AI data stores: a static website bucket, a bucket a Lambda role reads, a trail
# destination. None has versioning, none is reported.
resource "aws_s3_bucket" "website" {
  bucket = "acme-marketing-site"
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_iam_role" "lambda" {
  name = "report-exporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "lambda_reports" {
  name = "write-reports"
  role = aws_iam_role.lambda.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "s3:PutObject"
      Resource = "${aws_s3_bucket.reports.arn}/*"
    }]
  })
}

resource "aws_s3_bucket" "trail" {
  bucket = "acme-cloudtrail"
}

resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  include_global_service_events = true
}
