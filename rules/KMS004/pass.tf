data "aws_caller_identity" "current" {}

data "aws_bedrock_foundation_model" "titan" {
  model_id = "amazon.titan-text-express-v1"
}

resource "aws_kms_key" "bedrock" {
  description         = "Bedrock agents, guardrails and custom models"
  enable_key_rotation = true
}

resource "aws_iam_role" "bedrock" {
  name = "bedrock-service"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "bedrock.amazonaws.com" }
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

resource "aws_bedrockagent_agent" "support" {
  agent_name                  = "support-agent"
  agent_resource_role_arn     = aws_iam_role.bedrock.arn
  foundation_model            = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction                 = "Answer customer questions about orders using the order knowledge base."
  customer_encryption_key_arn = aws_kms_key.bedrock.arn
}

# A key that is only known at plan time (no default) is never reported.
variable "guardrail_key_arn" {
  type = string
}

resource "aws_bedrock_guardrail" "pii" {
  name                      = "pii-filter"
  blocked_input_messaging   = "This request cannot be processed."
  blocked_outputs_messaging = "This response was blocked."
  kms_key_arn               = var.guardrail_key_arn

  sensitive_information_policy_config {
    pii_entities_config {
      action = "BLOCK"
      type   = "US_SOCIAL_SECURITY_NUMBER"
    }
  }
}

resource "aws_bedrock_guardrail" "topics" {
  name                      = "topic-filter"
  blocked_input_messaging   = "This request cannot be processed."
  blocked_outputs_messaging = "This response was blocked."
  kms_key_arn               = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  topic_policy_config {
    topics_config {
      name       = "investment_advice"
      definition = "Recommendations about buying or selling financial products."
      examples   = ["Which stock should I buy?"]
      type       = "DENY"
    }
  }
}

resource "aws_bedrock_custom_model" "claims" {
  custom_model_name       = "claims-classifier"
  job_name                = "claims-classifier-ft-1"
  base_model_identifier   = data.aws_bedrock_foundation_model.titan.model_arn
  role_arn                = aws_iam_role.bedrock.arn
  custom_model_kms_key_id = aws_kms_key.bedrock.arn

  hyperparameters = {
    epochCount   = "2"
    batchSize    = "1"
    learningRate = "0.00001"
  }

  training_data_config {
    s3_uri = "s3://claims-training-111122223333/train.jsonl"
  }

  output_data_config {
    s3_uri = "s3://claims-output-111122223333/"
  }
}
