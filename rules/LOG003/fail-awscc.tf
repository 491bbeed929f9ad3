# awscc_guardduty_detector (AWS::GuardDuty::Detector) turned off.
resource "awscc_guardduty_detector" "cc_main" {
  enable = false # expect: LOG003
}
