# Nothing fires: unknown values are never judged, and count = 0 is not deployed.
variable "allowed_cidr" {
  type = string
}

variable "enable_debug_access" {
  default = false
}

data "aws_vpc" "main" {
  default = true
}

resource "aws_security_group" "unknown" {
  name = "unknown"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.allowed_cidr, data.aws_vpc.main.cidr_block]
  }
}

resource "aws_security_group_rule" "debug" {
  count             = var.enable_debug_access ? 1 : 0
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = 8888
  to_port           = 8888
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

module "not_installed" {
  source = "terraform-aws-modules/security-group/aws"
}
