data "aws_bedrock_foundation_model" "titan" {
  model_id = "amazon.titan-text-express-v1"
}

# One key for training data, endpoint volumes and logs: a grant meant for the log
# pipeline also decrypts the training set and the deployed model's storage.
resource "aws_kms_key" "ml_shared" { # expect: KMS008
  description         = "ML platform"
  enable_key_rotation = true
}

resource "aws_kms_alias" "ml_shared" {
  name          = "alias/ml-shared"
  target_key_id = aws_kms_key.ml_shared.key_id
}

locals {
  platform_key_arn = aws_kms_key.ml_shared.arn
}

# Tier data: the bucket holds a Bedrock custom model's training data.
resource "aws_s3_bucket" "training" {
  bucket = "claims-training-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "training" {
  bucket = aws_s3_bucket.training.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.ml_shared.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_kms_key" "models" {
  description         = "Custom model weights"
  enable_key_rotation = true
}

resource "aws_bedrock_custom_model" "claims" {
  custom_model_name       = "claims-classifier"
  job_name                = "claims-classifier-ft-1"
  base_model_identifier   = data.aws_bedrock_foundation_model.titan.model_arn
  role_arn                = "arn:aws:iam::111122223333:role/bedrock-customization"
  custom_model_kms_key_id = aws_kms_key.models.arn

  hyperparameters = {
    epochCount = "2"
    batchSize  = "1"
  }

  training_data_config {
    s3_uri = "s3://${aws_s3_bucket.training.id}/train.jsonl"
  }

  output_data_config {
    s3_uri = "s3://claims-output-111122223333/"
  }
}

# Tier artifacts: the endpoint's storage volume key, named through the alias.
resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name        = "fraud-detector-v3"
  kms_key_arn = aws_kms_alias.ml_shared.arn

  production_variant {
    variant_name           = "primary"
    model_name             = "fraud-detector-v3"
    initial_instance_count = 2
    instance_type          = "ml.m5.xlarge"
  }
}

# Tier logs: the endpoint's log group, with the key named through a local.
resource "aws_cloudwatch_log_group" "fraud" {
  name              = "/aws/sagemaker/Endpoints/fraud-detector"
  retention_in_days = 365
  kms_key_id        = local.platform_key_arn
}

# One key for two environments: prod and dev notebooks can decrypt each other's data.
variable "sandbox_environment" {
  type    = string
  default = "dev"
}

resource "aws_kms_key" "notebooks" { # expect: KMS008
  description         = "Notebook volumes"
  enable_key_rotation = true
}

resource "aws_sagemaker_notebook_instance" "prod" {
  name                   = "fraud-research-prod"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = aws_kms_key.notebooks.id

  tags = {
    Environment = "prod"
  }
}

resource "aws_sagemaker_notebook_instance" "sandbox" {
  name                   = "fraud-research-sandbox"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = aws_kms_key.notebooks.id

  tags = {
    Environment = var.sandbox_environment
  }
}
