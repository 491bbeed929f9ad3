# Policies from aws_iam_policy_document: `not_actions` and `not_resources` become
# NotAction and NotResource, and the finding stands on their first element when an
# identity policy uses the document (or when nothing does). Trust, key and bucket
# policies are other rules' concern.

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

resource "aws_iam_role" "notebook" {
  name               = "studio-notebook"
  assume_role_policy = data.aws_iam_policy_document.sagemaker_trust.json
}

# Merged through source_policy_documents: the finding is still in the source document.
data "aws_iam_policy_document" "base" {
  statement {
    sid           = "EveryBucketButAudit"
    actions       = ["s3:GetObject"]
    not_resources = ["arn:aws:s3:::ml-audit-logs/*"] # expect: IAM004
  }
}

data "aws_iam_policy_document" "notebook" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]

  statement {
    sid         = "AnythingButAdmin"
    not_actions = ["iam:*", "organizations:*"] # expect: IAM004
    resources   = ["*"]
  }

  # A Deny with NotAction is a guardrail: no finding.
  statement {
    sid         = "DenyOutsideRegion"
    effect      = "Deny"
    not_actions = ["iam:*", "sts:*"]
    resources   = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}

resource "aws_iam_role_policy" "notebook" {
  name   = "studio-notebook"
  role   = aws_iam_role.notebook.id
  policy = data.aws_iam_policy_document.notebook.json
}

# Consumed by nothing: judged as an identity policy.
data "aws_iam_policy_document" "orphan" {
  statement {
    not_actions = ["kms:ScheduleKeyDeletion"] # expect: IAM004
    resources   = ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
  }
}

# Used as a key policy: an Allow with NotAction there is judged by the KMS rules.
data "aws_iam_policy_document" "model_key" {
  statement {
    sid         = "AccountAdministersExceptDeletion"
    not_actions = ["kms:ScheduleKeyDeletion"]
    resources   = ["*"]
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
