# No defaults: the subnets and groups cannot be known, but the VPC configuration is
# there.
variable "private_subnet_ids" {
  type = list(string)
}

variable "customization_security_group_id" {
  type = string
}

resource "aws_bedrock_custom_model" "support" {
  custom_model_name       = "support-assistant"
  job_name                = "support-assistant-ft-1"
  base_model_identifier   = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn                = "arn:aws:iam::111122223333:role/bedrock-customization"
  custom_model_kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  hyperparameters = {
    epochCount = "2"
    batchSize  = "1"
  }

  training_data_config {
    s3_uri = "s3://support-training-111122223333/train.jsonl"
  }

  output_data_config {
    s3_uri = "s3://support-training-111122223333/output/"
  }

  vpc_config {
    subnet_ids         = var.private_subnet_ids
    security_group_ids = [var.customization_security_group_id]
  }
}

# Not deployed, not checked.
resource "aws_bedrock_custom_model" "experiment" {
  count                 = 0
  custom_model_name     = "experiment"
  job_name              = "experiment-1"
  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = "arn:aws:iam::111122223333:role/bedrock-customization"

  hyperparameters = {
    epochCount = "1"
  }

  training_data_config {
    s3_uri = "s3://support-training-111122223333/experiment.jsonl"
  }

  output_data_config {
    s3_uri = "s3://support-training-111122223333/experiment/"
  }
}
