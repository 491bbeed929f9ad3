# Suppressions that say nothing about why the finding is accepted. Each still
# suppresses its finding; RF001 asks for the reason, in every comment form.

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # ringfence:ignore[NET001] # expect: RF001
  }
}

// ringfence:ignore[KMS001] # expect: RF001
resource "aws_kms_key" "legacy" {
  description = "Legacy key"
}

resource "aws_kms_key" "imported" {
  description         = "Imported key material"
  enable_key_rotation = false /* ringfence:ignore[KMS001] */ # expect: RF001
}

# A date is not a reason.
# ringfence:ignore[LOG007] until=2099-12-31 # expect: RF001
resource "aws_cloudwatch_log_group" "debug" {
  name              = "/ml/debug"
  retention_in_days = 7
  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# Punctuation is not a reason either.
resource "aws_ecr_repository" "scratch" {
  name                 = "scratch"
  image_tag_mutability = "MUTABLE" # ringfence:ignore[DATA009] - # expect: RF001

  image_scanning_configuration {
    scan_on_push = true
  }
}

# A placeholder is not a reason: the editor's suppress action writes one to be replaced.
resource "aws_ecr_repository" "draft" {
  name                 = "draft"
  image_tag_mutability = "MUTABLE" # ringfence:ignore[DATA009] TODO: say why this is accepted # expect: RF001

  image_scanning_configuration {
    scan_on_push = true
  }
}
