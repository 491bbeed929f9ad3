resource "aws_ecr_repository" "immutable" {
  name                 = "inference"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}
