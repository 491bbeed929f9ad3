# A policy in an indented heredoc (`<<-`): the finding stands on the "*" line.
resource "aws_iam_role_policy" "training" {
  name = "training"
  role = "sagemaker-training"
  policy = <<-POLICY
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
  POLICY
}
