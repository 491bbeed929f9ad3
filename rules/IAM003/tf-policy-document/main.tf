# Policies from aws_iam_policy_document are judged by what consumes them: the finding
# stands on the offending resource in the document when an identity policy uses it (or
# when nothing does); a key policy's "*" means "this key" and is not judged here.

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "sagemaker_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "inference" {
  name               = "inference"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_trust.json
}

# Merged through source_policy_documents: the finding is still in the source document.
data "aws_iam_policy_document" "pull_images" {
  statement {
    sid       = "Login"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "Pull"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = ["*"] # expect: IAM003
  }
}

data "aws_iam_policy_document" "inference" {
  source_policy_documents = [data.aws_iam_policy_document.pull_images.json]

  statement {
    sid     = "ModelArtifacts"
    actions = ["s3:GetObject"]
    resources = [
      "arn:aws:s3:::ml-model-artifacts/*",
      "arn:aws:s3:::*/*", # expect: IAM003
    ]
  }

  statement {
    sid       = "DenyUnencryptedWrites"
    effect    = "Deny"
    actions   = ["s3:PutObject"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }
}

resource "aws_iam_role_policy" "inference" {
  name   = "inference"
  role   = aws_iam_role.inference.id
  policy = data.aws_iam_policy_document.inference.json
}

# Consumed by nothing: judged as an identity policy.
data "aws_iam_policy_document" "orphan" {
  statement {
    actions   = ["bedrock:InvokeModel"]
    resources = ["arn:aws:bedrock:*::foundation-model/*"] # expect: IAM003
  }
}

# Used as a key policy: "*" there is the key itself.
data "aws_iam_policy_document" "model_key" {
  statement {
    sid       = "InferenceRoleUsesKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.inference.arn]
    }
  }
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}

resource "aws_kms_key" "model_artifacts" {
  description         = "Model artifacts"
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.model_key.json
}
