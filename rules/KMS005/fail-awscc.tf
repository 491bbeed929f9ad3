# awscc_opensearchserverless_security_policy: an encryption policy with an AWS owned key.
resource "awscc_opensearchserverless_security_policy" "cc_kb_encryption" {
  name = "cc-kb-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/cc-kb"]
    }]
    AWSOwnedKey = true # expect: KMS005
  })
}
