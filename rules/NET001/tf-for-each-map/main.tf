# Rules from a for_each map in a local: each instance is its own resource.
locals {
  services = {
    jupyter = { port = 8888, cidr = "0.0.0.0/0" }
    https   = { port = 443, cidr = "10.0.0.0/8" }
    mlflow  = { port = 5000, cidr = "0.0.0.0/0" }
  }
}

resource "aws_vpc_security_group_ingress_rule" "service" {
  for_each = local.services

  security_group_id = "sg-0123456789abcdef0"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr # expect: NET001 x2
}
