# KMS001 fail cases: symmetric encryption keys without automatic rotation.

# Rotation never mentioned: the finding is on the resource header.
resource "aws_kms_key" "training_data" { # expect: KMS001
  description             = "Encrypts the training data bucket"
  deletion_window_in_days = 30
}

# Rotation explicitly turned off: the finding is on the value.
resource "aws_kms_key" "model_artifacts" {
  description             = "Encrypts SageMaker model artifacts"
  deletion_window_in_days = 30
  enable_key_rotation     = false # expect: KMS001
}

# Spelled-out symmetric spec and usage are still symmetric encryption keys.
resource "aws_kms_key" "endpoint_volumes" { # expect: KMS001
  description              = "Encrypts SageMaker endpoint storage volumes"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  key_usage                = "ENCRYPT_DECRYPT"
}

# Multi-Region primary keys rotate like any other symmetric key.
resource "aws_kms_key" "feature_store" {
  description         = "Encrypts the offline feature store"
  multi_region        = true
  enable_key_rotation = false # expect: KMS001
}
