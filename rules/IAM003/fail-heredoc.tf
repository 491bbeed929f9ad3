# IAM003 wildcard-resource: policies written as heredoc JSON documents.
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
      "Action": "bedrock:InvokeModel",
      "Resource": "arn:aws:bedrock:*::foundation-model/*"
    },
    {
      "Sid": "KnowledgeBaseDocuments",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:aws:s3:::kb-documents",
        "*"
      ]
    },
    {
      "Sid": "ListModels",
      "Effect": "Allow",
      "Action": "bedrock:ListFoundationModels",
      "Resource": "*"
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
          "Action": ["aoss:APIAccessAll"],
          "Resource": "*"
        }
      ]
    }
  JSON
}
