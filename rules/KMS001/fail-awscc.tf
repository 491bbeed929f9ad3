# awscc_kms_key is AWS::KMS::Key: rotation off, or left unset (off by default).
resource "awscc_kms_key" "cc_training" {
  description         = "Training data"
  enable_key_rotation = false # expect: KMS001
}

resource "awscc_kms_key" "cc_artifacts" { # expect: KMS001
  description = "Model artifacts"
}
