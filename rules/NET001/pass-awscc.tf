resource "awscc_ec2_security_group" "cc_notebooks" {
  group_description = "Notebook access"
  vpc_id            = "vpc-0123456789abcdef0"
  security_group_ingress = [{
    cidr_ip     = "10.0.0.0/16"
    ip_protocol = "tcp"
    from_port   = 22
    to_port     = 22
  }]
}
