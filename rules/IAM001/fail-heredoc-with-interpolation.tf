# A heredoc policy with interpolations: known elements are judged, unknown ones are not.
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
resource "aws_iam_role_policy" "p" {
  role = "r"
  policy = <<EOF
{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "${aws_s3_bucket.data.arn}/*"
    },
    {
      "Effect": "${var.effect}",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
EOF
}
variable "effect" {}
