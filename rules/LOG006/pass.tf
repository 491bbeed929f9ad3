variable "capture_enabled" {
  description = "Capture requests and responses; set per environment"
  type        = bool
}

resource "aws_kms_key" "endpoint" {
  description         = "Fraud endpoint volumes and captured data"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "capture" {
  bucket = "ml-inference-capture-111122223333"
}

# Every request and response captured, encrypted with a customer managed key.
resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name        = "fraud"
  kms_key_arn = aws_kms_key.endpoint.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector"
    initial_instance_count = 2
    instance_type          = "ml.m5.large"
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/fraud"
    kms_key_id                  = aws_kms_key.endpoint.arn

    capture_options {
      capture_mode = "InputAndOutput"
    }

    capture_content_type_header {
      json_content_types = ["application/json"]
    }
  }
}

# A value that cannot be known here is never reported.
resource "aws_sagemaker_endpoint_configuration" "per_environment" {
  name        = "fraud-env"
  kms_key_arn = aws_kms_key.endpoint.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }

  data_capture_config {
    enable_capture              = var.capture_enabled
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/fraud-env"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}
