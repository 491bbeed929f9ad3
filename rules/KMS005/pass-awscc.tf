resource "awscc_opensearchserverless_security_policy" "cc_kb_encryption" {
  name = "cc-kb-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/cc-kb"]
    }]
    AWSOwnedKey = false
    KmsARN      = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  })
}
