variable "private_subnet" {}
variable "access" {}

resource "aws_sagemaker_notebook_instance" "private" {
  name                   = "private"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type          = "ml.t3.medium"
  subnet_id              = var.private_subnet
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
}

resource "aws_sagemaker_notebook_instance" "unknown_access" {
  name                   = "unknown-access"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = var.access
}

resource "aws_sagemaker_notebook_instance" "not_deployed" {
  count         = 0
  name          = "not-deployed"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
}
