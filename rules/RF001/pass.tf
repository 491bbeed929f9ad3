# Suppressions that say why the finding is accepted and until when, in every comment
# form. Each finding below would be reported without its suppression.

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # ringfence:ignore[NET001] break-glass bastion, keys in the HSM until=2099-12-31
  }
}

// ringfence:ignore[KMS001] rotated by the key ceremony every year until=2099-12-31
resource "aws_kms_key" "legacy" {
  description = "Legacy key"
}

resource "aws_kms_key" "imported" {
  description         = "Imported key material"
  enable_key_rotation = false /* ringfence:ignore[KMS001] imported key material cannot rotate automatically until=2099-12-31 */
}

# ringfence:ignore[LOG007]: debug logs of the training jobs, worthless after a week until=2099-12-31
resource "aws_cloudwatch_log_group" "debug" {
  name              = "/ml/debug"
  retention_in_days = 7
  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
