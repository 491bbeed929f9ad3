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
        for detector in c.model.guardduty_detectors() {
            if let Setting::Known(v) = detector.enabled {
                if v.as_bool() == Some(false) {
                    let attribute = detector.resource.lang.pick("enable", "Enable");
                    c.report(detector.resource, v, format!("GuardDuty detector is disabled: `{attribute}` is false"))
                        .fix_set(detector.resource, &["enable"], &["Enable"], FixValue::Bool(true), Some(v));
                }
            }
        }
    }
}
