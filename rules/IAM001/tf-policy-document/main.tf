# Policies from aws_iam_policy_document: the finding stands on the "*" in the
# document, whoever consumes it; a document used only as a key policy is not an
# identity policy.
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "ReadModels"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-models/*"]
  }
}

data "aws_iam_policy_document" "training" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  statement {
    sid       = "Everything"
    actions   = ["*"] # expect: IAM001
    resources = ["*"]
  }

  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["arn:aws:s3:::acme-audit/*"]
  }
}

resource "aws_iam_policy" "training" {
  name   = "training"
  policy = data.aws_iam_policy_document.training.json
}

# Consumed by nothing: judged as an identity policy.
data "aws_iam_policy_document" "orphan" {
  statement {
    actions   = ["*:*"] # expect: IAM001
    resources = ["*"]
  }
}

# Used only as a key policy: IAM001 is for identity policies.
data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_kms_key" "models" {
  enable_key_rotation = true
  policy              = data.aws_iam_policy_document.key.json
}
