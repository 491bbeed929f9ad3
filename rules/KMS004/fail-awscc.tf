# The awscc provider (Cloud Control): AWS::Bedrock::Agent and AWS::Bedrock::Guardrail
# written as awscc_bedrock_agent and awscc_bedrock_guardrail, named in snake_case.
resource "awscc_iam_role" "cc_bedrock" {
  role_name = "cc-bedrock-service"
  assume_role_policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "bedrock.amazonaws.com" }
    }]
  })
}

# Agent without customer_encryption_key_arn: agent data is encrypted with an AWS owned key.
resource "awscc_bedrock_agent" "cc_support" { # expect: KMS004
  agent_name              = "cc-support-agent"
  agent_resource_role_arn = awscc_iam_role.cc_bedrock.arn
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "Answer customer questions about orders using the order knowledge base."
}

# Guardrail whose key is an empty string: no key.
resource "awscc_bedrock_guardrail" "cc_pii" {
  name                      = "cc-pii-filter"
  blocked_input_messaging   = "This request cannot be processed."
  blocked_outputs_messaging = "This response was blocked."
  kms_key_arn               = "" # expect: KMS004

  sensitive_information_policy_config = {
    pii_entities_config = [{
      action = "BLOCK"
      type   = "US_SOCIAL_SECURITY_NUMBER"
    }]
  }
}
