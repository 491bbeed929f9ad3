resource "aws_kms_key" "vectors" {
  description         = "OpenSearch Serverless vector collections"
  enable_key_rotation = true
}

resource "aws_opensearchserverless_security_policy" "kb_vectors" {
  name = "kb-vectors-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/kb-vectors"]
    }]
    AWSOwnedKey = false
    KmsARN      = aws_kms_key.vectors.arn
  })
}

resource "aws_opensearchserverless_security_policy" "rag_cache" {
  name   = "rag-cache-encryption"
  type   = "encryption"
  policy = <<-JSON
    {
      "Rules": [
        {"ResourceType": "collection", "Resource": ["collection/rag-cache-*"]}
      ],
      "AWSOwnedKey": false,
      "KmsARN": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  JSON
}

# Only known at plan time (no default): never reported.
variable "aws_owned_key" {
  type = bool
}

resource "aws_opensearchserverless_security_policy" "embeddings" {
  name = "embeddings-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/embeddings"]
    }]
    AWSOwnedKey = var.aws_owned_key
    KmsARN      = aws_kms_key.vectors.arn
  })
}

# A network policy is not an encryption policy.
resource "aws_opensearchserverless_security_policy" "kb_network" {
  name = "kb-vectors-network"
  type = "network"
  policy = jsonencode([{
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/kb-vectors"]
    }]
    AllowFromPublic = false
    SourceVPCEs     = ["vpce-0123456789abcdef0"]
  }])
}

resource "aws_opensearchserverless_collection" "kb_vectors" {
  name       = "kb-vectors"
  type       = "VECTORSEARCH"
  depends_on = [aws_opensearchserverless_security_policy.kb_vectors]
}
