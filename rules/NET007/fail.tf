variable "region" {
  default = "us-east-1"
}

locals {
  notebook_subnet_id = aws_subnet.studio_a.id
}

# Studio and notebooks: interface endpoints for the SageMaker API and runtime, but
# none for S3.
resource "aws_vpc" "studio" { # expect: NET007
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "studio_a" {
  vpc_id     = aws_vpc.studio.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_sagemaker_domain" "research" {
  domain_name             = "research"
  auth_mode               = "IAM"
  vpc_id                  = aws_vpc.studio.id
  subnet_ids              = [aws_subnet.studio_a.id]
  app_network_access_type = "VpcOnly"

  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/sagemaker-studio"
  }
}

resource "aws_sagemaker_notebook_instance" "scratch" {
  name                   = "scratch"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-studio"
  instance_type          = "ml.t3.medium"
  subnet_id              = local.notebook_subnet_id
  security_groups        = [aws_security_group.endpoints.id]
  direct_internet_access = "Disabled"
}

resource "aws_security_group" "endpoints" {
  name   = "studio-endpoints"
  vpc_id = aws_vpc.studio.id
}

resource "aws_vpc_endpoint" "studio" {
  for_each            = toset(["sagemaker.api", "sagemaker.runtime"])
  vpc_id              = aws_vpc.studio.id
  service_name        = "com.amazonaws.${var.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.studio_a.id]
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true
}

# Inference: only an S3 gateway endpoint.
resource "aws_vpc" "inference" { # expect: NET007
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "inference_a" {
  vpc_id     = aws_vpc.inference.id
  cidr_block = "10.1.1.0/24"
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
    subnets            = [aws_subnet.inference_a.id]
    security_group_ids = ["sg-0123456789abcdef0"]
  }
}

resource "aws_vpc_endpoint" "inference_s3" {
  vpc_id            = aws_vpc.inference.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
}

# Bedrock fine-tuning: the job reads its training data from S3 through this VPC, yet
# only a Bedrock runtime endpoint exists.
resource "aws_vpc" "customization" { # expect: NET007
  cidr_block = "10.2.0.0/16"
}

resource "aws_subnet" "customization_a" {
  vpc_id     = aws_vpc.customization.id
  cidr_block = "10.2.1.0/24"
}

resource "aws_vpc_endpoint" "customization_bedrock" {
  vpc_id             = aws_vpc.customization.id
  service_name       = "com.amazonaws.${var.region}.bedrock-runtime"
  vpc_endpoint_type  = "Interface"
  subnet_ids         = [aws_subnet.customization_a.id]
  security_group_ids = ["sg-0fedcba9876543210"]
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
    subnet_ids         = [aws_subnet.customization_a.id]
    security_group_ids = ["sg-0fedcba9876543210"]
  }
}
