variable "log_file_validation" {
  description = "Set per environment; no default"
  type        = bool
}

variable "trail_key_arn" {
  description = "KMS key for the trail; no default"
  type        = string
}

resource "aws_s3_bucket" "trail" {
  bucket = "ml-platform-cloudtrail-111122223333"
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail log files"
  enable_key_rotation = true
}

# Hardened: validation, every region, customer managed key, logging on (the default).
resource "aws_cloudtrail" "main" {
  name                          = "ml-platform"
  s3_bucket_name                = aws_s3_bucket.trail.id
  include_global_service_events = true
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.trail.arn
  enable_logging                = true
}

# Values that cannot be known here are never reported.
resource "aws_cloudtrail" "per_environment" {
  name                       = "ml-platform-env"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = var.log_file_validation
  kms_key_id                 = var.trail_key_arn
}
