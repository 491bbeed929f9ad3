# IAM010 with aws_iam_policy_document data sources: each document is judged where it is
# used (a trust policy, a role policy), pieces merged through source_policy_documents
# keep their own location, and a document consumed by nothing is judged on its own.

data "aws_iam_policy_document" "sagemaker_trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSesion"] # expect: IAM010
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "sagemaker_execution" {
  name               = "sagemaker-execution"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_trust.json
}

data "aws_iam_policy_document" "pull_images" {
  statement {
    actions   = ["ecr:GetAuthorisationToken"] # expect: IAM010
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "execution" {
  source_policy_documents = [data.aws_iam_policy_document.pull_images.json]

  statement {
    sid       = "Models"
    actions   = ["sagemaker:CreateModel", "sagemaker:DescribeModel"]
    resources = ["arn:aws:sagemaker:eu-west-1:111122223333:model/*"]
  }

  statement {
    sid       = "Artifacts"
    actions   = ["s3:PutObjectTaging"] # expect: IAM010
    resources = ["arn:aws:s3:::ml-model-artifacts/*"]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "execution"
  role   = aws_iam_role.sagemaker_execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# Consumed by nothing: judged as an identity policy.
data "aws_iam_policy_document" "draft" {
  statement {
    actions   = ["bedrock:ListFoundationModel"] # expect: IAM010
    resources = ["*"]
  }
}
