# Regression: an ARN built with an unknown partition, and data "aws_iam_policy" by name.
data "aws_partition" "current" {}
data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = "ml"
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess" # expect: IAM005
}
resource "aws_iam_role_policy_attachment" "b" {
  role       = "ml"
  policy_arn = data.aws_iam_policy.admin.arn # expect: IAM005
}
