provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}

variable "eu_default_standards" {
  description = "Enable the standards Security Hub turns on by default"
  default     = false
}

# Default standards off, only FSBP and PCI DSS subscribed.
resource "aws_securityhub_account" "main" {
  enable_default_standards = false # expect: LOG004
  auto_enable_controls     = true
}

resource "aws_securityhub_standards_subscription" "fsbp" {
  standards_arn = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
  depends_on    = [aws_securityhub_account.main]
}

resource "aws_securityhub_standards_subscription" "pci" {
  standards_arn = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"
  depends_on    = [aws_securityhub_account.main]
}

# Second region: default standards off through a variable, nothing subscribed.
resource "aws_securityhub_account" "eu" {
  provider                 = aws.eu
  enable_default_standards = var.eu_default_standards # expect: LOG004
}
