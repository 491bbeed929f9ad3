variable "shared_guardrail_id" {
  description = "Guardrail owned by the platform team, given per environment"
}

resource "aws_bedrock_guardrail" "support" {
  name                      = "support-assistant"
  blocked_input_messaging   = "Sorry, I cannot help with that request."
  blocked_outputs_messaging = "Sorry, I cannot share that answer."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
  }

  sensitive_information_policy_config {
    pii_entities_config {
      type   = "EMAIL"
      action = "ANONYMIZE"
    }
  }
}

resource "aws_bedrock_guardrail_version" "support" {
  guardrail_arn = aws_bedrock_guardrail.support.guardrail_arn
  description   = "First published version"
}

# Guardrail by reference.
resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support-assistant"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_support"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "You answer questions about our products using the knowledge base provided."

  guardrail_configuration {
    guardrail_identifier = aws_bedrock_guardrail.support.guardrail_id
    guardrail_version    = aws_bedrock_guardrail_version.support.version
  }
}

# Guardrail given at plan time: not known, not reported.
resource "aws_bedrockagent_agent" "claims" {
  agent_name              = "claims-assistant"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_claims"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "You help customers follow up on their insurance claims and answer policy questions."

  guardrail_configuration {
    guardrail_identifier = var.shared_guardrail_id
    guardrail_version    = "2"
  }
}

# Guardrail by literal ID; an agent that is not deployed.
resource "aws_bedrockagent_agent" "triage" {
  agent_name              = "ticket-triage"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_triage"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "You read incoming support tickets and route them to the right team queue."

  guardrail_configuration {
    guardrail_identifier = "arn:aws:bedrock:us-east-1:111122223333:guardrail/q7w8e9r0t1y2"
    guardrail_version    = "3"
  }
}

resource "aws_bedrockagent_agent" "experimental" {
  count                   = 0
  agent_name              = "experimental"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_lab"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
}
