resource "aws_cloudwatch_log_group" "training" { # expect: KMS006
  name              = "/aws/sagemaker/TrainingJobs"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "empty_key" {
  name              = "/aws/sagemaker/Endpoints/fraud"
  retention_in_days = 365
  kms_key_id        = "" # expect: KMS006
}
