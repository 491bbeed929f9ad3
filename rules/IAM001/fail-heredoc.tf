# IAM001 wildcard-action: a role policy written as a heredoc JSON document.
# JSON inside a heredoc cannot carry expectation comments, so the expected findings
# are listed in the sidecar fail-heredoc.tf.expect, one `LINE: CODE` per line.

resource "aws_iam_role" "bedrock_agent" {
  name = "bedrock-agent-service"

  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "bedrock.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "bedrock_agent" {
  name = "bedrock-agent"
  role = aws_iam_role.bedrock_agent.id

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "InvokeModels",
      "Effect": "Allow",
      "Action": [
        "bedrock:InvokeModel",
        "*"
      ],
      "Resource": "*"
    },
    {
      "Sid": "Everything",
      "Effect": "Allow",
      "Action": "*:*",
      "Resource": "*"
    }
  ]
}
EOF
}
