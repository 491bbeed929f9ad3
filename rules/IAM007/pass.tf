resource "aws_iam_policy" "scoped_pass_role" {
  name = "scoped-pass-role"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "sagemaker:CreateTrainingJob"
        Resource = "arn:aws:sagemaker:eu-west-1:111122223333:training-job/*"
      },
      {
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "*"
        Condition = { StringEquals = { "iam:PassedToService" = "sagemaker.amazonaws.com" } }
      },
      {
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = "arn:aws:iam::111122223333:role/ml-training"
      },
    ]
  })
}

resource "aws_iam_policy" "denied" {
  name = "denied"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "iam:CreatePolicyVersion", Resource = "arn:aws:iam::111122223333:policy/ml-*" },
      { Effect = "Deny", Action = "iam:*", Resource = "*" },
    ]
  })
}

resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] # expect: IAM001
  })
}

resource "aws_iam_policy" "read_only_iam" {
  name = "read-only-iam"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:Get*", "iam:List*"], Resource = "*" }]
  })
}
