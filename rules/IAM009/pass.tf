# examined: none -- the only access key has count 0: no key is deployed for IAM009 to judge.
# IAM009 long-lived-access-key: nothing here may fire. The pipeline runs on a role
# with temporary credentials instead of an access key.

variable "legacy_client_key" {
  description = "Turned on only for a migration window."
  type        = bool
  default     = false
}

resource "aws_iam_role" "training_pipeline" {
  name = "training-pipeline"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# Workloads outside AWS federate through OIDC instead of holding keys.
resource "aws_iam_role" "github_actions_deploy" {
  name = "github-actions-model-deploy"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:example-org/models:ref:refs/heads/main"
        }
      }
    }]
  })
}

resource "aws_iam_user" "inference_client" {
  name = "inference-client"
}

# Not deployed: count is 0 with the default variable value.
resource "aws_iam_access_key" "inference_client" {
  count = var.legacy_client_key ? 1 : 0
  user  = aws_iam_user.inference_client.name
}

# Reading the existing keys of a user (for an audit) creates none.
data "aws_iam_access_keys" "inference_client" {
  user = aws_iam_user.inference_client.name
}
