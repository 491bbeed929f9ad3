# IAM: one role per AI workload, but the policies grew by copy and paste.

locals {
  training_data_arn   = aws_s3_bucket.training_data.arn
  model_artifacts_arn = aws_s3_bucket.model_artifacts.arn
  data_capture_arn    = aws_s3_bucket.data_capture.arn

  # SageMaker jobs and endpoints in the VPC create their own network interfaces.
  vpc_access_statements = [
    {
      Sid      = "DescribeTheNetwork"
      Effect   = "Allow"
      Action   = ["ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkInterfaces", "ec2:DescribeDhcpOptions"]
      Resource = "*"
    },
    {
      Sid      = "ManageNetworkInterfacesInThisAccount"
      Effect   = "Allow"
      Action   = ["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"]
      Resource = ["${local.ec2_arn}:network-interface/*", "${local.ec2_arn}:subnet/*", "${local.ec2_arn}:security-group/*"]
    },
  ]
}

# ---------------------------------------------------------------- SageMaker Studio and notebooks

resource "aws_iam_role" "studio" {
  name = "${local.name}-studio"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "studio" {
  name = "studio-least-privilege"
  role = aws_iam_role.studio.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.vpc_access_statements, [
      {
        Sid      = "ListTheMlBuckets"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = [local.training_data_arn, local.model_artifacts_arn]
      },
      {
        Sid      = "ReadTrainingData"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "${local.training_data_arn}/*"
      },
      # Every S3 action (delete, put policy, change ACLs...) on the ML buckets.
      {
        Sid      = "DataScienceBuckets"
        Effect   = "Allow"
        Action   = "s3:*" # seed: IAM002
        Resource = ["${local.training_data_arn}/*", "${local.model_artifacts_arn}/*"]
      },
      {
        Sid      = "UseTheTierKeys"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = [aws_kms_key.data.arn, aws_kms_key.artifacts.arn, aws_kms_key.workspace.arn]
      },
      {
        Sid      = "RunTrainingAndProcessingJobs"
        Effect   = "Allow"
        Action   = ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:CreateProcessingJob", "sagemaker:DescribeProcessingJob"]
        Resource = ["${local.sagemaker_arn}:training-job/${local.name}-*", "${local.sagemaker_arn}:processing-job/${local.name}-*"]
      },
      # Any role can be passed to any service: with CreateTrainingJob above, a notebook
      # user can run code as the most privileged role of the account.
      {
        Sid      = "PassRoles"
        Effect   = "Allow"
        Action   = "iam:PassRole" # seed: IAM007
        Resource = "*"
      },
      {
        Sid      = "PullTrainingImages"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Sid      = "PullFromThePlatformRepository"
        Effect   = "Allow"
        Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
        Resource = aws_ecr_repository.inference.arn
      },
      {
        Sid      = "WriteJobLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${local.logs_arn}:log-group:/aws/sagemaker/*"
      },
    ])
  })
}

# "Studio needs it": the AWS managed full-access policy on top of the inline one.
resource "aws_iam_role_policy_attachment" "studio_full_access" {
  role       = aws_iam_role.studio.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess" # seed: IAM005
}

# ---------------------------------------------------------------- SageMaker inference

resource "aws_iam_role" "inference" {
  name = "${local.name}-inference"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "inference" {
  name = "inference-least-privilege"
  role = aws_iam_role.inference.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.vpc_access_statements, [
      {
        Sid      = "ReadTheModel"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "${local.model_artifacts_arn}/models/*"
      },
      {
        Sid      = "WriteCapturedRequests"
        Effect   = "Allow"
        Action   = "s3:PutObject"
        Resource = "${local.data_capture_arn}/endpoint-capture/*"
      },
      {
        Sid      = "UseTheArtifactAndLogKeys"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.artifacts.arn, aws_kms_key.logs.arn]
      },
      {
        Sid      = "PullTheServingImage"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Sid      = "PullFromThePlatformRepository"
        Effect   = "Allow"
        Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = aws_ecr_repository.inference.arn
      },
      {
        Sid      = "WriteEndpointLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${local.logs_arn}:log-group:/aws/sagemaker/Endpoints/${local.endpoint_name}:*"
      },
    ])
  })
}

# ---------------------------------------------------------------- Bedrock model customization

resource "aws_iam_role" "bedrock_customization" {
  name = "${local.name}-bedrock-customization"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "bedrock.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = var.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:aws:bedrock:${var.region}:${var.account_id}:model-customization-job/*" }
      }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "bedrock_customization" {
  name = "customization-least-privilege"
  role = aws_iam_role.bedrock_customization.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.vpc_access_statements, [
      {
        Sid      = "ReadFineTuningData"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [local.training_data_arn, "${local.training_data_arn}/fine-tuning/*"]
      },
      {
        Sid      = "WriteCustomizationOutput"
        Effect   = "Allow"
        Action   = "s3:PutObject"
        Resource = "${local.model_artifacts_arn}/customization/*"
      },
      {
        Sid      = "UseTheDataAndArtifactKeys"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"]
        Resource = [aws_kms_key.data.arn, aws_kms_key.artifacts.arn]
      },
    ])
  })
}

# ---------------------------------------------------------------- Bedrock agent and knowledge base

resource "aws_iam_role" "bedrock_agent" {
  name = "${local.name}-bedrock-agent"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "bedrock.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = var.account_id }
        ArnLike      = { "aws:SourceArn" = ["arn:aws:bedrock:${var.region}:${var.account_id}:agent/*", "arn:aws:bedrock:${var.region}:${var.account_id}:knowledge-base/*"] }
      }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "bedrock_agent" {
  name = "agent-least-privilege"
  role = aws_iam_role.bedrock_agent.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # Any model, custom model or provisioned throughput of the account, not the two it uses.
      {
        Sid      = "InvokeModels"
        Effect   = "Allow"
        Action   = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
        Resource = "*" # seed: IAM003
      },
      {
        Sid      = "ApplyTheGuardrail"
        Effect   = "Allow"
        Action   = "bedrock:ApplyGuardrail"
        Resource = aws_bedrock_guardrail.assistant.guardrail_arn
      },
      {
        Sid      = "QueryTheVectorStore"
        Effect   = "Allow"
        Action   = "aoss:APIAccessAll"
        Resource = aws_opensearchserverless_collection.kb.arn
      },
      {
        Sid      = "ReadKnowledgeBaseDocuments"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [local.training_data_arn, "${local.training_data_arn}/knowledge-base/*"]
      },
      {
        Sid      = "UseTheDataAndWorkspaceKeys"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [aws_kms_key.data.arn, aws_kms_key.workspace.arn]
      },
    ]
  })
}

# ---------------------------------------------------------------- VPC flow logs

resource "aws_iam_role" "flow_logs" {
  name = "${local.name}-flow-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "flow_logs" {
  name = "write-flow-logs"
  role = aws_iam_role.flow_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = ["${aws_cloudwatch_log_group.flow_logs.arn}", "${aws_cloudwatch_log_group.flow_logs.arn}:*"]
    }]
  })
}

# ---------------------------------------------------------------- API Gateway

resource "aws_iam_role" "api_gateway" {
  name = "${local.name}-api-invoke-endpoint"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = var.account_id } }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy" "api_gateway" {
  name = "invoke-the-endpoint"
  role = aws_iam_role.api_gateway.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sagemaker:InvokeEndpoint"
      Resource = "${local.sagemaker_arn}:endpoint/${local.endpoint_name}"
    }]
  })
}

resource "aws_iam_role" "api_gateway_logging" {
  name = "${local.name}-apigateway-cloudwatch"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "api_gateway_logging" {
  role       = aws_iam_role.api_gateway_logging.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
}

# ---------------------------------------------------------------- labeling vendor

# The vendor's account labels raw data. Every principal of that account may assume the
# role, and without an external ID (confused deputy).
resource "aws_iam_role" "labeling_vendor" {
  name = "${local.name}-labeling-vendor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.labeling_vendor_account_id}:root" } # seed: IAM008
      Action    = "sts:AssumeRole"
    }]
  })
  max_session_duration = 3600
  tags                 = local.tags
}

resource "aws_iam_role_policy" "labeling_vendor" {
  name = "label-raw-data"
  role = aws_iam_role.labeling_vendor.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadUnlabeled"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = "${local.training_data_arn}/raw/*"
      },
      {
        Sid      = "WriteLabels"
        Effect   = "Allow"
        Action   = "s3:PutObject"
        Resource = "${local.training_data_arn}/labels/*"
      },
    ]
  })
}

# ---------------------------------------------------------------- CI: publishes serving images

resource "aws_iam_user" "ci_publisher" {
  name = "${local.name}-ci-publisher"
  tags = local.tags
}

resource "aws_iam_user_policy" "ci_publisher" {
  name = "push-serving-images"
  user = aws_iam_user.ci_publisher.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "LogInToEcr"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*"
      },
      {
        Sid      = "PushToThePlatformRepository"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"]
        Resource = aws_ecr_repository.inference.arn
      },
    ]
  })
}

# A long-lived access key for the CI, pasted into the CI's secret settings.
resource "aws_iam_access_key" "ci_publisher" { # seed: IAM009
  user = aws_iam_user.ci_publisher.name
}
