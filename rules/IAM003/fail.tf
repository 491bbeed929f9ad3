# IAM003 wildcard-resource: identity policies whose Allow statements grant actions that
# support resource-level permissions on "*", or on an ARN that covers every resource of
# the action's type.

variable "knowledge_base_arns" {
  description = "Knowledge bases the agent may query"
  type        = list(string)
  default     = ["*"]
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

  # Object actions on every object of every bucket in every account.
  inline_policy {
    name = "training-data"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "*" # expect: IAM003
      }]
    })
  }
}

resource "aws_iam_policy" "genai_platform" {
  name = "genai-platform"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # An ARN whose every part is a wildcard covers every bucket.
        Sid      = "ListDatasets"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = "arn:aws:s3:::*" # expect: IAM003
      },
      {
        # Every foundation model in every region, rather than the approved ones.
        Sid      = "InvokeAnyModel"
        Effect   = "Allow"
        Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource = "arn:aws:bedrock:*::foundation-model/*" # expect: IAM003
      },
      {
        # Action patterns are expanded against AWS's catalog: "s3:Get*" includes
        # s3:GetObject, which supports resource-level permissions.
        Sid      = "ReadEverything"
        Effect   = "Allow"
        Action   = "s3:Get*"
        Resource = "*" # expect: IAM003
      },
      {
        # ecr:GetAuthorizationToken needs "*", but the image pulls in the same
        # statement do not.
        Sid    = "PullImages"
        Effect = "Allow"
        Action = [
          "ecr:GetAuthorizationToken",
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
        ]
        Resource = "*" # expect: IAM003
      },
      {
        # One finding per statement, at the first offending resource; the bucket
        # wildcard below it is a secondary label.
        Sid    = "Artifacts"
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:PutObject"]
        Resource = [
          "arn:aws:s3:::ml-model-artifacts/*",
          "*", # expect: IAM003
          "arn:aws:s3:::*/*",
        ]
      },
      {
        Sid      = "InvokeAnyEndpoint"
        Effect   = "Allow"
        Action   = "sagemaker:InvokeEndpoint"
        Resource = "arn:aws:sagemaker:*:*:endpoint/*" # expect: IAM003
      },
      {
        Sid      = "UseAnyKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "arn:aws:kms:*:*:key/*" # expect: IAM003
      },
    ]
  })
}

# The resource list comes from a variable default: located at its use.
resource "aws_iam_role_policy" "agent_retrieval" {
  name = "agent-retrieval"
  role = aws_iam_role.sagemaker_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["bedrock:Retrieve", "bedrock:RetrieveAndGenerate"]
      Resource = var.knowledge_base_arns # expect: IAM003
    }]
  })
}

# User policy written as a quoted JSON string.
resource "aws_iam_user_policy" "data_scientist" {
  name   = "data-scientist"
  user   = "data-scientist"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sagemaker:StopNotebookInstance\", \"Resource\": \"*\"}]}" # expect: IAM003
}

# Group policy whose Statement is a single object.
resource "aws_iam_group_policy" "ml_engineers" {
  name  = "ml-engineers"
  group = "ml-engineers"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "arn:aws:logs:*:*:*" # expect: IAM003
    }
  })
}
