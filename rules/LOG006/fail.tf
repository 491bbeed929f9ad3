variable "capture_enabled" {
  description = "Capture requests and responses of the fraud endpoint"
  default     = false
}

resource "aws_kms_key" "endpoint" {
  description         = "Fraud endpoint volumes and captured data"
  enable_key_rotation = true
}

# No data capture at all.
resource "aws_sagemaker_endpoint_configuration" "no_capture" { # expect: LOG006
  name        = "fraud-no-capture"
  kms_key_arn = aws_kms_key.endpoint.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}

# Capture configured but turned off through a variable.
resource "aws_sagemaker_endpoint_configuration" "capture_off" {
  name        = "fraud-capture-off"
  kms_key_arn = aws_kms_key.endpoint.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }

  data_capture_config {
    enable_capture              = var.capture_enabled # expect: LOG006
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://ml-inference-capture-111122223333/fraud"
    kms_key_id                  = aws_kms_key.endpoint.arn

    capture_options {
      capture_mode = "Input"
    }

    capture_options {
      capture_mode = "Output"
    }
  }
}

# The Terraform provider sends enable_capture = false when it is not set.
resource "aws_sagemaker_endpoint_configuration" "capture_unset" { # expect: LOG006
  name        = "fraud-capture-unset"
  kms_key_arn = aws_kms_key.endpoint.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }

  data_capture_config {
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://ml-inference-capture-111122223333/fraud"

    capture_options {
      capture_mode = "InputAndOutput"
    }
  }
}

# The capture block is generated only when the variable is true: no block at all.
resource "aws_sagemaker_endpoint_configuration" "capture_optional" { # expect: LOG006
  name        = "fraud-capture-optional"
  kms_key_arn = aws_kms_key.endpoint.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }

  dynamic "data_capture_config" {
    for_each = var.capture_enabled ? [1] : []
    content {
      enable_capture              = true
      initial_sampling_percentage = 100
      destination_s3_uri          = "s3://ml-inference-capture-111122223333/fraud"

      capture_options {
        capture_mode = "InputAndOutput"
      }
    }
  }
}
