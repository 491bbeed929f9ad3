# Published paths beyond policy rewrites: PassRole with services that run the caller's
# code, and replacing the code of something that runs as its own role.
resource "aws_iam_policy" "ci_runner" {
  name = "ci-runner"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ecs:RegisterTaskDefinition", "ecs:RunTask", "codebuild:CreateProject", "codebuild:StartBuild"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "iam:PassRole" # expect: IAM007
        Resource = "arn:aws:iam::111122223333:role/*"
      },
    ]
  })
}

resource "aws_iam_policy" "agent_builder" {
  name = "agent-builder"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = [
        "bedrock-agentcore:CreateCodeInterpreter",
        "bedrock-agentcore:InvokeCodeInterpreter",
        "iam:PassRole", # expect: IAM007
      ]
      Resource = "*"
    }]
  })
}

resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["lambda:UpdateFunctionCode"] # expect: IAM007
        Resource = "arn:aws:lambda:*:111122223333:function:*"
      },
      {
        Effect   = "Allow"
        Action   = "glue:UpdateDevEndpoint" # expect: IAM007
        Resource = "arn:aws:glue:eu-west-1:111122223333:devEndpoint/team-*"
      },
    ]
  })
}

# Scoped by a name or path pattern: it reaches the roles matching it (those this
# configuration defines are named), at a lower severity.
resource "aws_iam_role" "catalog_products" {
  name               = "AmazonSageMakerServiceCatalogProductsUseRole"
  path               = "/service-role/"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })
}

resource "aws_iam_policy" "ml_projects" {
  name = "ml-projects"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["sagemaker:CreateTrainingJob"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "iam:PassRole" # expect: IAM007
        Resource = "arn:aws:iam::*:role/service-role/AmazonSageMakerServiceCatalog*"
      },
      {
        Effect   = "Allow"
        Action   = "iam:AttachRolePolicy" # expect: IAM007
        Resource = "arn:aws:iam::111122223333:role/ml-*"
      },
    ]
  })
}
