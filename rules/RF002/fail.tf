# Suppressions that accept nothing: the rule they name finds nothing where they stand.
# RF002 stands at the code in the brackets that matched no finding.

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    # NET001 is used; KMS001 never fires on a security group.
    cidr_blocks = ["0.0.0.0/0"] # ringfence:ignore[NET001, KMS001] bastion, hardware keys only until=2099-12-31 # expect: RF002
  }
}

# Rotation was turned on since: the suppression stayed behind.
# ringfence:ignore[KMS001] rotation waits for the key ceremony until=2099-12-31 # expect: RF002
resource "aws_kms_key" "models" {
  description         = "Model artifacts"
  enable_key_rotation = true
}

# A family that finds nothing on this key.
# ringfence:ignore[IAM] the key policy is reviewed by the IAM team until=2099-12-31 # expect: RF002
resource "aws_kms_key" "features" {
  description         = "Feature store"
  enable_key_rotation = true
}

# Above a nested block, a comment covers that block's first line only, not the
# resource: NET001 stands two lines below and is still reported.
resource "aws_security_group" "demo" {
  name        = "demo"
  description = "Notebook demo"

  # ringfence:ignore[NET001] public demo of the notebook until=2099-12-31 # expect: RF002
  ingress {
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: NET001
  }
}
