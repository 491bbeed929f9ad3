resource "aws_s3_bucket" "training" { # expect: ORG002
  bucket = "acme-ml-training"
  tags = {
    Team = "ml"
  }
}

resource "aws_s3_bucket" "models" { # expect: ORG002
  bucket = "acme-models"
}
