resource "awscc_ecr_repository" "cc_scanned" {
  repository_name      = "cc-inference"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration = {
    scan_on_push = true
  }
}
