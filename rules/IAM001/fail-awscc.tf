# awscc_iam_role (AWS::IAM::Role): inline policies are a list of objects whose
# policy_document is JSON (jsonencode); awscc_iam_role_policy and
# awscc_iam_managed_policy (AWS::IAM::RolePolicy, AWS::IAM::ManagedPolicy) too.
resource "awscc_iam_role" "cc_admin" {
  role_name = "cc-admin"
  assume_role_policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
    }]
  })
  policies = [{
    policy_name = "everything"
    policy_document = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] # expect: IAM001
    })
  }]
}

resource "awscc_iam_role_policy" "cc_extra" {
  role_name   = awscc_iam_role.cc_admin.role_name
  policy_name = "extra"
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["*"] # expect: IAM001
      Resource = "*"
    }]
  })
}

resource "awscc_iam_managed_policy" "cc_managed" {
  managed_policy_name = "cc-managed"
  roles               = [awscc_iam_role.cc_admin.role_name]
  policy_document = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*:*" # expect: IAM001
      Resource = "*"
    }]
  })
}
