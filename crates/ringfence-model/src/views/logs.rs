use crate::{Attribute, Field, Model, Resource, ResourceId};

/// A CloudWatch Logs log group.
pub struct LogGroup<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    pub kms_key: Field<'m>,
    /// Days kept; unset means forever.
    pub retention_days: Field<'m>,
}

/// A GuardDuty detector.
pub struct GuardDutyDetector<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// Enabled when unset in Terraform; required in CloudFormation.
    pub enabled: Field<'m>,
}

impl Model {
    pub fn log_groups(&self) -> impl Iterator<Item = LogGroup<'_>> {
        self.of_type(&["aws_cloudwatch_log_group", "AWS::Logs::LogGroup"]).map(|(id, r)| LogGroup {
            id,
            resource: r,
            kms_key: Attribute::new("kms_key_id", "KmsKeyId").read(r),
            retention_days: Attribute::new("retention_in_days", "RetentionInDays").read(r),
        })
    }

    pub fn guardduty_detectors(&self) -> impl Iterator<Item = GuardDutyDetector<'_>> {
        self.of_type(&["aws_guardduty_detector", "AWS::GuardDuty::Detector"]).map(|(id, r)| GuardDutyDetector {
            id,
            resource: r,
            enabled: Attribute::new("enable", "Enable").read(r),
        })
    }
}
