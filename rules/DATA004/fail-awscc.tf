# awscc_ecr_repository (AWS::ECR::Repository): scanning is an attribute object.
resource "awscc_ecr_repository" "cc_unscanned" { # expect: DATA004
  repository_name      = "cc-inference"
  image_tag_mutability = "IMMUTABLE"
}

resource "awscc_ecr_repository" "cc_scan_off" {
  repository_name      = "cc-training"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration = {
    scan_on_push = false # expect: DATA004
  }
}
