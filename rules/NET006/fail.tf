locals {
  # Flow logs switched off for this environment: the flow log below is not deployed.
  enable_flow_logs = false
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  name              = "/vpc/ml/flow-logs"
  retention_in_days = 365
  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# No flow log at all.
resource "aws_vpc" "training" { # expect: NET006
  cidr_block = "10.0.0.0/16"
}

# Only one of its subnets is logged.
resource "aws_vpc" "inference" { # expect: NET006
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "inference_a" {
  vpc_id     = aws_vpc.inference.id
  cidr_block = "10.1.1.0/24"
}

resource "aws_flow_log" "inference_a" {
  subnet_id       = aws_subnet.inference_a.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn    = "arn:aws:iam::111122223333:role/vpc-flow-logs"
}

# Its flow log has count 0 through a local.
resource "aws_vpc" "notebooks" { # expect: NET006
  cidr_block = "10.2.0.0/16"
}

resource "aws_flow_log" "notebooks" {
  count           = local.enable_flow_logs ? 1 : 0
  vpc_id          = aws_vpc.notebooks.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow_logs.arn
  iam_role_arn    = "arn:aws:iam::111122223333:role/vpc-flow-logs"
}

# Logged: no finding.
resource "aws_vpc" "shared" {
  cidr_block = "10.3.0.0/16"
}

resource "aws_flow_log" "shared" {
  vpc_id               = aws_vpc.shared.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::vpc-flow-logs-111122223333"
}
