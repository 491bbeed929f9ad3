# An awscc key policy (key_policy, a JSON document: here jsonencode) open to every AWS
# principal.
resource "awscc_kms_key" "cc_open" {
  description         = "Feature store"
  enable_key_rotation = true
  key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Everyone"
      Effect    = "Allow"
      Principal = { AWS = "*" } # expect: KMS007
      Action    = "kms:Decrypt"
      Resource  = "*"
    }]
  })
}
