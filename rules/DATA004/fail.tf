resource "aws_ecr_repository" "unscanned" { # expect: DATA004
  name                 = "training"
  image_tag_mutability = "IMMUTABLE"
}

variable "scan" {
  default = false
}

resource "aws_ecr_repository" "scan_off" {
  name                 = "inference"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = var.scan # expect: DATA004
  }
}
