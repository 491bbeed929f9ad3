# Credentials pasted into a Terraform configuration of an ML pipeline.

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAUJZDEGXDNCF32EPF"                     # expect: DATA007
  secret_key = "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" # expect: DATA007
}

variable "labeling_access_key_id" {
  type    = string
  default = "AKIA3DHODZDOCIS2JHTL" # expect: DATA007
}

variable "labeling_secret_access_key" {
  type      = string
  sensitive = true
  default   = "1VOqg6YYZYn9ZhyiA4uoRgnatmUdjAWtGSU8po/7" # expect: DATA007
}

resource "aws_iam_role" "exporter" {
  name = "dataset-exporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# A function that copies datasets to a partner account with that account's keys.
resource "aws_lambda_function" "export" {
  function_name = "dataset-export"
  role          = aws_iam_role.exporter.arn
  runtime       = "python3.12"
  handler       = "export.handler"
  filename      = "export.zip"

  environment {
    variables = {
      PARTNER_BUCKET        = "partner-training-intake"
      PARTNER_ACCESS_KEY_ID = "AKIAGMXGEDN73U55XTPL"                     # expect: DATA007
      PARTNER_SECRET_KEY    = "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" # expect: DATA007
      LABELING_KEY_ID       = var.labeling_access_key_id
      LABELING_SECRET       = var.labeling_secret_access_key
    }
  }
}

# The documentation placeholder as a whole value: the mistake is writing a key here.
provider "aws" {
  alias      = "sandbox"
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE" # expect: DATA007
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" # expect: DATA007
}
