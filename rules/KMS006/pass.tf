variable "key" {}

resource "aws_kms_key" "logs" {
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "training" {
  name              = "/aws/sagemaker/TrainingJobs"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "unknown" {
  name              = "/aws/bedrock/invocations"
  retention_in_days = 365
  kms_key_id        = var.key
}
