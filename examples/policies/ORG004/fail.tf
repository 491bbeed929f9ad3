resource "aws_kms_key" "us" {
  description = "model artefacts"
  region      = "us-east-1" # expect: ORG004
}
