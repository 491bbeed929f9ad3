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
            let r = trail.resource;
            let lang = r.lang;
            // Off unless set to true.
            let off_by_default = [
                (trail.log_file_validation, ["enable_log_file_validation", "EnableLogFileValidation"], "log file validation is off: tampering with delivered logs goes unnoticed"),
                (trail.multi_region, ["is_multi_region_trail", "IsMultiRegionTrail"], "trail records one region only: activity in other regions is not logged"),
            ];
            for (setting, [terraform, cloudformation], problem) in off_by_default {
                let attribute = lang.pick(terraform, cloudformation);
                match setting {
                    Setting::Unset => {
                        c.report_missing(r, format!("{problem} (`{attribute}` is not set)"))
                            .fix_set(r, &[terraform], &[cloudformation], FixValue::Bool(true), None);
                    }
                    Setting::Known(v) if v.as_bool() == Some(false) => {
                        c.report(r, v, problem).fix_set(r, &[terraform], &[cloudformation], FixValue::Bool(true), Some(v));
                    }
                    _ => {}
                }
            }
            match trail.kms_key {
                Setting::Unset => {
                    let attribute = lang.pick("kms_key_id", "KMSKeyId");
                    c.report_missing(r, format!("trail logs are not encrypted with a customer managed key: `{attribute}` is not set"));
                }
                Setting::Known(v) if v.is_blank() => {
                    c.report(r, v, "trail has an empty KMS key");
                }
                _ => {}
            }
            if let Setting::Known(v) = trail.logging {
                if v.as_bool() == Some(false) {
                    c.report(r, v, "trail logging is turned off");
                }
            }
        }
    }
}
