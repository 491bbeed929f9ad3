# NET001 open-ingress: ingress rules that admit 0.0.0.0/0 or ::/0.

resource "aws_vpc" "ml" {
  cidr_block = "10.20.0.0/16"
}

# Inline ingress blocks. Egress to the internet never fires.
resource "aws_security_group" "notebook" {
  name   = "ml-notebook"
  vpc_id = aws_vpc.ml.id

  ingress {
    description = "Jupyter"
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET001
  }

  # Both families open: one finding at the first CIDR, the IPv6 one is a secondary label.
  ingress {
    description      = "HTTPS"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"] # expect: NET001
    ipv6_cidr_blocks = ["::/0"]
  }

  # Only reachable from inside the VPC: fine.
  ingress {
    description = "TensorBoard from the VPC"
    from_port   = 6006
    to_port     = 6006
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.ml.cidr_block]
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

# Ingress written as an attribute (attributes-as-blocks), every port.
resource "aws_security_group" "inference" {
  name   = "ml-inference"
  vpc_id = aws_vpc.ml.id

  ingress = [
    {
      description      = "everything"
      from_port        = 0
      to_port          = 0
      protocol         = "-1"
      cidr_blocks      = ["0.0.0.0/0"] # expect: NET001
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      security_groups  = []
      self             = false
    },
  ]
}

# Separate rule resources.
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.notebook.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks = [
    "10.20.0.0/16",
    "0.0.0.0/0", # expect: NET001
  ]
}

resource "aws_security_group_rule" "mlflow_ipv6" {
  type              = "ingress"
  security_group_id = aws_security_group.notebook.id
  from_port         = 5000
  to_port           = 5000
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"] # expect: NET001
}

resource "aws_security_group_rule" "egress_all" {
  type              = "egress"
  security_group_id = aws_security_group.notebook.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "api_ipv4" {
  security_group_id = aws_security_group.inference.id
  from_port         = 8000
  to_port           = 8100
  ip_protocol       = "tcp"
  cidr_ipv4         = "0.0.0.0/0" # expect: NET001
}

resource "aws_vpc_security_group_ingress_rule" "all_ipv6" {
  security_group_id = aws_security_group.inference.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0" # expect: NET001
}

resource "aws_vpc_security_group_egress_rule" "all_ipv4" {
  security_group_id = aws_security_group.inference.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}
