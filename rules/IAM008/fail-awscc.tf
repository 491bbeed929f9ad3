# awscc_iam_role: assume_role_policy_document open to everyone.
resource "awscc_iam_role" "cc_anyone" {
  role_name = "cc-anyone"
  assume_role_policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" } # expect: IAM008
    }]
  })
}
