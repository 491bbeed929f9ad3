variable "days" {
  default = 14
}

resource "aws_cloudwatch_log_group" "short" {
  name              = "/aws/sagemaker/Endpoints/fraud"
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/k"
  retention_in_days = 7 # expect: LOG007
}

resource "aws_cloudwatch_log_group" "from_variable" {
  name              = "/aws/bedrock/invocations"
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/k"
  retention_in_days = var.days # expect: LOG007
}
