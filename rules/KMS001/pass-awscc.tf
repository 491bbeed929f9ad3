resource "awscc_kms_key" "cc_training" {
  description         = "Training data"
  enable_key_rotation = true
}

# Asymmetric keys cannot rotate automatically.
resource "awscc_kms_key" "cc_signing" {
  description = "Model signing"
  key_spec    = "RSA_2048"
  key_usage   = "SIGN_VERIFY"
}
