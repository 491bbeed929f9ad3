resource "aws_cloudwatch_log_group" "forever" {
  name       = "/aws/sagemaker/TrainingJobs"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/k"
}

resource "aws_cloudwatch_log_group" "zero_is_forever" {
  name              = "/aws/sagemaker/ProcessingJobs"
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/k"
  retention_in_days = 0
}

resource "aws_cloudwatch_log_group" "a_year" {
  name              = "/aws/sagemaker/Endpoints/fraud"
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/k"
  retention_in_days = 365
}
