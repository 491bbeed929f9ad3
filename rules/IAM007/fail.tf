resource "aws_iam_policy" "data_scientist" {
  name = "data-scientist"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"] # expect: IAM007
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = "iam:PassRole" # expect: IAM007
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "self_editing" {
  name = "self-editing"
  role = "ml-training"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "iam:CreatePolicyVersion"] # expect: IAM007
      Resource = "*"
    }]
  })
}

data "aws_iam_policy_document" "pass_any_role" {
  statement {
    actions   = ["iam:PassRole"] # expect: IAM007
    resources = ["arn:aws:iam::111122223333:role/*"]
  }
}

resource "aws_iam_policy" "pass_any_role" {
  name   = "pass-any-role"
  policy = data.aws_iam_policy_document.pass_any_role.json
}

resource "aws_iam_policy" "iam_admin" {
  name = "iam-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] # expect: IAM002, IAM007
  })
}
