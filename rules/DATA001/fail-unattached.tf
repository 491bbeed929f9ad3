# A public access block or bucket policy whose bucket is a variable is judged on its
# own settings: all protections off is public wherever it points.
variable "bucket" {
  type = string
}

resource "aws_s3_bucket_public_access_block" "elsewhere" {
  bucket                  = var.bucket
  block_public_acls       = false # expect: DATA001
  block_public_policy     = false # expect: DATA001
  ignore_public_acls      = false # expect: DATA001
  restrict_public_buckets = false # expect: DATA001
}

resource "aws_s3_bucket_policy" "elsewhere" {
  bucket = var.bucket
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*" # expect: DATA001
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::${var.bucket}/*"
    }]
  })
}
