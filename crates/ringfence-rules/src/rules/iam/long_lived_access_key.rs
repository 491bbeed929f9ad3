use crate::prelude::*;

declare_rule! {
    /// An IAM access key: long-lived credentials where AI services should use roles.
    pub struct LongLivedAccessKey {
        code: "IAM009",
        name: "long-lived-access-key",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for LongLivedAccessKey {
    fn check(&self, c: &mut Checker<'_>) {
        for key in c.model.access_keys() {
            c.report_missing(
                key,
                "creates a long-lived IAM access key: run AI workloads on roles with temporary credentials",
            );
        }
    }
}
