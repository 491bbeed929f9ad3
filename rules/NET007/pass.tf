# No default: the region cannot be known, but the service part of each endpoint's
# name can.
variable "region" {
  type = string
}

# No default: where this notebook runs cannot be known.
variable "lab_subnet_id" {
  type = string
}

resource "aws_vpc" "ml" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private_a" {
  vpc_id     = aws_vpc.ml.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_security_group" "endpoints" {
  name   = "ml-endpoints"
  vpc_id = aws_vpc.ml.id

  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = [aws_vpc.ml.cidr_block]
  }
}

resource "aws_vpc_endpoint" "interfaces" {
  for_each            = toset(["sagemaker.api", "sagemaker.runtime", "bedrock-runtime"])
  vpc_id              = aws_vpc.ml.id
  service_name        = "com.amazonaws.${var.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.private_a.id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.ml.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
}

resource "aws_sagemaker_domain" "research" {
  domain_name             = "research"
  auth_mode               = "IAM"
  vpc_id                  = aws_vpc.ml.id
  subnet_ids              = [aws_subnet.private_a.id]
  app_network_access_type = "VpcOnly"

  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/sagemaker-studio"
  }
}

resource "aws_sagemaker_model" "fraud" {
  name                     = "fraud-scoring"
  execution_role_arn       = "arn:aws:iam::111122223333:role/sagemaker-inference"
  enable_network_isolation = true

  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud-scoring:1.4.0"
    model_data_url = "s3://fraud-models-111122223333/v1/model.tar.gz"
  }

  vpc_config {
    subnets            = [aws_subnet.private_a.id]
    security_group_ids = [aws_security_group.endpoints.id]
  }
}

resource "aws_bedrock_custom_model" "support" {
  custom_model_name     = "support-assistant"
  job_name              = "support-assistant-ft-1"
  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = "arn:aws:iam::111122223333:role/bedrock-customization"

  hyperparameters = {
    epochCount = "1"
    batchSize  = "1"
  }

  training_data_config {
    s3_uri = "s3://support-training-111122223333/train.jsonl"
  }

  output_data_config {
    s3_uri = "s3://support-training-111122223333/output/"
  }

  vpc_config {
    subnet_ids         = [aws_subnet.private_a.id]
    security_group_ids = [aws_security_group.endpoints.id]
  }
}

resource "aws_sagemaker_notebook_instance" "lab" {
  name                   = "lab"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-studio"
  instance_type          = "ml.t3.medium"
  subnet_id              = var.lab_subnet_id
  security_groups        = [aws_security_group.endpoints.id]
  direct_internet_access = "Disabled"
}

# A VPC with no AI workload needs none of these endpoints.
resource "aws_vpc" "web" {
  cidr_block = "10.9.0.0/16"
}
