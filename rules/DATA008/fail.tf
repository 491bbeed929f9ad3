variable "support_guardrail_id" {
  description = "Guardrail of the support agent; null leaves the agent without one"
  default     = null
}

variable "triage_guardrail_id" {
  default = ""
}

# No guardrail at all.
resource "aws_bedrockagent_agent" "claims" { # expect: DATA008
  agent_name              = "claims-assistant"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_claims"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "You help customers follow up on their insurance claims and answer policy questions."
}

# The guardrail block is generated only when a guardrail is given; none is.
resource "aws_bedrockagent_agent" "support" { # expect: DATA008
  agent_name              = "support-assistant"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_support"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "You answer questions about our products using the knowledge base provided."

  dynamic "guardrail_configuration" {
    for_each = var.support_guardrail_id == null ? [] : [var.support_guardrail_id]
    content {
      guardrail_identifier = guardrail_configuration.value
      guardrail_version    = "1"
    }
  }
}

# A guardrail block with an empty identifier, through a variable.
resource "aws_bedrockagent_agent" "triage" {
  agent_name              = "ticket-triage"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/AmazonBedrockExecutionRoleForAgents_triage"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  instruction             = "You read incoming support tickets and route them to the right team queue."

  guardrail_configuration {
    guardrail_identifier = var.triage_guardrail_id # expect: DATA008
    guardrail_version    = "DRAFT"
  }
}
