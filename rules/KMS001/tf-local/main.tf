# Rotation decided in a local, from a conditional on a variable.
variable "environment" {
  default = "dev"
}

locals {
  is_prod         = var.environment == "prod"
  rotate_the_keys = local.is_prod ? true : false
}

resource "aws_kms_key" "data" {
  description         = "Training data"
  enable_key_rotation = local.rotate_the_keys # expect: KMS001
}

resource "aws_kms_key" "always" {
  description         = "Artifacts"
  enable_key_rotation = !local.is_prod || true
}
