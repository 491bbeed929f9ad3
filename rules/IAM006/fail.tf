locals {
  sagemaker_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "everything" { # expect: IAM006
  name               = "ml-everything"
  assume_role_policy = local.sagemaker_trust
}

resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.everything.arn
}

resource "aws_sagemaker_model" "fraud" {
  name               = "fraud"
  execution_role_arn = "arn:aws:iam::111122223333:role/ml-everything"
  primary_container {
    image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/fraud:1"
  }
}

resource "aws_iam_role" "two_services" { # expect: IAM006
  name = "ml-two-services"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = ["sagemaker.amazonaws.com", "bedrock.amazonaws.com"] }
    }]
  })
}
