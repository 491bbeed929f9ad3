# IAM010 unknown-action: policies written as heredoc JSON documents. JSON inside a
# heredoc cannot carry expectation comments, so the expected findings are listed in the
# sidecar fail-heredoc.tf.expect, one `LINE: CODE` per line.

resource "aws_iam_role" "bedrock_agent" {
  name = "bedrock-agent-service"

  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "bedrock.amazonaws.com"},
      "Action": "sts:AssumeRoles"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "bedrock_agent" {
  name = "bedrock-agent"
  role = aws_iam_role.bedrock_agent.id

  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Retrieve",
          "Effect": "Allow",
          "Action": [
            "bedrock:Retrieve",
            "bedrock:RetreiveAndGenerate"
          ],
          "Resource": "arn:aws:bedrock:eu-west-1:111122223333:knowledge-base/*"
        },
        {
          "Sid": "Invoke",
          "Effect": "Allow",
          "Action": "bedrock:InvokeModelWithResponseStreams",
          "Resource": "arn:aws:bedrock:eu-west-1::foundation-model/*"
        }
      ]
    }
  POLICY
}
