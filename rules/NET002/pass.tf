variable "region" {
  default = "us-east-1"
}

# No default: the CIDR cannot be known, so it is never reported.
variable "peer_cidr" {
  type = string
}

variable "shared_vpc_id" {
  type = string
}

resource "aws_vpc" "ml" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc_ipv4_cidr_block_association" "secondary" {
  vpc_id     = aws_vpc.ml.id
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.ml.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_security_group" "workloads" {
  name   = "ml-workloads"
  vpc_id = aws_vpc.ml.id
}

resource "aws_security_group" "endpoints" {
  name   = "ml-endpoints"
  vpc_id = aws_vpc.ml.id

  ingress {
    description = "HTTPS from the primary CIDR"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
  }

  ingress {
    description = "HTTPS from a subnet of the secondary CIDR"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.1.2.0/24"]
  }

  ingress {
    description     = "HTTPS from the workloads' security group"
    protocol        = "tcp"
    from_port       = 443
    to_port         = 443
    security_groups = [aws_security_group.workloads.id]
  }

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "peer" {
  security_group_id = aws_security_group.endpoints.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = var.peer_cidr
}

resource "aws_vpc_endpoint" "interfaces" {
  for_each            = toset(["sagemaker.api", "sagemaker.runtime", "bedrock-runtime"])
  vpc_id              = aws_vpc.ml.id
  service_name        = "com.amazonaws.${var.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.private.id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}

# A gateway endpoint has no security group.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.ml.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
}

# Notebook traffic is not endpoint traffic: another rule's business.
resource "aws_security_group_rule" "workloads_jupyter" {
  type              = "ingress"
  security_group_id = aws_security_group.workloads.id
  protocol          = "tcp"
  from_port         = 8888
  to_port           = 8888
  cidr_blocks       = ["10.0.0.0/16"]
}

# An endpoint in a VPC this configuration does not define: its CIDR is unknown.
resource "aws_security_group" "shared_endpoints" {
  name   = "shared-endpoints"
  vpc_id = var.shared_vpc_id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.50.0.0/16"]
  }
}

resource "aws_vpc_endpoint" "shared_kms" {
  vpc_id             = var.shared_vpc_id
  service_name       = "com.amazonaws.${var.region}.kms"
  vpc_endpoint_type  = "Interface"
  security_group_ids = [aws_security_group.shared_endpoints.id]
}

# Not deployed: its group is attached to nothing.
resource "aws_security_group" "legacy" {
  name   = "legacy-endpoints"
  vpc_id = aws_vpc.ml.id

  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/16"]
  }
}

resource "aws_vpc_endpoint" "legacy" {
  count              = 0
  vpc_id             = aws_vpc.ml.id
  service_name       = "com.amazonaws.${var.region}.ecr.api"
  vpc_endpoint_type  = "Interface"
  security_group_ids = [aws_security_group.legacy.id]
}
