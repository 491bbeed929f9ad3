# Vector store of a Bedrock knowledge base: collections matching these patterns are
# encrypted with an AWS owned key.
resource "aws_opensearchserverless_security_policy" "kb_vectors" {
  name        = "kb-vectors-encryption"
  type        = "encryption"
  description = "Encryption for the knowledge base vector collections"
  policy = jsonencode({
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/kb-vectors"]
    }]
    AWSOwnedKey = true # expect: KMS005
  })
}

# The same policy written as a quoted JSON string.
resource "aws_opensearchserverless_security_policy" "rag_cache" {
  name   = "rag-cache-encryption"
  type   = "encryption"
  policy = "{\"Rules\":[{\"ResourceType\":\"collection\",\"Resource\":[\"collection/rag-cache-*\"]}],\"AWSOwnedKey\":true}" # expect: KMS005
}

# The flag comes through a local: reported where the policy uses it.
locals {
  use_aws_owned_key = true
}

resource "aws_opensearchserverless_security_policy" "embeddings" {
  name = "embeddings-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/embeddings"]
    }]
    AWSOwnedKey = local.use_aws_owned_key # expect: KMS005
  })
}

resource "aws_opensearchserverless_collection" "kb_vectors" {
  name       = "kb-vectors"
  type       = "VECTORSEARCH"
  depends_on = [aws_opensearchserverless_security_policy.kb_vectors]
}
