data "aws_bedrock_foundation_model" "titan" {
  model_id = "amazon.titan-text-express-v1"
}

# One key per tier.
resource "aws_kms_key" "training_data" {
  description         = "Training data"
  enable_key_rotation = true
}

resource "aws_kms_key" "artifacts" {
  description         = "Model weights and endpoint volumes"
  enable_key_rotation = true
}

resource "aws_kms_key" "logs" {
  description         = "Logs"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "training" {
  bucket = "claims-training-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "training" {
  bucket = aws_s3_bucket.training.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.training_data.arn
    }
  }
}

# The custom model's own key is an artifacts use, like the endpoint volume below.
resource "aws_bedrock_custom_model" "claims" {
  custom_model_name       = "claims-classifier"
  job_name                = "claims-classifier-ft-1"
  base_model_identifier   = data.aws_bedrock_foundation_model.titan.model_arn
  role_arn                = "arn:aws:iam::111122223333:role/bedrock-customization"
  custom_model_kms_key_id = aws_kms_key.artifacts.arn

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

resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name        = "fraud-detector-v3"
  kms_key_arn = aws_kms_key.artifacts.arn

  production_variant {
    variant_name           = "primary"
    model_name             = "fraud-detector-v3"
    initial_instance_count = 2
    instance_type          = "ml.m5.xlarge"
  }

  # Captured requests and responses are logs: they get the logs key.
  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://fraud-capture-111122223333/capture"
    kms_key_id                  = aws_kms_key.logs.arn

    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }
  }
}

# Several users of one tier share a key.
resource "aws_cloudwatch_log_group" "fraud" {
  name              = "/aws/sagemaker/Endpoints/fraud-detector"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_cloudwatch_log_group" "training" {
  name              = "/aws/sagemaker/TrainingJobs"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.logs.arn
}

# One key per environment; the same environment spelled with different case is one
# environment, and a tag only known at plan time (no default) is never counted.
variable "research_environment" {
  type = string
}

resource "aws_kms_key" "notebooks_prod" {
  description         = "Production notebook volumes"
  enable_key_rotation = true
}

resource "aws_kms_key" "notebooks_dev" {
  description         = "Development notebook volumes"
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
  kms_key_id             = aws_kms_key.notebooks_prod.id

  tags = {
    Environment = "prod"
  }
}

resource "aws_sagemaker_notebook_instance" "prod_reporting" {
  name                   = "fraud-reporting-prod"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = aws_kms_key.notebooks_prod.id

  tags = {
    Environment = "Prod"
  }
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "fraud-research"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = aws_kms_key.notebooks_dev.id

  tags = {
    Environment = var.research_environment
  }
}

resource "aws_sagemaker_notebook_instance" "sandbox" {
  name                   = "fraud-sandbox"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = aws_kms_key.notebooks_dev.id

  tags = {
    Environment = "dev"
  }
}
