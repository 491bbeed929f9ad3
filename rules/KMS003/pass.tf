# KMS003 pass cases: a customer managed key by reference or ARN, or a key that
# cannot be known before apply.

resource "aws_kms_key" "sagemaker" {
  description         = "Encrypts SageMaker Studio and notebook storage"
  enable_key_rotation = true
}

# Key by reference.
resource "aws_sagemaker_domain" "studio" {
  domain_name             = "ml-studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  app_network_access_type = "VpcOnly"
  kms_key_id              = aws_kms_key.sagemaker.arn

  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/sagemaker-studio-execution"
  }
}

# Key by literal ARN.
resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "llm-research"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook-execution"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

# Key by reference on an endpoint configuration.
resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name        = "fraud-detector-v3"
  kms_key_arn = aws_kms_key.sagemaker.arn

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector-v3"
    initial_instance_count = 2
    instance_type          = "ml.m5.xlarge"
  }
}

# Key from a variable with no default: unknown, present, never reported.
variable "inference_key_arn" {
  type        = string
  description = "ARN of the customer managed key for inference volumes"
}

resource "aws_sagemaker_endpoint_configuration" "recommender" {
  name        = "recommender-v7"
  kms_key_arn = var.inference_key_arn

  production_variants {
    variant_name           = "primary"
    model_name             = "recommender-v7"
    initial_instance_count = 1
    instance_type          = "ml.c5.xlarge"
  }
}

variable "notebook_key_arn" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "labeling" {
  name                   = "data-labeling"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook-execution"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  kms_key_id             = var.notebook_key_arn
}
