variable "region" {
  default = "us-east-1"
}

variable "office_cidr" {
  default = "203.0.113.0/24"
}

resource "aws_vpc" "ml" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.ml.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_security_group" "endpoints" {
  name   = "ml-endpoints"
  vpc_id = aws_vpc.ml.id

  ingress {
    description = "HTTPS from the VPC"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.ml.cidr_block]
  }

  ingress {
    description = "every TCP port from the VPC"
    protocol    = "tcp"
    from_port   = 0 # expect: NET002
    to_port     = 65535
    cidr_blocks = ["10.0.0.0/16"]
  }

  ingress {
    description      = "HTTPS from any IPv6 address"
    protocol         = "tcp"
    from_port        = 443
    to_port          = 443
    ipv6_cidr_blocks = ["::/0"] # expect: NET002
  }
}

resource "aws_vpc_endpoint" "sagemaker_runtime" {
  vpc_id              = aws_vpc.ml.id
  service_name        = "com.amazonaws.${var.region}.sagemaker.runtime"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.private.id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}

# HTTPS from the office network, outside the VPC: the finding stands where the
# variable is used.
resource "aws_vpc_security_group_ingress_rule" "office" {
  security_group_id = aws_security_group.endpoints.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.office_cidr # expect: NET002
}

resource "aws_security_group_rule" "debug" {
  type              = "ingress"
  security_group_id = aws_security_group.endpoints.id
  protocol          = "tcp"
  from_port         = 22 # expect: NET002
  to_port           = 22
  cidr_blocks       = ["10.0.0.0/16"]
}

resource "aws_security_group_rule" "partner" {
  type              = "ingress"
  security_group_id = aws_security_group.endpoints.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = ["10.0.0.0/16", "172.16.0.0/12"] # expect: NET002
}
