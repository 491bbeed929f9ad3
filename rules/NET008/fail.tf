variable "public_dashboards" {
  default = true
}

locals {
  collection = "collection/kb-vectors"
}

resource "aws_opensearchserverless_collection" "kb" {
  name = "kb-vectors"
  type = "VECTORSEARCH"
}

# The vector store of a Bedrock knowledge base, open to the internet.
resource "aws_opensearchserverless_security_policy" "kb_network" {
  name = "kb-vectors-network"
  type = "network"
  policy = jsonencode([
    {
      Rules = [
        {
          ResourceType = "collection"
          Resource     = [local.collection]
        }
      ]
      AllowFromPublic = true # expect: NET008
    }
  ])
}

# Private collection endpoint, but public dashboards through a variable.
resource "aws_opensearchserverless_security_policy" "kb_dashboards" {
  name = "kb-vectors-dashboards"
  type = "network"
  policy = jsonencode([
    {
      Rules = [
        {
          ResourceType = "collection"
          Resource     = [local.collection]
        }
      ]
      AllowFromPublic = false
      SourceVPCEs     = ["vpce-0123456789abcdef0"]
    },
    {
      Rules = [
        {
          ResourceType = "dashboard"
          Resource     = [local.collection]
        }
      ]
      AllowFromPublic = var.public_dashboards # expect: NET008
    }
  ])
}

# The same mistake written as a JSON string.
resource "aws_opensearchserverless_security_policy" "rag_network" {
  name   = "rag-network"
  type   = "network"
  policy = "[{\"Rules\":[{\"ResourceType\":\"collection\",\"Resource\":[\"collection/rag-*\"]}],\"AllowFromPublic\":true}]" # expect: NET008
}
