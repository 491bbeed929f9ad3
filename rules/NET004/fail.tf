resource "aws_sagemaker_notebook_instance" "no_subnet" { # expect: NET004
  name          = "no-subnet"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "default_access" { # expect: NET004
  name            = "default-access"
  role_arn        = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type   = "ml.t3.medium"
  subnet_id       = "subnet-0123456789abcdef0"
  security_groups = ["sg-0123456789abcdef0"]
}

variable "access" {
  default = "Enabled"
}

resource "aws_sagemaker_notebook_instance" "enabled" {
  name                   = "enabled"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = var.access # expect: NET004
}

resource "aws_sagemaker_notebook_instance" "no_subnet_enabled" {
  name                   = "no-subnet-enabled"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Enabled" # expect: NET004
}
