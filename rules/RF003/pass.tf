# Suppressions whose end date is still ahead: their findings stay accepted.

resource "aws_security_group" "demo" {
  name        = "demo"
  description = "Notebook demo"

  ingress {
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # ringfence:ignore[NET001] public demo for the launch event until=2099-12-31
  }
}

# ringfence:ignore[KMS001] rotation waits for the key ceremony until=2099-12-31
resource "aws_kms_key" "models" {
  description = "Model artifacts"
}

# No date: accepted for as long as the comment stays (RF003 never fires).
# ringfence:ignore[LOG007] debug logs of the training jobs, worthless after a week
resource "aws_cloudwatch_log_group" "debug" {
  name              = "/ml/debug"
  retention_in_days = 7
  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
