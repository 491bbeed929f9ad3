# No default: whether the dashboards are public cannot be known.
variable "public_dashboards" {
  type = bool
}

resource "aws_opensearchserverless_vpc_endpoint" "kb" {
  name       = "kb-vectors"
  vpc_id     = "vpc-0123456789abcdef0"
  subnet_ids = ["subnet-0123456789abcdef0"]
}

resource "aws_opensearchserverless_collection" "kb" {
  name = "kb-vectors"
  type = "VECTORSEARCH"
}

resource "aws_opensearchserverless_security_policy" "kb_network" {
  name = "kb-vectors-network"
  type = "network"
  policy = jsonencode([
    {
      Rules = [
        {
          ResourceType = "collection"
          Resource     = ["collection/kb-vectors"]
        }
      ]
      AllowFromPublic = false
      SourceVPCEs     = [aws_opensearchserverless_vpc_endpoint.kb.id]
    },
    {
      Rules = [
        {
          ResourceType = "dashboard"
          Resource     = ["collection/kb-vectors"]
        }
      ]
      AllowFromPublic = var.public_dashboards
    }
  ])
}

# Bedrock reaches the collection as a service, not from the internet.
resource "aws_opensearchserverless_security_policy" "rag_network" {
  name   = "rag-network"
  type   = "network"
  policy = <<-EOT
    [
      {
        "Rules": [
          {"ResourceType": "collection", "Resource": ["collection/rag-*"]}
        ],
        "AllowFromPublic": false,
        "SourceServices": ["bedrock.amazonaws.com"]
      }
    ]
  EOT
}

# Encryption policies are KMS005's business.
resource "aws_opensearchserverless_security_policy" "kb_encryption" {
  name = "kb-vectors-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules = [
      {
        ResourceType = "collection"
        Resource     = ["collection/kb-vectors"]
      }
    ]
    AWSOwnedKey = false
    KmsARN      = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  })
}
