# IAM001 wildcard-action: identity policies whose Allow statements grant every action.

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

  # Inline policy block, Action as a single string.
  inline_policy {
    name = "do-anything"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "*" # expect: IAM001
        Resource = "*"
      }]
    })
  }
}

# Managed policy: one finding per offending statement. In the second statement the
# first wildcard ("*:*") is reported and the later "*" becomes a secondary label.
resource "aws_iam_policy" "ml_platform" {
  name = "ml-platform"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadTrainingData"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
      },
      {
        Sid    = "Platform"
        Effect = "Allow"
        Action = [
          "sagemaker:CreateTrainingJob",
          "*:*", # expect: IAM001
          "*",
        ]
        Resource = "*"
      },
      {
        Sid      = "Deploy"
        Effect   = "Allow"
        Action   = ["*"] # expect: IAM001
        Resource = "*"
      },
    ]
  })
}

# User policy written as a quoted JSON string.
resource "aws_iam_user_policy" "data_scientist" {
  name   = "data-scientist"
  user   = "data-scientist"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}" # expect: IAM001
}

# Group policy whose Statement is a single object rather than a list.
resource "aws_iam_group_policy" "ml_engineers" {
  name  = "ml-engineers"
  group = "ml-engineers"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = {
      Effect   = "Allow"
      Action   = "*:*" # expect: IAM001
      Resource = "*"
    }
  })
}
