# awscc_ec2_security_group (AWS::EC2::SecurityGroup): inline rules are a list of
# objects; awscc_ec2_security_group_ingress (AWS::EC2::SecurityGroupIngress) is one rule.
resource "awscc_ec2_security_group" "cc_notebooks" {
  group_description = "Notebook access"
  vpc_id            = "vpc-0123456789abcdef0"
  security_group_ingress = [{
    cidr_ip     = "0.0.0.0/0" # expect: NET001
    ip_protocol = "tcp"
    from_port   = 22
    to_port     = 22
  }]
}

resource "awscc_ec2_security_group_ingress" "cc_jupyter" {
  group_id    = awscc_ec2_security_group.cc_notebooks.id
  cidr_ipv_6  = "::/0" # expect: NET001
  ip_protocol = "tcp"
  from_port   = 8888
  to_port     = 8888
}
