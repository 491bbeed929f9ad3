# IAM004 allow-not-action: policies written as heredoc JSON documents.
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
      "Sid": "AnythingButAdmin",
      "Effect": "Allow",
      "NotAction": [
        "iam:*",
        "organizations:*"
      ],
      "Resource": "*"
    },
    {
      "Sid": "EveryModelButOne",
      "Effect": "Allow",
      "Action": "bedrock:InvokeModel",
      "NotResource": "arn:aws:bedrock:eu-west-1::foundation-model/meta.llama3-70b-instruct-v1:0"
    },
    {
      "Sid": "DenyWithoutMfa",
      "Effect": "Deny",
      "NotAction": "sts:GetSessionToken",
      "Resource": "*",
      "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    }
  ]
}
EOF
}

# An indented heredoc (<<-) is located just as precisely.
resource "aws_iam_policy" "vector_store" {
  name = "vector-store"

  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "NotAction": "aoss:DeleteCollection",
          "Resource": "arn:aws:aoss:eu-west-1:123456789012:collection/kb-vectors"
        }
      ]
    }
  JSON
}
