provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "ap"
  region = "ap-southeast-2"
}

variable "ap_default_standards" {
  description = "Enable the default standards in ap-southeast-2; set per account"
  type        = bool
}

# Default standards left on: they include CIS AWS Foundations Benchmark v1.2.0.
resource "aws_securityhub_account" "main" {
  auto_enable_controls = true
}

resource "aws_securityhub_standards_subscription" "pci" {
  standards_arn = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1"
  depends_on    = [aws_securityhub_account.main]
}

# A value that cannot be known here is never reported.
resource "aws_securityhub_account" "ap" {
  provider                 = aws.ap
  enable_default_standards = var.ap_default_standards
}
