# No default: the VPC this flow log watches cannot be known, so it may be any VPC
# of this configuration and none is reported.
variable "logged_vpc_id" {
  type = string
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/vpc/ml/flow-logs"
  retention_in_days = 365
  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_vpc" "training" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "training" {
  vpc_id          = aws_vpc.training.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn    = "arn:aws:iam::111122223333:role/vpc-flow-logs"
}

resource "aws_vpc" "inference" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_flow_log" "unknown_target" {
  vpc_id               = var.logged_vpc_id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::vpc-flow-logs-111122223333"
}

# Not deployed, not checked.
resource "aws_vpc" "sandbox" {
  count      = 0
  cidr_block = "10.9.0.0/16"
}
