# IAM005 broad-managed-policy: roles, users and groups given AWS managed policies that
# grant far more than an ML workload needs. The finding stands on the ARN.

variable "partition" {
  description = "Partition the platform deploys to (GovCloud here)."
  default     = "aws-us-gov"
}

locals {
  # The finding stands where the attachment uses the local, with a label here.
  power_user_arn = "arn:${var.partition}:iam::aws:policy/PowerUserAccess"
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

  # Inline list of managed policies: only the god-mode entries fire.
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess", # expect: IAM005
    "arn:aws:iam::aws:policy/CloudWatchLogsReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonS3FullAccess", # expect: IAM005
  ]
}

# AdministratorAccess: reported as critical.
resource "aws_iam_role_policy_attachment" "sagemaker_admin" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect: IAM005
}

# ARN assembled from a variable (GovCloud partition) through a local.
resource "aws_iam_role_policy_attachment" "sagemaker_power_user" {
  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = local.power_user_arn # expect: IAM005
}

# for_each over policy names: one finding per instance that attaches a god mode.
resource "aws_iam_role_policy_attachment" "bedrock_agent" {
  for_each = toset(["AmazonBedrockFullAccess", "AmazonEC2FullAccess", "AmazonSageMakerReadOnly"])

  role       = aws_iam_role.sagemaker_execution.name
  policy_arn = "arn:aws:iam::aws:policy/${each.key}" # expect: IAM005 x2
}

resource "aws_iam_user" "ci" {
  name = "ml-ci"
}

resource "aws_iam_user_policy_attachment" "ci_iam" {
  user       = aws_iam_user.ci.name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess" # expect: IAM005
}

resource "aws_iam_group" "data_scientists" {
  name = "data-scientists"
}

# China partition.
resource "aws_iam_group_policy_attachment" "data_scientists_s3" {
  group      = aws_iam_group.data_scientists.name
  policy_arn = "arn:aws-cn:iam::aws:policy/AmazonS3FullAccess" # expect: IAM005
}

resource "aws_iam_policy_attachment" "key_admins" {
  name       = "ml-key-admins"
  users      = [aws_iam_user.ci.name]
  groups     = [aws_iam_group.data_scientists.name]
  policy_arn = "arn:aws:iam::aws:policy/AWSKeyManagementServicePowerUser" # expect: IAM005
}

resource "aws_iam_role" "training" {
  name = "training"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachments_exclusive" "training" {
  role_name = aws_iam_role.training.name
  policy_arns = [
    "arn:aws:iam::aws:policy/AmazonSageMakerReadOnly",
    "arn:aws:iam::aws:policy/AdministratorAccess", # expect: IAM005
  ]
}
