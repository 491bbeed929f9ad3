# awscc_logs_log_group (AWS::Logs::LogGroup) without a customer managed key.
resource "awscc_logs_log_group" "cc_training" { # expect: KMS006
  log_group_name    = "/cc/training"
  retention_in_days = 365
}
