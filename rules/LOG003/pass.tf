variable "enable" {}

resource "aws_guardduty_detector" "default" {}

resource "aws_guardduty_detector" "explicit" {
  enable = true
}

resource "aws_guardduty_detector" "unknown" {
  enable = var.enable
}
