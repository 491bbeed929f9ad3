data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

# Inference notifications and request queues.
resource "aws_sns_topic" "model_alerts" {
  name              = "model-drift-alerts"
  kms_master_key_id = "alias/aws/sns" # expect: KMS009
}

resource "aws_sqs_queue" "inference_requests" {
  name              = "inference-requests"
  kms_master_key_id = "alias/aws/sqs" # expect: KMS009
}

# API keys of the model provider.
resource "aws_secretsmanager_secret" "model_api_key" {
  name       = "llm-provider-api-key"
  kms_key_id = "alias/aws/secretsmanager" # expect: KMS009
}

resource "aws_ssm_parameter" "hf_token" {
  name   = "/ml/huggingface/token"
  type   = "SecureString"
  value  = var.hf_token
  key_id = "alias/aws/ssm" # expect: KMS009
}

variable "hf_token" {
  type      = string
  sensitive = true
}

# Feature lookups and the training scratch volume, by alias ARN.
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
    kms_key_arn = "arn:aws:kms:us-east-1:111122223333:alias/aws/dynamodb" # expect: KMS009
  }
}

resource "aws_ebs_volume" "training_scratch" {
  availability_zone = "us-east-1a"
  size              = 500
  encrypted         = true
  kms_key_id        = "arn:aws:kms:us-east-1:111122223333:alias/aws/ebs" # expect: KMS009
}

resource "aws_kinesis_stream" "clickstream" {
  name            = "clickstream-features"
  shard_count     = 2
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis" # expect: KMS009
}

# The notebook key comes through a variable default: reported where the notebook uses it.
variable "notebook_key" {
  type    = string
  default = "alias/aws/sagemaker"
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "fraud-research"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebook"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = var.notebook_key # expect: KMS009
}

# An alias ARN built from the caller identity: the account is unknown, the alias is not.
resource "aws_sns_topic" "training_events" {
  name              = "training-job-events"
  kms_master_key_id = "arn:aws:kms:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alias/aws/sns" # expect: KMS009
}
