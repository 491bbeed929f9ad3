# The notebook's role decrypts its own volume key, and the keys of the buckets its
# policy lets it read (by reference, by a written ARN, by a pattern): all needed.
resource "aws_kms_key" "notebook" {
  description         = "Research notebook volumes"
  enable_key_rotation = true
}

resource "aws_kms_key" "training" {
  description         = "Training data"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "training" {
  bucket = "research-training-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "training" {
  bucket = aws_s3_bucket.training.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.training.arn
    }
  }
}

resource "aws_kms_key" "reference" {
  description         = "Reference data"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "reference" {
  bucket = "research-reference-data"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reference" {
  bucket = aws_s3_bucket.reference.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.reference.arn
    }
  }
}

resource "aws_kms_key" "features" {
  description         = "Feature store exports"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "features" {
  bucket = "research-features-2026"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "features" {
  bucket = aws_s3_bucket.features.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.features.arn
    }
  }
}

resource "aws_iam_role" "notebook" {
  name = "research-notebook"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "notebook" {
  role = aws_iam_role.notebook.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${aws_s3_bucket.training.arn}/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["arn:aws:s3:::research-reference-data/*", "arn:aws:s3:::research-features-*/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [aws_kms_key.notebook.arn, aws_kms_key.training.arn, aws_kms_key.reference.arn, aws_kms_key.features.arn]
      },
    ]
  })
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = aws_iam_role.notebook.arn
  instance_type          = "ml.t3.medium"
  kms_key_id             = aws_kms_key.notebook.arn
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
