resource "awscc_iam_role" "cc_partner" {
  role_name = "cc-partner"
  assume_role_policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::444455556666:role/partner-ci" }
    }]
  })
}
