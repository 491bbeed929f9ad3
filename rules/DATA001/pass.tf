variable "acl" {
  description = "Canned ACL, given at plan time"
}

data "aws_caller_identity" "current" {}

# Private bucket: every public access block setting on, ownership enforced.
resource "aws_s3_bucket" "models" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_ownership_controls" "models" {
  bucket = aws_s3_bucket.models.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "models" {
  bucket                  = aws_s3_bucket.models.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Policy with a "*" principal pinned to the VPC endpoint, and a Deny for "*".
resource "aws_s3_bucket_policy" "models" {
  bucket = aws_s3_bucket.models.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ReadThroughEndpointOnly"
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.models.arn}/*"
        Condition = {
          StringEquals = { "aws:SourceVpce" = "vpce-0a1b2c3d4e5f67890" }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.models.arn, "${aws_s3_bucket.models.arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  })
}

# Private canned ACLs; an ACL that cannot be known.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-access-logs"
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket" "datasets" {
  bucket = "acme-training-datasets"
}

resource "aws_s3_bucket_acl" "datasets" {
  bucket = aws_s3_bucket.datasets.id
  acl    = "private"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-uploads"
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  acl    = var.acl
}

# Policy document granting the account and an org-pinned "*".
data "aws_iam_policy_document" "datasets" {
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.datasets.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.datasets.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-a1b2c3d4e5"]
    }
  }
}

resource "aws_s3_bucket_policy" "datasets" {
  bucket = aws_s3_bucket.datasets.id
  policy = data.aws_iam_policy_document.datasets.json
}

# A public bucket that is not deployed.
resource "aws_s3_bucket" "legacy_site" {
  count  = 0
  bucket = "acme-legacy-site"
  acl    = "public-read"
}
