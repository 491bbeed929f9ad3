resource "aws_sagemaker_endpoint_configuration" "approved" {
  name = "approved"

  production_variants {
    variant_name  = "primary"
    instance_type = "ml.m5.large"
  }
}

variable "endpoint_instance_type" {
  type = string
}

# Unknown until the variable is given: nothing to say.
resource "aws_sagemaker_endpoint_configuration" "unknown" {
  name = "unknown"

  production_variants {
    variant_name  = "primary"
    instance_type = var.endpoint_instance_type
  }
}
