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

/// The attribute, in its block, in Terraform and CloudFormation.
const SCAN_ON_PUSH: (&[&str], &[&str]) =
    (&["image_scanning_configuration", "scan_on_push"], &["ImageScanningConfiguration", "ScanOnPush"]);

impl Check for EcrScanOnPushOff {
    fn check(&self, c: &mut Checker<'_>) {
        for repo in c.model.ecr_repositories() {
            let attribute = repo.resource.lang.pick("scan_on_push", "ScanOnPush");
            match repo.scan_on_push {
                Setting::Unset => {
                    c.report_missing(repo.resource, format!("ECR repository does not scan images on push: `{attribute}` is not set"))
                        .fix_set(repo.resource, SCAN_ON_PUSH.0, SCAN_ON_PUSH.1, FixValue::Bool(true), None);
                }
                Setting::Known(v) if v.as_bool() == Some(false) => {
                    c.report(repo.resource, v, format!("ECR repository does not scan images on push: `{attribute}` is false"))
                        .fix_set(repo.resource, SCAN_ON_PUSH.0, SCAN_ON_PUSH.1, FixValue::Bool(true), Some(v));
                }
                _ => {}
            }
        }
    }
}
