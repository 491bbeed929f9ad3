resource "aws_sagemaker_notebook_instance" "default_root" { # expect: DATA005
  name          = "default-root"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
}

locals {
  root = "Enabled"
}

resource "aws_sagemaker_notebook_instance" "root" {
  name          = "root"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
  root_access   = local.root # expect: DATA005
}
