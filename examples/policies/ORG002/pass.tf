resource "aws_s3_bucket" "training" {
  bucket = "acme-ml-training"
  tags = {
    DataClassification = "confidential"
  }
}

# Not an AI bucket.
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

variable "name" {
  type = string
}

# Its name is known only at plan time.
resource "aws_s3_bucket" "unnamed" {
  bucket = var.name
}
