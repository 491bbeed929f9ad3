variable "isolate_containers" {
  default = false
}

locals {
  image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-scoring:1.4.0"
}

resource "aws_sagemaker_model" "no_vpc_no_isolation" { # expect: NET005
  name               = "fraud-scoring-v1"
  execution_role_arn = "arn:aws:iam::111122223333:role/sagemaker-inference"

  primary_container {
    image          = local.image
    model_data_url = "s3://fraud-models-111122223333/v1/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "isolation_off" {
  name                     = "fraud-scoring-v2"
  execution_role_arn       = "arn:aws:iam::111122223333:role/sagemaker-inference"
  enable_network_isolation = false # expect: NET005

  primary_container {
    image          = local.image
    model_data_url = "s3://fraud-models-111122223333/v2/model.tar.gz"
  }

  vpc_config {
    subnets            = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_sagemaker_model" "isolation_from_variable" {
  name                     = "fraud-scoring-v3"
  execution_role_arn       = "arn:aws:iam::111122223333:role/sagemaker-inference"
  enable_network_isolation = var.isolate_containers # expect: NET005

  primary_container {
    image          = local.image
    model_data_url = "s3://fraud-models-111122223333/v3/model.tar.gz"
  }

  vpc_config {
    subnets            = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_sagemaker_model" "isolated_but_no_vpc" { # expect: NET005
  name                     = "fraud-scoring-v4"
  execution_role_arn       = "arn:aws:iam::111122223333:role/sagemaker-inference"
  enable_network_isolation = true

  primary_container {
    image          = local.image
    model_data_url = "s3://fraud-models-111122223333/v4/model.tar.gz"
  }
}
