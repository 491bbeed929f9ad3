# Bedrock: a fine-tuned model, and a support agent with a guardrail and a knowledge base
# whose vectors live in OpenSearch Serverless.

# ---------------------------------------------------------------- model customization

resource "aws_bedrock_custom_model" "support" {
  custom_model_name       = "${local.name}-support-titan"
  job_name                = "${local.name}-support-titan-${var.model_version}"
  base_model_identifier   = "arn:aws:bedrock:${var.region}::foundation-model/amazon.titan-text-express-v1"
  role_arn                = aws_iam_role.bedrock_customization.arn
  customization_type      = "FINE_TUNING"
  custom_model_kms_key_id = aws_kms_key.artifacts.arn

  hyperparameters = {
    epochCount   = "2"
    batchSize    = "1"
    learningRate = "0.00001"
  }

  training_data_config {
    s3_uri = "s3://${aws_s3_bucket.training_data.bucket}/fine-tuning/train.jsonl"
  }

  validation_data_config {
    validator {
      s3_uri = "s3://${aws_s3_bucket.training_data.bucket}/fine-tuning/validation.jsonl"
    }
  }

  output_data_config {
    s3_uri = "s3://${aws_s3_bucket.model_artifacts.bucket}/customization/"
  }

  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.ml.id]
  }

  tags = local.tags
}

# ---------------------------------------------------------------- guardrail

resource "aws_bedrock_guardrail" "assistant" {
  name                      = "${local.name}-assistant"
  description               = "Filters prompts and answers of the support assistant"
  blocked_input_messaging   = "Sorry, I cannot help with that request."
  blocked_outputs_messaging = "Sorry, I cannot share that answer."
  kms_key_arn               = aws_kms_key.workspace.arn

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "HIGH"
      output_strength = "NONE"
    }
    filters_config {
      type            = "MISCONDUCT"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
  }

  sensitive_information_policy_config {
    pii_entities_config {
      type   = "CREDIT_DEBIT_CARD_NUMBER"
      action = "BLOCK"
    }
    pii_entities_config {
      type   = "EMAIL"
      action = "ANONYMIZE"
    }
  }

  tags = local.tags
}

resource "aws_bedrock_guardrail_version" "assistant" {
  guardrail_arn = aws_bedrock_guardrail.assistant.guardrail_arn
  description   = "Production"
}

# ---------------------------------------------------------------- vector store

resource "aws_opensearchserverless_security_policy" "kb_encryption" {
  name = "${local.name}-kb-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules = [{
      ResourceType = "collection"
      Resource     = ["collection/${local.kb_collection_name}"]
    }]
    AWSOwnedKey = false
    KmsARN      = aws_kms_key.data.arn
  })
}

resource "aws_opensearchserverless_vpc_endpoint" "kb" {
  name               = "${local.name}-kb"
  vpc_id             = aws_vpc.main.id
  subnet_ids         = aws_subnet.private[*].id
  security_group_ids = [aws_security_group.endpoints.id]
}

resource "aws_opensearchserverless_security_policy" "kb_network" {
  name = "${local.name}-kb-network"
  type = "network"
  policy = jsonencode([{
    Rules = [
      { ResourceType = "collection", Resource = ["collection/${local.kb_collection_name}"] },
    ]
    AllowFromPublic = false
    SourceVPCEs     = [aws_opensearchserverless_vpc_endpoint.kb.id]
    SourceServices  = ["bedrock.amazonaws.com"]
  }])
}

resource "aws_opensearchserverless_access_policy" "kb" {
  name = "${local.name}-kb-access"
  type = "data"
  policy = jsonencode([{
    Rules = [
      {
        ResourceType = "index"
        Resource     = ["index/${local.kb_collection_name}/*"]
        Permission   = ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:ReadDocument", "aoss:WriteDocument", "aoss:UpdateIndex"]
      },
      {
        ResourceType = "collection"
        Resource     = ["collection/${local.kb_collection_name}"]
        Permission   = ["aoss:DescribeCollectionItems", "aoss:CreateCollectionItems", "aoss:UpdateCollectionItems"]
      },
    ]
    Principal = [aws_iam_role.bedrock_agent.arn]
  }])
}

resource "aws_opensearchserverless_collection" "kb" {
  name = local.kb_collection_name
  type = "VECTORSEARCH"
  tags = local.tags

  depends_on = [
    aws_opensearchserverless_security_policy.kb_encryption,
    aws_opensearchserverless_security_policy.kb_network,
  ]
}

# ---------------------------------------------------------------- knowledge base and agent

resource "aws_bedrockagent_knowledge_base" "docs" {
  name     = "${local.name}-product-docs"
  role_arn = aws_iam_role.bedrock_agent.arn

  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = local.embedding_model_arn
    }
  }

  storage_configuration {
    type = "OPENSEARCH_SERVERLESS"
    opensearch_serverless_configuration {
      collection_arn    = aws_opensearchserverless_collection.kb.arn
      vector_index_name = "product-docs"
      field_mapping {
        vector_field   = "embedding"
        text_field     = "text"
        metadata_field = "metadata"
      }
    }
  }

  tags = local.tags
}

resource "aws_bedrockagent_data_source" "docs" {
  name                 = "product-docs"
  knowledge_base_id    = aws_bedrockagent_knowledge_base.docs.id
  data_deletion_policy = "DELETE"

  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn         = aws_s3_bucket.training_data.arn
      inclusion_prefixes = ["knowledge-base/"]
    }
  }

  server_side_encryption_configuration {
    kms_key_arn = aws_kms_key.data.arn
  }
}

resource "aws_bedrockagent_agent" "support" {
  agent_name                  = "${local.name}-support"
  agent_resource_role_arn     = aws_iam_role.bedrock_agent.arn
  foundation_model            = var.foundation_model_id
  instruction                 = "You answer customer questions about Acme products using the product documentation only."
  idle_session_ttl_in_seconds = 600
  customer_encryption_key_arn = aws_kms_key.workspace.arn

  guardrail_configuration {
    guardrail_identifier = aws_bedrock_guardrail.assistant.guardrail_id
    guardrail_version    = aws_bedrock_guardrail_version.assistant.version
  }

  tags = local.tags
}

resource "aws_bedrockagent_agent_knowledge_base_association" "support_docs" {
  agent_id             = aws_bedrockagent_agent.support.agent_id
  knowledge_base_id    = aws_bedrockagent_knowledge_base.docs.id
  description          = "Acme product documentation"
  knowledge_base_state = "ENABLED"
}

# ---------------------------------------------------------------- invocation logging

# Every prompt and answer of the account's Bedrock models, kept in the logs bucket.
resource "aws_bedrock_model_invocation_logging_configuration" "main" {
  logging_config {
    text_data_delivery_enabled      = true
    embedding_data_delivery_enabled = false
    image_data_delivery_enabled     = false
    video_data_delivery_enabled     = false

    s3_config {
      bucket_name = aws_s3_bucket.data_capture.id
      key_prefix  = "bedrock-invocations"
    }
  }

  depends_on = [aws_s3_bucket_policy.data_capture]
}
