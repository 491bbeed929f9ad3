variable "capture_policy" {
  description = "Bucket policy JSON for the capture bucket, rendered by the platform team"
}

# Model artifacts: Deny over plain HTTP in a jsonencode() policy.
resource "aws_s3_bucket" "models" {
  bucket = "acme-model-artifacts"
}

resource "aws_s3_bucket_policy" "models" {
  bucket = aws_s3_bucket.models.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.models.arn, "${aws_s3_bucket.models.arn}/*"]
      Condition = {
        Bool = { "aws:SecureTransport" = false }
      }
    }]
  })
}

resource "aws_sagemaker_model" "fraud" {
  name               = "fraud-detector"
  execution_role_arn = "arn:aws:iam::111122223333:role/fraud-sagemaker-execution"
  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud:1.4.0"
    model_data_url = "s3://${aws_s3_bucket.models.bucket}/fraud/model.tar.gz"
  }
}

# Fine-tuning data: the same through a policy document data source.
resource "aws_s3_bucket" "training" {
  bucket = "acme-finetune-data"
}

data "aws_iam_policy_document" "training" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.training.arn, "${aws_s3_bucket.training.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "training" {
  bucket = aws_s3_bucket.training.id
  policy = data.aws_iam_policy_document.training.json
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
    s3_uri = "s3://${aws_s3_bucket.training.id}/train.jsonl"
  }
  output_data_config {
    s3_uri = "s3://${aws_s3_bucket.models.id}/customizations/"
  }
}

# Data capture: policy not known before plan, not reported.
resource "aws_s3_bucket" "capture" {
  bucket = "acme-inference-capture"
}

resource "aws_s3_bucket_policy" "capture" {
  bucket = aws_s3_bucket.capture.id
  policy = var.capture_policy
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

# Not an AI data store: no policy, not reported.
resource "aws_s3_bucket" "website" {
  bucket = "acme-marketing-site"
}
