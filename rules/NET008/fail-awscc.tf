# awscc_opensearchserverless_security_policy (AWS::OpenSearchServerless::SecurityPolicy):
# a knowledge base's vector store open to the internet.
resource "awscc_opensearchserverless_security_policy" "cc_kb_network" {
  name = "cc-kb-network"
  type = "network"
  policy = jsonencode([{
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/cc-kb"]
    }]
    AllowFromPublic = true # expect: NET008
  }])
}
