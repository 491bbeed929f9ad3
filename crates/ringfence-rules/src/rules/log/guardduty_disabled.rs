use crate::prelude::*;

declare_rule! {
    /// A GuardDuty detector that is turned off.
    pub struct GuarddutyDisabled {
        code: "LOG003",
        name: "guardduty-disabled",
        severity: High,
        default_enabled: true,
        fix: true,
    }
}

impl Check for GuarddutyDisabled {
    fn check(&self, c: &mut Checker<'_>) {
        // Unset is enabled in Terraform (and required in CloudFormation).
        for detector in c.model.guardduty_detectors() {
            c.require(detector.enabled)
                .when(is_false, |name| format!("GuardDuty detector is disabled: `{name}` is false"))
                .fix(FixValue::Bool(true));
        }
    }
}
