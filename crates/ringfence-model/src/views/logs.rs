use crate::{Model, Resource, ResourceId, Setting};

/// A CloudWatch Logs log group.
pub struct LogGroup<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    pub kms_key: Setting<'m>,
    /// Days kept; unset means forever.
    pub retention_days: Setting<'m>,
}

/// A GuardDuty detector.
pub struct GuardDutyDetector<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// Enabled when unset in Terraform; required in CloudFormation.
    pub enabled: Setting<'m>,
}

impl Model {
    pub fn log_groups(&self) -> impl Iterator<Item = LogGroup<'_>> {
        self.of_type(&["aws_cloudwatch_log_group", "AWS::Logs::LogGroup"]).map(|(id, r)| LogGroup {
            id,
            resource: r,
            kms_key: Setting::attr(r, "kms_key_id", "KmsKeyId"),
            retention_days: Setting::attr(r, "retention_in_days", "RetentionInDays"),
        })
    }

    pub fn guardduty_detectors(&self) -> impl Iterator<Item = GuardDutyDetector<'_>> {
        self.of_type(&["aws_guardduty_detector", "AWS::GuardDuty::Detector"]).map(|(id, r)| GuardDutyDetector {
            id,
            resource: r,
            enabled: Setting::attr(r, "enable", "Enable"),
        })
    }
}
