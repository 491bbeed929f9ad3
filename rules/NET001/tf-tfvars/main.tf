# The default is private; terraform.tfvars opens it to the world.
variable "admin_cidr" {
  type    = string
  default = "10.0.0.0/8"
}

variable "ssh_port" {
  type    = number
  default = 2222
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  from_port         = var.ssh_port
  to_port           = var.ssh_port
  protocol          = "tcp"
  cidr_blocks       = [var.admin_cidr] # expect: NET001
}
