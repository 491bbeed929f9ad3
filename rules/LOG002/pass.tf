variable "training_bucket_arns" {
  description = "Buckets whose objects the trail records; set per environment"
  type        = list(string)
}

variable "object_events" {
  description = "Which S3 object operations the trail records; set per environment"
  type        = string
}

resource "aws_s3_bucket" "trail" {
  bucket = "ml-platform-cloudtrail-111122223333"
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
}

# Basic selector: every S3 object read and write, management events kept (the default).
resource "aws_cloudtrail" "basic" {
  name                       = "ml-basic"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = true

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}

# Advanced selectors: management events, and S3 object reads and writes.
resource "aws_cloudtrail" "advanced" {
  name                       = "ml-advanced"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  advanced_event_selector {
    name = "Management events"

    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }

  advanced_event_selector {
    name = "Training data and model artifacts"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }

    field_selector {
      field       = "resources.ARN"
      starts_with = ["arn:aws:s3:::ml-training-data-111122223333/", "arn:aws:s3:::ml-model-artifacts-111122223333/"]
    }
  }
}

# A write-only selector next to one that records every operation: reads are recorded.
resource "aws_cloudtrail" "mixed" {
  name                       = "ml-mixed"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  event_selector {
    read_write_type = "WriteOnly"

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::ml-inference-logs-111122223333/"]
    }
  }

  event_selector {
    read_write_type = "All"

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::ml-training-data-111122223333/"]
    }
  }
}

# Unknown values are never reported: the operation mode has no default.
resource "aws_cloudtrail" "per_environment_mode" {
  name                       = "ml-env-mode"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  event_selector {
    read_write_type = var.object_events

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}

# Unknown values are never reported: one data resource per bucket of a variable with no default.
resource "aws_cloudtrail" "per_environment_buckets" {
  name                       = "ml-env-buckets"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  event_selector {
    read_write_type = "All"

    dynamic "data_resource" {
      for_each = var.training_bucket_arns
      content {
        type   = "AWS::S3::Object"
        values = ["${data_resource.value}/"]
      }
    }
  }
}
