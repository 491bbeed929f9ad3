# KMS001 pass cases: rotating symmetric keys, and keys AWS cannot rotate.

resource "aws_kms_key" "training_data" {
  description             = "Encrypts the training data bucket"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_kms_key" "model_artifacts" {
  description             = "Encrypts SageMaker model artifacts"
  enable_key_rotation     = true
  rotation_period_in_days = 90
}

# Asymmetric signing key: automatic rotation does not exist for it.
resource "aws_kms_key" "model_signing" {
  description              = "Signs model packages before deployment"
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

# Asymmetric encryption key: not rotatable either.
resource "aws_kms_key" "payload_envelope" {
  description              = "Envelope encryption for partner payloads"
  customer_master_key_spec = "RSA_4096"
  key_usage                = "ENCRYPT_DECRYPT"
}

# HMAC key: not rotatable either.
resource "aws_kms_key" "inference_tokens" {
  description              = "Signs inference request tokens"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

# Rotation decided by a variable with no default: unknown, never reported.
variable "rotate_keys" {
  type = bool
}

resource "aws_kms_key" "notebook_volumes" {
  description         = "Encrypts notebook instance volumes"
  enable_key_rotation = var.rotate_keys
}
