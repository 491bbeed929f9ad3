# `cidr_blocks` defaulting to the internet in the variable's type is the internet.
variable "ingress" {
  type = list(object({
    port        = number
    cidr_blocks = optional(list(string), ["0.0.0.0/0"])
  }))
  default = [{ port = 22 }]
}

resource "aws_security_group" "this" {
  name = "optional-default"
  dynamic "ingress" {
    for_each = var.ingress
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidr_blocks # expect: NET001
    }
  }
}
