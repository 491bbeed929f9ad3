# awscc agents and guardrails encrypted with a customer managed key of the
# configuration (awscc_kms_key), by reference.
resource "awscc_kms_key" "cc_bedrock" {
  description         = "Bedrock agents and guardrails"
  enable_key_rotation = true
}

resource "awscc_bedrock_agent" "cc_support" {
  agent_name                  = "cc-support-agent"
  agent_resource_role_arn     = "arn:aws:iam::111122223333:role/cc-bedrock-service"
  foundation_model            = "anthropic.claude-3-haiku-20240307-v1:0"
  customer_encryption_key_arn = awscc_kms_key.cc_bedrock.arn
  guardrail_configuration = {
    guardrail_identifier = awscc_bedrock_guardrail.cc_pii.guardrail_id
    guardrail_version    = "DRAFT"
  }
}

resource "awscc_bedrock_guardrail" "cc_pii" {
  name                      = "cc-pii-filter"
  blocked_input_messaging   = "This request cannot be processed."
  blocked_outputs_messaging = "This response was blocked."
  kms_key_arn               = awscc_kms_key.cc_bedrock.arn
}
