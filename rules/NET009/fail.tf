variable "use_vpc" {
  default = false
}

locals {
  base_model = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
}

resource "aws_bedrock_custom_model" "support" { # expect: NET009
  custom_model_name     = "support-assistant"
  job_name              = "support-assistant-ft-1"
  base_model_identifier = local.base_model
  role_arn              = "arn:aws:iam::111122223333:role/bedrock-customization"

  hyperparameters = {
    epochCount   = "2"
    batchSize    = "1"
    learningRate = "0.00001"
  }

  training_data_config {
    s3_uri = "s3://support-training-111122223333/train.jsonl"
  }

  output_data_config {
    s3_uri = "s3://support-training-111122223333/output/"
  }
}

# The VPC block is switched off by a variable: no VPC configuration is deployed.
resource "aws_bedrock_custom_model" "claims" { # expect: NET009
  custom_model_name     = "claims-triage"
  job_name              = "claims-triage-cpt-1"
  customization_type    = "CONTINUED_PRE_TRAINING"
  base_model_identifier = local.base_model
  role_arn              = "arn:aws:iam::111122223333:role/bedrock-customization"

  hyperparameters = {
    epochCount = "1"
    batchSize  = "1"
  }

  training_data_config {
    s3_uri = "s3://claims-training-111122223333/corpus/"
  }

  output_data_config {
    s3_uri = "s3://claims-training-111122223333/output/"
  }

  dynamic "vpc_config" {
    for_each = var.use_vpc ? [1] : []
    content {
      subnet_ids         = ["subnet-0123456789abcdef0"]
      security_group_ids = ["sg-0123456789abcdef0"]
    }
  }
}
