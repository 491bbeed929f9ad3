# Regression: resource types spelled differently in the source catalog (`Secret`,
# `Collection`) still count as covered by a wildcard ARN.
resource "aws_iam_policy" "secrets_and_vectors" {
  name = "secrets-and-vectors"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = "arn:aws:secretsmanager:*:*:secret:*" # expect: IAM003
      },
      {
        Effect   = "Allow"
        Action   = ["aoss:APIAccessAll"]
        Resource = "arn:aws:aoss:*:*:collection/*" # expect: IAM003
      },
    ]
  })
}
