# A statement granting every action is IAM001's: IAM002 does not report it again.
resource "aws_iam_policy" "admin_and_more" {
  name = "admin-and-more"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["*", "s3:*"], Resource = "*" }] # expect: IAM001
  })
}
