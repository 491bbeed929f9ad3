# The open CIDR sits in a variable default: the finding stands where the rule uses
# it, with a label at the default in variables.tf.
resource "aws_security_group" "demo" {
  name = "demo"

  ingress {
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = [var.demo_cidr] # expect: NET001
  }
}
