resource "awscc_bedrock_guardrail" "cc_default" {
  name                      = "cc-default"
  blocked_input_messaging   = "This request cannot be processed."
  blocked_outputs_messaging = "This response was blocked."
}

resource "awscc_bedrock_guardrail_version" "cc_default" {
  guardrail_identifier = awscc_bedrock_guardrail.cc_default.guardrail_id
}

resource "awscc_bedrock_agent" "cc_claims" {
  agent_name              = "cc-claims-agent"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/cc-bedrock-agent"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  guardrail_configuration = {
    guardrail_identifier = awscc_bedrock_guardrail.cc_default.guardrail_id
    guardrail_version    = awscc_bedrock_guardrail_version.cc_default.version
  }
}
