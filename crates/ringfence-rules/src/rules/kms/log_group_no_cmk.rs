use crate::prelude::*;

declare_rule! {
    /// A CloudWatch log group without a customer managed KMS key.
    pub struct LogGroupNoCmk {
        code: "KMS006",
        name: "log-group-no-cmk",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for LogGroupNoCmk {
    fn check(&self, c: &mut Checker<'_>) {
        for group in c.model.log_groups() {
            let attribute = group.resource.lang.pick("kms_key_id", "KmsKeyId");
            match group.kms_key {
                Setting::Unset => {
                    c.report_missing(group.resource, format!("log group is not encrypted with a customer managed KMS key: `{attribute}` is not set"));
                }
                Setting::Known(v) if v.is_blank() => {
                    c.report(group.resource, v, format!("log group has an empty `{attribute}`"));
                }
                _ => {}
            }
        }
    }
}
