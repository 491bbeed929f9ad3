resource "aws_guardduty_detector" "main" {
  enable = false # expect: LOG003
}
