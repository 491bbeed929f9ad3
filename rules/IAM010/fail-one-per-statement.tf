# Regression: one finding per statement, the other unknown action as a label.
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObjct", "s3:PutObjekt"], Resource = "arn:aws:s3:::b/*" }] # expect: IAM010
  })
}
