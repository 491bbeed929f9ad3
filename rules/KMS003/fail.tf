# KMS003 fail cases: SageMaker domains, notebook instances and endpoint
# configurations without a customer managed key.

# Studio domain without kms_key_id: its EFS home directories use an AWS managed key.
resource "aws_sagemaker_domain" "studio" { # expect: KMS003
  domain_name             = "ml-studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0123456789abcdef0"
  subnet_ids              = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  app_network_access_type = "VpcOnly"

  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/sagemaker-studio-execution"
  }
}

# Notebook instance without kms_key_id.
resource "aws_sagemaker_notebook_instance" "research" { # expect: KMS003
  name                   = "llm-research"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook-execution"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}

# Notebook instance with an empty key: the finding is on the value.
resource "aws_sagemaker_notebook_instance" "labeling" {
  name                   = "data-labeling"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook-execution"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  kms_key_id             = "" # expect: KMS003
}

# Endpoint configuration without kms_key_arn: the endpoint's storage volumes
# are not under a customer managed key.
resource "aws_sagemaker_endpoint_configuration" "fraud" { # expect: KMS003
  name = "fraud-detector-v3"

  production_variants {
    variant_name           = "primary"
    model_name             = "fraud-detector-v3"
    initial_instance_count = 2
    instance_type          = "ml.m5.xlarge"
  }
}
