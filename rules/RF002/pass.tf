# Every rule a suppression names finds something where the suppression stands.

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # ringfence:ignore[open-ingress] bastion, hardware keys only until=2099-12-31
  }
}

# Two codes, both used: the repository mirrors upstream images and their moving tags.
# ringfence:ignore[DATA004, DATA009] mirror of upstream base images, scanned by Inspector until=2099-12-31
resource "aws_ecr_repository" "mirror" {
  name = "mirror"
}

# A family: KMS006 is the KMS rule that fires here.
# ringfence:ignore[KMS] debug logs hold no data until=2099-12-31
resource "aws_cloudwatch_log_group" "debug" {
  name              = "/ml/debug"
  retention_in_days = 90
}
