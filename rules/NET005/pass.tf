variable "private_subnet_ids" {
  type = list(string)
}

# No default: the value cannot be known, so it is never reported.
variable "isolate_containers" {
  type = bool
}

resource "aws_security_group" "inference" {
  name   = "fraud-inference"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_sagemaker_model" "isolated" {
  name                     = "fraud-scoring"
  execution_role_arn       = "arn:aws:iam::111122223333:role/sagemaker-inference"
  enable_network_isolation = true

  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-scoring:1.4.0"
    model_data_url = "s3://fraud-models-111122223333/v1/model.tar.gz"
  }

  vpc_config {
    subnets            = var.private_subnet_ids
    security_group_ids = [aws_security_group.inference.id]
  }
}

resource "aws_sagemaker_model" "unknown_isolation" {
  name                     = "fraud-scoring-canary"
  execution_role_arn       = "arn:aws:iam::111122223333:role/sagemaker-inference"
  enable_network_isolation = var.isolate_containers

  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-scoring:1.5.0"
    model_data_url = "s3://fraud-models-111122223333/v2/model.tar.gz"
  }

  vpc_config {
    subnets            = var.private_subnet_ids
    security_group_ids = [aws_security_group.inference.id]
  }
}

# Not deployed, not checked.
resource "aws_sagemaker_model" "retired" {
  count              = 0
  name               = "fraud-scoring-retired"
  execution_role_arn = "arn:aws:iam::111122223333:role/sagemaker-inference"

  primary_container {
    image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-scoring:0.9.0"
  }
}
