variable "training_bucket_name" {
  default = "acme-finetune-data"
}

locals {
  model_uri = "s3://${aws_s3_bucket.models.bucket}/fraud/model.tar.gz"
}

# Model artifacts: no bucket policy at all.
resource "aws_s3_bucket" "models" { # expect: DATA006
  bucket = "acme-model-artifacts"
}

resource "aws_sagemaker_model" "fraud" {
  name               = "fraud-detector"
  execution_role_arn = "arn:aws:iam::111122223333:role/fraud-sagemaker-execution"
  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud:1.4.0"
    model_data_url = local.model_uri
  }
}

# Fine-tuning data, named through a variable: the policy only grants access.
resource "aws_s3_bucket" "training" { # expect: DATA006
  bucket = var.training_bucket_name
}

resource "aws_s3_bucket_policy" "training" {
  bucket = aws_s3_bucket.training.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CustomizationRoleRead"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/support-assistant-customization" }
      Action    = ["s3:GetObject", "s3:ListBucket"]
      Resource  = [aws_s3_bucket.training.arn, "${aws_s3_bucket.training.arn}/*"]
    }]
  })
}

resource "aws_bedrock_custom_model" "support" {
  custom_model_name     = "support-assistant"
  job_name              = "support-assistant-ft-1"
  base_model_identifier = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"
  role_arn              = "arn:aws:iam::111122223333:role/support-assistant-customization"
  customization_type    = "FINE_TUNING"
  hyperparameters = {
    epochCount = "2"
  }
  training_data_config {
    s3_uri = "s3://${var.training_bucket_name}/train.jsonl"
  }
  output_data_config {
    s3_uri = "s3://${aws_s3_bucket.models.bucket}/customizations/"
  }
}

# Data capture: the policy only refuses old TLS versions, plain HTTP still gets in.
resource "aws_s3_bucket" "capture" { # expect: DATA006
  bucket = "acme-inference-capture"
}

data "aws_iam_policy_document" "capture" {
  statement {
    sid       = "DenyOldTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.capture.arn, "${aws_s3_bucket.capture.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
}

resource "aws_s3_bucket_policy" "capture" {
  bucket = aws_s3_bucket.capture.id
  policy = data.aws_iam_policy_document.capture.json
}

resource "aws_sagemaker_endpoint_configuration" "fraud" {
  name = "fraud-detector"
  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.fraud.name
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
  data_capture_config {
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/fraud/"
    capture_options {
      capture_mode = "Input"
    }
  }
}

# Knowledge-base sources: an Allow that requires TLS does not refuse plain HTTP
# requests that another grant lets in.
resource "aws_s3_bucket" "knowledge" { # expect: DATA006
  bucket = "acme-policy-documents"
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:role/policy-kb"},
          "Action": ["s3:GetObject", "s3:ListBucket"],
          "Resource": [
            "arn:aws:s3:::acme-policy-documents",
            "arn:aws:s3:::acme-policy-documents/*"
          ],
          "Condition": {"Bool": {"aws:SecureTransport": "true"}}
        }
      ]
    }
  POLICY
}

resource "aws_bedrockagent_data_source" "policies" {
  name              = "policy-documents"
  knowledge_base_id = "KB12345678"
  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = aws_s3_bucket.knowledge.arn
    }
  }
}
