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
            c.require(group.kms_key)
                .when_unset(|name| {
                    format!("log group is not encrypted with a customer managed KMS key: `{name}` is not set")
                })
                .when(Value::is_blank, |name| format!("log group has an empty `{name}`"));
        }
    }
}
