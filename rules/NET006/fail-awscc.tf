# awscc_ec2_vpc (AWS::EC2::VPC) without an awscc_ec2_flow_log on it.
resource "awscc_ec2_vpc" "cc_training" { # expect: NET006
  cidr_block = "10.10.0.0/16"
}

# A flow log of one subnet only.
resource "awscc_ec2_vpc" "cc_inference" { # expect: NET006
  cidr_block = "10.11.0.0/16"
}

resource "awscc_ec2_subnet" "cc_inference_a" {
  vpc_id     = awscc_ec2_vpc.cc_inference.id
  cidr_block = "10.11.1.0/24"
}

resource "awscc_ec2_flow_log" "cc_inference_a" {
  resource_id          = awscc_ec2_subnet.cc_inference_a.id
  resource_type        = "Subnet"
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::cc-flow-logs"
}
