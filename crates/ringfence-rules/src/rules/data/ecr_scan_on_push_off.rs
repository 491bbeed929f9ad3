use crate::prelude::*;

declare_rule! {
    /// An ECR repository that does not scan images when they are pushed.
    pub struct EcrScanOnPushOff {
        code: "DATA004",
        name: "ecr-scan-on-push-off",
        severity: Medium,
        default_enabled: true,
        fix: true,
    }
}

impl Check for EcrScanOnPushOff {
    fn check(&self, c: &mut Checker<'_>) {
        for repo in c.model.ecr_repositories() {
            c.require(repo.scan_on_push)
                .when_unset(|name| format!("ECR repository does not scan images on push: `{name}` is not set"))
                .when(is_false, |name| format!("ECR repository does not scan images on push: `{name}` is false"))
                .fix(FixValue::Bool(true));
        }
    }
}
