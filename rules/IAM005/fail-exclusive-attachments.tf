# Regression: exclusive attachments for users and groups, and a data source ARN.
resource "aws_iam_user_policy_attachments_exclusive" "u" {
  user_name   = "ci"
  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] # expect: IAM005
}
resource "aws_iam_group_policy_attachments_exclusive" "g" {
  group_name  = "ml"
  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"] # expect: IAM005
}
data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}
resource "aws_iam_role_policy_attachment" "viadata" {
  role       = "x"
  policy_arn = data.aws_iam_policy.admin.arn # expect: IAM005
}
