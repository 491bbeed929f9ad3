variable "scan" {}

resource "aws_ecr_repository" "scanned" {
  name                 = "inference"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "unknown" {
  name                 = "training"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = var.scan
  }
}
