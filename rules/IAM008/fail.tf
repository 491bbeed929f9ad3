resource "aws_iam_role" "anyone" {
  name = "ml-anyone"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = "*" # expect: IAM008
    }]
  })
}

resource "aws_iam_role" "any_aws" {
  name = "ml-any-aws"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = ["arn:aws:iam::111122223333:role/ci", "*"] } # expect: IAM008
      Condition = { StringEquals = { "sts:ExternalId" = "not-enough-for-star" } }
    }]
  })
}

data "aws_iam_policy_document" "partner_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::210987654321:root"] # expect: IAM008
    }
  }
}

resource "aws_iam_role" "partner" {
  name               = "ml-partner"
  assume_role_policy = data.aws_iam_policy_document.partner_trust.json
}
