resource "awscc_iam_role" "cc_sagemaker_execution" {
  role_name = "cc-sagemaker-execution"
  assume_role_policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess"]
}
