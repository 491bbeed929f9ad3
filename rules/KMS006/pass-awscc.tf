resource "awscc_kms_key" "cc_logs" {
  description         = "Logs"
  enable_key_rotation = true
}

resource "awscc_logs_log_group" "cc_training" {
  log_group_name    = "/cc/training"
  retention_in_days = 365
  kms_key_id        = awscc_kms_key.cc_logs.arn
}
