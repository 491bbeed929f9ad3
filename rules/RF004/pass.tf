# Suppressions written right: rule codes, names or families in brackets, then the
# reason, then an optional end date as YYYY-MM-DD.

# ringfence:ignore[kms001] codes are read whatever their case until=2099-12-31
resource "aws_kms_key" "models" {
  description = "Model artifacts"
}

# ringfence:ignore[key-rotation-disabled] imported key material cannot rotate until=2099-12-31
resource "aws_kms_key" "imported" {
  description = "Imported key material"
}

# ringfence:ignore[LOG007, KMS006] debug logs of the training jobs hold no data until=2099-12-31
resource "aws_cloudwatch_log_group" "debug" {
  name              = "/ml/debug"
  retention_in_days = 7
}
