data "aws_bedrock_foundation_model" "titan" {
  model_id = "amazon.titan-text-express-v1"
}

resource "aws_iam_role" "bedrock" {
  name = "bedrock-service"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "bedrock.amazonaws.com" }
    }]
  })
}

# Agent without customer_encryption_key_arn: agent data is encrypted with an AWS owned key.
resource "aws_bedrockagent_agent" "support" { # expect: KMS004
  agent_name              = "support-agent"
  agent_resource_role_arn = aws_iam_role.bedrock.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "Answer customer questions about orders using the order knowledge base."
}

# Guardrail whose key comes through a variable defaulting to an empty string:
# the finding stands where the resource uses the variable.
variable "guardrail_key_arn" {
  type    = string
  default = ""
}

resource "aws_bedrock_guardrail" "pii" {
  name                      = "pii-filter"
  blocked_input_messaging   = "This request cannot be processed."
  blocked_outputs_messaging = "This response was blocked."
  kms_key_arn               = var.guardrail_key_arn # expect: KMS004

  sensitive_information_policy_config {
    pii_entities_config {
      action = "BLOCK"
      type   = "US_SOCIAL_SECURITY_NUMBER"
    }
  }
}

# Guardrail with no key at all.
resource "aws_bedrock_guardrail" "topics" { # expect: KMS004
  name                      = "topic-filter"
  blocked_input_messaging   = "This request cannot be processed."
  blocked_outputs_messaging = "This response was blocked."

  topic_policy_config {
    topics_config {
      name       = "investment_advice"
      definition = "Recommendations about buying or selling financial products."
      examples   = ["Which stock should I buy?"]
      type       = "DENY"
    }
  }
}

# Custom model without custom_model_kms_key_id: the fine-tuned weights are not under your key.
resource "aws_bedrock_custom_model" "claims" { # expect: KMS004
  custom_model_name     = "claims-classifier"
  job_name              = "claims-classifier-ft-1"
  base_model_identifier = data.aws_bedrock_foundation_model.titan.model_arn
  role_arn              = aws_iam_role.bedrock.arn

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
