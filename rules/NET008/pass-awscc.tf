resource "awscc_opensearchserverless_security_policy" "cc_kb_network" {
  name = "cc-kb-network"
  type = "network"
  policy = jsonencode([{
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/cc-kb"]
    }]
    AllowFromPublic = false
    SourceVPCEs     = ["vpce-0123456789abcdef0"]
  }])
}
