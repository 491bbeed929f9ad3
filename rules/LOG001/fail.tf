variable "log_file_validation" {
  default = false
}

variable "trail_key_arn" {
  description = "KMS key for the trail; empty means none"
  default     = ""
}

locals {
  all_regions = false
}

resource "aws_s3_bucket" "trail" {
  bucket = "ml-platform-cloudtrail-111122223333"
}

# Everything left to the defaults: no validation, one region, no key.
resource "aws_cloudtrail" "default" { # expect: LOG001 x3
  name           = "ml-platform-default"
  s3_bucket_name = aws_s3_bucket.trail.id
}

# Each weakness set explicitly, through a variable, a local and a literal.
resource "aws_cloudtrail" "paused" {
  name                       = "ml-platform-paused"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = var.log_file_validation # expect: LOG001
  is_multi_region_trail      = local.all_regions       # expect: LOG001
  kms_key_id                 = var.trail_key_arn       # expect: LOG001
  enable_logging             = false                   # expect: LOG001
}
