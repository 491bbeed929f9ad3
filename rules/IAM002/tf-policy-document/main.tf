# Policies from aws_iam_policy_document are judged by what consumes them: the finding
# stands on the "service:*" in the document when an identity policy uses it (or when
# nothing does); trust, key and bucket policies are other rules' concern.

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "sagemaker_trust" {
  statement {
    actions = ["sts:*"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "training" {
  name               = "training"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_trust.json
}

# Merged through source_policy_documents: the finding is still in the source document.
data "aws_iam_policy_document" "read_datasets" {
  statement {
    sid       = "Datasets"
    actions   = ["s3:*"] # expect: IAM002
    resources = ["arn:aws:s3:::ml-datasets", "arn:aws:s3:::ml-datasets/*"]
  }
}

data "aws_iam_policy_document" "training" {
  source_policy_documents = [data.aws_iam_policy_document.read_datasets.json]

  statement {
    sid       = "Training"
    actions   = ["sagemaker:CreateTrainingJob", "sagemaker:*"] # expect: IAM002
    resources = ["arn:aws:sagemaker:eu-west-1:123456789012:training-job/*"]
  }

  statement {
    sid       = "GuardArtifacts"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::ml-audit-logs/*"]
  }
}

resource "aws_iam_role_policy" "training" {
  name   = "training"
  role   = aws_iam_role.training.id
  policy = data.aws_iam_policy_document.training.json
}

# Consumed by nothing: judged as an identity policy.
data "aws_iam_policy_document" "orphan" {
  statement {
    actions   = ["ecr:*"] # expect: IAM002
    resources = ["arn:aws:ecr:eu-west-1:123456789012:repository/inference-images"]
  }
}

# Used as a key policy: "kms:*" for the account root is the usual key policy.
data "aws_iam_policy_document" "model_key" {
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

# Used as a bucket policy.
data "aws_iam_policy_document" "datasets_bucket" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::ml-datasets", "arn:aws:s3:::ml-datasets/*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.training.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "datasets" {
  bucket = "ml-datasets"
  policy = data.aws_iam_policy_document.datasets_bucket.json
}
