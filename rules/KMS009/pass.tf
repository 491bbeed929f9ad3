resource "aws_kms_key" "messaging" {
  description         = "Inference queues and notifications"
  enable_key_rotation = true
}

resource "aws_kms_alias" "messaging" {
  name          = "alias/aws-ml-messaging"
  target_key_id = aws_kms_key.messaging.key_id
}

resource "aws_kms_key" "secrets" {
  description         = "Model provider credentials"
  enable_key_rotation = true
}

resource "aws_sns_topic" "model_alerts" {
  name              = "model-drift-alerts"
  kms_master_key_id = aws_kms_key.messaging.id
}

# A customer alias whose name merely starts with "aws-" is not an AWS managed key.
resource "aws_sqs_queue" "inference_requests" {
  name              = "inference-requests"
  kms_master_key_id = aws_kms_alias.messaging.name
}

resource "aws_sqs_queue" "batch_requests" {
  name              = "batch-requests"
  kms_master_key_id = "alias/aws-ml-messaging"
}

resource "aws_secretsmanager_secret" "model_api_key" {
  name       = "llm-provider-api-key"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_ssm_parameter" "hf_token" {
  name   = "/ml/huggingface/token"
  type   = "SecureString"
  value  = var.hf_token
  key_id = aws_kms_key.secrets.key_id
}

variable "hf_token" {
  type      = string
  sensitive = true
}

resource "aws_dynamodb_table" "features" {
  name         = "online-features"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "entity_id"

  attribute {
    name = "entity_id"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

resource "aws_kinesis_stream" "clickstream" {
  name            = "clickstream-features"
  shard_count     = 2
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.messaging.arn
}

# Only known at plan time (no default): never reported.
variable "notebook_key" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "fraud-research"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = var.notebook_key
}

# Bucket default encryption with an AWS managed key is KMS002's finding, not this rule's.
resource "aws_s3_bucket" "scratch" {
  bucket = "ml-scratch-111122223333"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "scratch" {
  bucket = aws_s3_bucket.scratch.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "alias/aws/s3"
    }
  }
}
