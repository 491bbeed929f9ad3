# NET001 open-ingress: nothing here may fire.

variable "office_cidr" {
  description = "Office network allowed to reach the notebooks (no default: unknown to a static scan)"
  type        = string
}

resource "aws_vpc" "ml" {
  cidr_block                       = "10.20.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_security_group" "load_balancer" {
  name   = "ml-inference-alb"
  vpc_id = aws_vpc.ml.id

  ingress {
    description = "HTTPS from the corporate range"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["203.0.113.0/24"]
  }
}

resource "aws_security_group" "notebook" {
  name   = "ml-notebook"
  vpc_id = aws_vpc.ml.id

  # Sources inside the VPC, another security group, a prefix list.
  ingress {
    description      = "Jupyter from the VPC"
    from_port        = 8888
    to_port          = 8888
    protocol         = "tcp"
    cidr_blocks      = [aws_vpc.ml.cidr_block]
    ipv6_cidr_blocks = [aws_vpc.ml.ipv6_cidr_block]
  }

  ingress {
    description     = "Inference from the load balancer"
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.load_balancer.id]
  }

  ingress {
    description     = "SSH from the admin prefix list"
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    prefix_list_ids = ["pl-0123456789abcdef0"]
  }

  # A source that cannot be known statically never fires.
  ingress {
    description = "TensorBoard from the office"
    from_port   = 6006
    to_port     = 6006
    protocol    = "tcp"
    cidr_blocks = [var.office_cidr]
  }

  # Egress to the internet is never NET001's concern.
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_security_group" "inference" {
  name   = "ml-inference"
  vpc_id = aws_vpc.ml.id

  ingress = [
    {
      description      = "model server from the VPC"
      from_port        = 8501
      to_port          = 8501
      protocol         = "tcp"
      cidr_blocks      = ["10.20.0.0/16"]
      ipv6_cidr_blocks = []
      prefix_list_ids  = []
      security_groups  = []
      self             = false
    },
  ]

  egress = [
    {
      description      = "everything out"
      from_port        = 0
      to_port          = 0
      protocol         = "-1"
      cidr_blocks      = ["0.0.0.0/0"]
      ipv6_cidr_blocks = ["::/0"]
      prefix_list_ids  = []
      security_groups  = []
      self             = false
    },
  ]
}

resource "aws_security_group_rule" "ray_dashboard" {
  type              = "ingress"
  security_group_id = aws_security_group.notebook.id
  from_port         = 8265
  to_port           = 8265
  protocol          = "tcp"
  cidr_blocks       = ["10.20.0.0/16"]
}

resource "aws_security_group_rule" "self_ingress" {
  type              = "ingress"
  security_group_id = aws_security_group.notebook.id
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  self              = true
}

resource "aws_security_group_rule" "egress_https" {
  type              = "egress"
  security_group_id = aws_security_group.notebook.id
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  ipv6_cidr_blocks  = ["::/0"]
}

resource "aws_vpc_security_group_ingress_rule" "api_from_vpc" {
  security_group_id = aws_security_group.inference.id
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
  cidr_ipv4         = aws_vpc.ml.cidr_block
}

resource "aws_vpc_security_group_ingress_rule" "api_from_alb" {
  security_group_id            = aws_security_group.inference.id
  from_port                    = 8080
  to_port                      = 8080
  ip_protocol                  = "tcp"
  referenced_security_group_id = aws_security_group.load_balancer.id
}

resource "aws_vpc_security_group_egress_rule" "all_ipv6" {
  security_group_id = aws_security_group.inference.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0"
}
