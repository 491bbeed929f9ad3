resource "awscc_ec2_vpc" "cc_training" {
  cidr_block = "10.10.0.0/16"
}

resource "awscc_ec2_flow_log" "cc_training" {
  resource_id          = awscc_ec2_vpc.cc_training.id
  resource_type        = "VPC"
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::cc-flow-logs"
}
