locals {
  name = "${var.name_prefix}-${var.environment}"

  tags = {
    Environment = var.environment
  }

  # ARN prefixes built from known values, so policies name exact resources.
  sagemaker_arn = "arn:aws:sagemaker:${var.region}:${var.account_id}"
  logs_arn      = "arn:aws:logs:${var.region}:${var.account_id}"
  ec2_arn       = "arn:aws:ec2:${var.region}:${var.account_id}"

  foundation_model_arn = "arn:aws:bedrock:${var.region}::foundation-model/${var.foundation_model_id}"
  embedding_model_arn  = "arn:aws:bedrock:${var.region}::foundation-model/${var.embedding_model_id}"

  kb_collection_name = "${local.name}-kb"
  trail_name         = "${local.name}-trail"
  endpoint_name      = "${local.name}-inference"
}
