# awscc_cloudtrail_trail (AWS::CloudTrail::Trail): its weaknesses, at each value.
resource "awscc_cloudtrail_trail" "cc_main" { # expect: LOG001
  s3_bucket_name             = "cc-trail-logs"
  is_logging                 = false # expect: LOG001
  enable_log_file_validation = false # expect: LOG001
  is_multi_region_trail      = false # expect: LOG001
}
