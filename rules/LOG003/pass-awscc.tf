resource "awscc_guardduty_detector" "cc_main" {
  enable = true
}
