resource "awscc_s3_bucket" "models" { # expect: ORG002
  bucket_name = "acme-models"
  tags = [{
    key   = "Team"
    value = "ml"
  }]
}
