# An awscc policy document written as a JSON heredoc: located inside the string.
resource "awscc_iam_role_policy" "cc_heredoc" {
  role_name       = "cc-admin"
  policy_name     = "heredoc"
  policy_document = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "*",
          "Resource": "*"
        }
      ]
    }
  JSON
}
