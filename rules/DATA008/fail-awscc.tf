# awscc_bedrock_agent is AWS::Bedrock::Agent: its guardrail is an attribute object.
resource "awscc_bedrock_agent" "cc_claims" { # expect: DATA008
  agent_name              = "cc-claims-agent"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/cc-bedrock-agent"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
}

# A guardrail configuration without an identifier filters nothing.
resource "awscc_bedrock_agent" "cc_triage" {
  agent_name              = "cc-triage-agent"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/cc-bedrock-agent"
  foundation_model        = "anthropic.claude-3-haiku-20240307-v1:0"
  guardrail_configuration = {
    guardrail_identifier = "" # expect: DATA008
    guardrail_version    = "1"
  }
}
