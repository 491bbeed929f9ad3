# Suppressions that cannot be read. None of them applies: the findings they meant to
# accept are still reported.

# An unknown rule code, reported at the code.
# ringfence:ignore[KMS01] rotation waits for the key ceremony until=2099-12-31 # expect: RF004
resource "aws_kms_key" "models" { # expect: KMS001
  description = "Model artifacts"
}

# No brackets: which rules are accepted is not said.
# ringfence:ignore KMS001 imported key material until=2099-12-31 # expect: RF004
resource "aws_kms_key" "imported" { # expect: KMS001
  description = "Imported key material"
}

# The list is never closed.
# ringfence:ignore[KMS001 rotated by hand until=2099-12-31 # expect: RF004
resource "aws_kms_key" "features" { # expect: KMS001
  description = "Feature store"
}

# An empty list.
# ringfence:ignore[] debug logs hold no data until=2099-12-31 # expect: RF004
resource "aws_cloudwatch_log_group" "debug" {
  name              = "/ml/debug"
  retention_in_days = 7 # expect: LOG007
  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# A date that does not exist: the whole suppression is void, so a typo cannot
# accept a finding for ever.
resource "aws_security_group" "demo" {
  name        = "demo"
  description = "Notebook demo"

  ingress {
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # ringfence:ignore[NET001] public demo for the launch event until=2026-02-30 # expect: NET001, RF004
  }
}
