resource "aws_ecr_repository" "default_tags" { # expect: DATA009
  name = "training"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "mutable" {
  name                 = "inference"
  image_tag_mutability = "MUTABLE" # expect: DATA009
  image_scanning_configuration {
    scan_on_push = true
  }
}
