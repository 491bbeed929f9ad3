# Suppressions whose end date has passed. What they accepted is reported again, with
# a label at the suppression, and RF003 stands at the suppression.

resource "aws_security_group" "demo" {
  name        = "demo"
  description = "Notebook demo"

  ingress {
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # ringfence:ignore[NET001] public demo for the launch event until=2001-01-01 # expect: NET001, RF003
  }
}

# ringfence:ignore[KMS001] rotation waits for the key ceremony until=2001-01-01 # expect: RF003
resource "aws_kms_key" "models" { # expect: KMS001
  description = "Model artifacts"
}

// ringfence:ignore[LOG007, KMS006] debug logs during the migration until=2001-01-01 # expect: RF003
resource "aws_cloudwatch_log_group" "debug" { # expect: KMS006
  name              = "/ml/debug"
  retention_in_days = 7 # expect: LOG007
}
