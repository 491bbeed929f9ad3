locals {
  sagemaker_trust = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "notebooks" {
  name               = "ml-notebooks"
  assume_role_policy = local.sagemaker_trust
}

resource "aws_iam_role" "inference" {
  name               = "ml-inference"
  assume_role_policy = local.sagemaker_trust
}

resource "aws_sagemaker_notebook_instance" "research" {
  name          = "research"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.notebooks.arn
}

resource "aws_sagemaker_domain" "studio" {
  domain_name = "studio"
  auth_mode   = "IAM"
  vpc_id      = "vpc-0123456789abcdef0"
  subnet_ids  = ["subnet-0123456789abcdef0"]
  default_user_settings {
    execution_role = aws_iam_role.notebooks.arn
  }
}

resource "aws_sagemaker_model" "fraud" {
  name               = "fraud"
  execution_role_arn = aws_iam_role.inference.arn
  primary_container {
    image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/fraud:1"
  }
}
