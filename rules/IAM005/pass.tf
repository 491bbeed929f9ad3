# IAM005 broad-managed-policy: nothing here may fire.

variable "grant_admin" {
  description = "Break-glass switch, off unless a var file turns it on."
  type        = bool
  default     = false
}

variable "extra_policy_arn" {
  description = "Supplied at plan time: unknown here, so never reported."
  type        = string
}

resource "aws_iam_role" "sagemaker_execution" {
  name = "sagemaker-execution"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  # Narrow AWS managed policies are fine.
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly",
    "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
  ]
}

# A customer managed policy that happens to be called AdministratorAccess lives in
# the account, not under iam::aws: it is not the AWS managed policy.
resource "aws_iam_role_policy_attachment" "customer_policy_named_admin" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = "arn:aws:iam::111122223333:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "customer_policy_with_path" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = "arn:aws:iam::111122223333:policy/ml/AmazonSageMakerFullAccess"
}

resource "aws_iam_policy" "training_data" {
  name = "training-data-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
    }]
  })
}

resource "aws_iam_role_policy_attachment" "training_data" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = aws_iam_policy.training_data.arn
}

resource "aws_iam_role_policy_attachment" "lambda_logs" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# Never deployed: count is 0 with the default variable value.
resource "aws_iam_role_policy_attachment" "break_glass" {
  count      = var.grant_admin ? 1 : 0
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "extra" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = var.extra_policy_arn
}

resource "aws_iam_user_policy_attachment" "analyst" {
  user       = "ml-analyst"
  policy_arn = "arn:aws-us-gov:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_group_policy_attachment" "data_scientists" {
  group      = "data-scientists"
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly"
}
