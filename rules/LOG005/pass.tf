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

resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support-agent"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = data.aws_bedrock_foundation_model.claude.model_id
  instruction             = "Answer questions about orders using the order knowledge base."
}

resource "aws_kms_key" "invocation_logs" {
  description         = "Bedrock invocation logs"
  enable_key_rotation = true
}

resource "aws_cloudwatch_log_group" "invocations" {
  name              = "/aws/bedrock/model-invocations"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.invocation_logs.arn
}

resource "aws_iam_role" "invocation_logging" {
  name = "bedrock-invocation-logging"
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

# Prompts and responses of every model invocation in this region are logged.
resource "aws_bedrock_model_invocation_logging_configuration" "main" {
  logging_config {
    text_data_delivery_enabled      = true
    image_data_delivery_enabled     = true
    embedding_data_delivery_enabled = true

    cloudwatch_config {
      log_group_name = aws_cloudwatch_log_group.invocations.name
      role_arn       = aws_iam_role.invocation_logging.arn
    }
  }
}
