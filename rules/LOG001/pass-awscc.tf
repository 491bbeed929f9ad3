resource "awscc_cloudtrail_trail" "cc_main" {
  s3_bucket_name             = "cc-trail-logs"
  is_logging                 = true
  enable_log_file_validation = true
  is_multi_region_trail      = true
  kms_key_id                 = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
