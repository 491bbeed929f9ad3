variable "object_events" {
  description = "Which S3 object operations the trail records"
  default     = "WriteOnly"
}

resource "aws_s3_bucket" "trail" {
  bucket = "ml-platform-cloudtrail-111122223333"
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
}

# No selector: management events only, no S3 object events.
resource "aws_cloudtrail" "management_only" { # expect: LOG002
  name                       = "ml-management-only"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

# Data events for Lambda only: S3 object reads and writes are not recorded.
resource "aws_cloudtrail" "lambda_only" { # expect: LOG002
  name                       = "ml-lambda-only"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  event_selector {
    read_write_type = "All"

    data_resource {
      type   = "AWS::Lambda::Function"
      values = ["arn:aws:lambda"]
    }
  }
}

# S3 object events limited to writes through a variable.
resource "aws_cloudtrail" "object_writes" {
  name                       = "ml-object-writes"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  event_selector {
    read_write_type = var.object_events # expect: LOG002

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3:::ml-training-data-111122223333/"]
    }
  }
}

# S3 object events recorded, management events turned off.
resource "aws_cloudtrail" "objects_without_management" {
  name                       = "ml-objects-only"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  event_selector {
    read_write_type           = "All"
    include_management_events = false # expect: LOG002

    data_resource {
      type   = "AWS::S3::Object"
      values = ["arn:aws:s3"]
    }
  }
}

# Advanced selectors: S3 object writes only, and no management selector.
resource "aws_cloudtrail" "advanced_writes" { # expect: LOG002
  name                       = "ml-advanced-writes"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn

  advanced_event_selector {
    name = "Model artifact writes"

    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }

    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }

    field_selector {
      field  = "readOnly"
      equals = ["false"] # expect: LOG002
    }
  }
}

# Advanced selectors: management events only.
resource "aws_cloudtrail" "advanced_management" { # expect: LOG002
  name                       = "ml-advanced-management"
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
}
