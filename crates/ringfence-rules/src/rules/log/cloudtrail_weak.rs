use crate::prelude::*;

declare_rule! {
    /// A trail without log file validation, multi-region coverage, a KMS key, or logging.
    pub struct CloudtrailWeak {
        code: "LOG001",
        name: "cloudtrail-weak",
        severity: High,
        default_enabled: true,
        fix: true,
    }
}

impl Check for CloudtrailWeak {
    fn check(&self, c: &mut Checker<'_>) {
        for trail in c.model.trails() {
            // Off unless set to true.
            let off_by_default = [
                (trail.log_file_validation, "log file validation is off: tampering with delivered logs goes unnoticed"),
                (trail.multi_region, "trail records one region only: activity in other regions is not logged"),
            ];
            for (setting, problem) in off_by_default {
                c.require(setting)
                    .when_unset(|name| format!("{problem} (`{name}` is not set)"))
                    .when(is_false, |_| problem.into())
                    .fix(FixValue::Bool(true));
            }
            c.require(trail.kms_key)
                .when_unset(|name| {
                    format!("trail logs are not encrypted with a customer managed key: `{name}` is not set")
                })
                .when(Value::is_blank, |_| "trail has an empty KMS key".into());
            c.require(trail.logging).when(is_false, |_| "trail logging is turned off".into());
        }
    }
}
