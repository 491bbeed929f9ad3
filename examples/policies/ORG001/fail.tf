resource "aws_sagemaker_endpoint_configuration" "gpu" {
  name = "gpu"

  production_variants {
    variant_name  = "primary"
    instance_type = "ml.m5.large"
  }

  production_variants {
    variant_name  = "canary"
    instance_type = "ml.p4d.24xlarge" # expect: ORG001
  }
}

variable "instance_type" {
  default = "ml.g4dn.12xlarge" # the finding's secondary label points here
}

resource "aws_sagemaker_endpoint_configuration" "from_variable" {
  name = "from-variable"

  production_variants {
    variant_name  = "primary"
    instance_type = var.instance_type # expect: ORG001
  }
}
