variable "site_acl" {
  default = "public-read-write"
}

locals {
  reader = "*"
}

# A canned ACL written inline on the bucket (the pre-v4 provider style).
resource "aws_s3_bucket" "demo_site" {
  bucket = "acme-genai-demo-site"
  acl    = "public-read" # expect: DATA001
}

# A canned ACL in a separate aws_s3_bucket_acl, through a variable.
resource "aws_s3_bucket" "datasets" {
  bucket = "acme-training-datasets"
}

resource "aws_s3_bucket_ownership_controls" "datasets" {
  bucket = aws_s3_bucket.datasets.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}

resource "aws_s3_bucket_acl" "datasets" {
  bucket = aws_s3_bucket.datasets.id
  acl    = var.site_acl # expect: DATA001
}

# A grant to every AWS account.
resource "aws_s3_bucket" "eval_reports" {
  bucket = "acme-eval-reports"
}

data "aws_canonical_user_id" "current" {}

resource "aws_s3_bucket_acl" "eval_reports" {
  bucket = aws_s3_bucket.eval_reports.id
  access_control_policy {
    owner {
      id = data.aws_canonical_user_id.current.id
    }
    grant {
      permission = "READ"
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" # expect: DATA001
      }
    }
  }
}

# A bucket policy letting anyone read the model artifacts.
resource "aws_s3_bucket" "models" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_policy" "models" {
  bucket = aws_s3_bucket.models.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = local.reader # expect: DATA001
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.models.arn}/*"
    }]
  })
}

# The same through a policy document data source: {"AWS": "*"}.
resource "aws_s3_bucket" "prompts" {
  bucket = "acme-prompt-library"
}

data "aws_iam_policy_document" "prompts" {
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.prompts.arn, "${aws_s3_bucket.prompts.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"] # expect: DATA001
    }
  }
}

resource "aws_s3_bucket_policy" "prompts" {
  bucket = aws_s3_bucket.prompts.id
  policy = data.aws_iam_policy_document.prompts.json
}

# Public access blocks that leave protections off.
resource "aws_s3_bucket" "features" {
  bucket = "acme-feature-exports"
}

resource "aws_s3_bucket_public_access_block" "features" {
  bucket                  = aws_s3_bucket.features.id
  block_public_acls       = true
  block_public_policy     = false # expect: DATA001
  ignore_public_acls      = true
  restrict_public_buckets = false # expect: DATA001
}

resource "aws_s3_bucket" "scratch" {
  bucket = "acme-notebook-scratch"
}

resource "aws_s3_bucket_public_access_block" "scratch" { # expect: DATA001
  bucket            = aws_s3_bucket.scratch.id
  block_public_acls = true
}
