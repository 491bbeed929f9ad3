variable "log_invocations" {
  description = "Turn on Bedrock model invocation logging"
  default     = false
}

data "aws_bedrock_foundation_model" "claude" {
  model_id = "anthropic.claude-3-haiku-20240307-v1:0"
}

resource "aws_iam_role" "agent" {
  name = "support-agent"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "bedrock.amazonaws.com" }
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })
}

# First Bedrock resource of the configuration: the finding stands here.
resource "aws_bedrock_guardrail" "support" { # expect: LOG005
  name                      = "support-agent"
  blocked_input_messaging   = "This request is not allowed."
  blocked_outputs_messaging = "This answer is not allowed."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }
}

resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support-agent"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = data.aws_bedrock_foundation_model.claude.model_id
  instruction             = "Answer questions about orders using the order knowledge base."

  guardrail_configuration {
    guardrail_identifier = aws_bedrock_guardrail.support.guardrail_id
    guardrail_version    = "DRAFT"
  }
}

# Declared but not deployed: count is 0 unless the variable is set.
resource "aws_bedrock_model_invocation_logging_configuration" "main" {
  count = var.log_invocations ? 1 : 0

  logging_config {
    text_data_delivery_enabled = true

    s3_config {
      bucket_name = "bedrock-invocation-logs-111122223333"
      key_prefix  = "invocations"
    }
  }
}
