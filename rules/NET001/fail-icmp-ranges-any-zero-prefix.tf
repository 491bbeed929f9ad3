# ICMP has no ports (high), a range including an admin port (critical), and /0
# written in any form is the whole internet.
resource "aws_security_group" "a" {
  ingress {
    protocol    = "icmp"
    from_port   = -1
    to_port     = -1
    cidr_blocks = ["0.0.0.0/0"] # expect: NET001
  }
  ingress {
    protocol         = "tcp"
    from_port        = 8000
    to_port          = 8100
    ipv6_cidr_blocks = ["::0/0"] # expect: NET001
  }
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/0", "0.0.0.0/0"] # expect: NET001
  }
}
