# An interface endpoint of an AWS service (awscc_ec2_vpc_endpoint, AWS::EC2::VPCEndpoint)
# whose security group admits the whole internet.
resource "awscc_ec2_vpc" "cc_ml" {
  cidr_block = "10.20.0.0/16"
}

resource "awscc_ec2_security_group" "cc_endpoints" {
  group_description = "Bedrock runtime endpoint"
  vpc_id            = awscc_ec2_vpc.cc_ml.id
  security_group_ingress = [{
    cidr_ip     = "0.0.0.0/0" # expect: NET002
    ip_protocol = "tcp"
    from_port   = 443
    to_port     = 443
  }]
}

resource "awscc_ec2_vpc_endpoint" "cc_bedrock_runtime" {
  vpc_id             = awscc_ec2_vpc.cc_ml.id
  service_name       = "com.amazonaws.us-east-1.bedrock-runtime"
  vpc_endpoint_type  = "Interface"
  security_group_ids = [awscc_ec2_security_group.cc_endpoints.id]
}
