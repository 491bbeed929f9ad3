resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::123456789012:role/agent"
  foundation_model        = "meta.llama3-70b-instruct-v1:0" # expect: ORG003
}
