resource "aws_kms_key" "eu" {
  description = "model artefacts"
  region      = "eu-west-1"
}

# The provider's region applies.
resource "aws_kms_key" "default" {
  description = "logs"
}
