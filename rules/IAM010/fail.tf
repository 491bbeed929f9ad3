# IAM010 unknown-action: actions and action patterns that name nothing in AWS, in
# identity, trust, key and bucket policies. The finding stands on the action string;
# the message suggests the nearest real action when one is close.

locals {
  # The finding stands where the policy uses the local, with a label here.
  invoke_action = "bedrock:InvokeModl"
}

resource "aws_iam_role" "sagemaker_execution" {
  name = "sagemaker-execution"

  # Trust policy: `sts:AssumeRol` (did you mean `sts:AssumeRole`?).
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = ["sts:AssumeRol", "sts:SetSourceIdentity"] # expect: IAM010
    }]
  })

  inline_policy {
    name = "invoke-endpoints"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = "sagemaker:InvokeEndpoints" # expect: IAM010
        Resource = "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/churn-model"
      }]
    })
  }
}

resource "aws_iam_role_policy" "training" {
  name = "training"
  role = aws_iam_role.sagemaker_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ReadTrainingData"
        Effect = "Allow"
        Action = [
          "s3:GetObjct", # expect: IAM010
          "s3:ListBucket",
        ]
        Resource = ["arn:aws:s3:::ml-training-data", "arn:aws:s3:::ml-training-data/*"]
      },
      {
        # A pattern that matches no action at all.
        Sid      = "ReadMetadata"
        Effect   = "Allow"
        Action   = "s3:Gett*" # expect: IAM010
        Resource = "arn:aws:s3:::ml-training-data/*"
      },
      {
        Sid      = "Training"
        Effect   = "Allow"
        Action   = ["sagemaker:CreateTrainingJobs", "sagemaker:DescribeTrainingJob"] # expect: IAM010
        Resource = "arn:aws:sagemaker:eu-west-1:111122223333:training-job/*"
      },
      {
        # The Converse API is authorised by bedrock:InvokeModel; there is no
        # bedrock:Converse action.
        Sid      = "Chat"
        Effect   = "Allow"
        Action   = "bedrock:Converse" # expect: IAM010
        Resource = "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
      },
      {
        Sid      = "Invoke"
        Effect   = "Allow"
        Action   = [local.invoke_action] # expect: IAM010
        Resource = "arn:aws:bedrock:eu-west-1::foundation-model/*"
      },
      {
        # A misspelled service prefix.
        Sid      = "Agents"
        Effect   = "Allow"
        Action   = "bedrok:InvokeAgent" # expect: IAM010
        Resource = "arn:aws:bedrock:eu-west-1:111122223333:agent-alias/*"
      },
      {
        # Not of the form service:action.
        Sid      = "Logs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "PutLogEvents"] # expect: IAM010
        Resource = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/sagemaker/*"
      },
      {
        # NotAction is read too.
        Sid       = "NoDeletes"
        Effect    = "Deny"
        NotAction = ["s3:GetObject", "s3:ListBuckett"] # expect: IAM010
        Resource  = "arn:aws:s3:::ml-training-data/*"
      },
    ]
  })
}

# Key policy.
resource "aws_kms_key" "training_data" {
  description         = "Training data"
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "SageMakerUses"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.sagemaker_execution.arn }
        Action    = ["kms:Decrypt", "kms:GenerateDataKeys"] # expect: IAM010
        Resource  = "*"
      },
    ]
  })
}

# Bucket policy.
resource "aws_s3_bucket_policy" "training_data" {
  bucket = "ml-training-data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "NoVersionDeletes"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:DeleteObjectVersions" # expect: IAM010
      Resource  = "arn:aws:s3:::ml-training-data/*"
    }]
  })
}

# User policy: a misspelled SageMaker Studio action.
resource "aws_iam_user_policy" "data_scientist" {
  name = "studio-access"
  user = "data-scientist"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sagemaker:CreatePresingedDomainUrl" # expect: IAM010
      Resource = "arn:aws:sagemaker:eu-west-1:111122223333:user-profile/d-abc123/*"
    }]
  })
}

# Key policy managed as its own resource.
resource "aws_kms_key_policy" "model_artifacts" {
  key_id = "1234abcd-12ab-34cd-56ef-1234567890ab"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AccountAdministers"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = ["kms:*", "kms:PutKeyPolicies"] # expect: IAM010
      Resource  = "*"
    }]
  })
}
