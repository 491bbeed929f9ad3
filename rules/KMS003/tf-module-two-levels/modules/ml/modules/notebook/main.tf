variable "name" {}

variable "kms_key" {
  default = null
}

resource "aws_sagemaker_notebook_instance" "this" { # expect: KMS003
  name          = var.name
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
  kms_key_id    = var.kms_key
}
