use crate::prelude::*;

declare_rule! {
    /// A SageMaker Studio domain that is not VPC-only.
    pub struct SagemakerDomainPublicInternet {
        code: "NET003",
        name: "sagemaker-domain-public-internet",
        severity: High,
        default_enabled: true,
        fix: true,
    }
}

const ACCESS: (&[&str], &[&str]) = (&["app_network_access_type"], &["AppNetworkAccessType"]);

impl Check for SagemakerDomainPublicInternet {
    fn check(&self, c: &mut Checker<'_>) {
        for domain in c.model.sagemaker_domains() {
            let attribute = domain.resource.lang.pick("app_network_access_type", "AppNetworkAccessType");
            match domain.app_network_access_type {
                Setting::Unset => {
                    c.report_missing(
                        domain.resource,
                        format!("SageMaker domain is not VPC-only: `{attribute}` defaults to PublicInternetOnly"),
                    )
                    .fix_set(domain.resource, ACCESS.0, ACCESS.1, FixValue::Text("VpcOnly"), None);
                }
                Setting::Known(v) if v.as_str().is_some_and(|s| s == "PublicInternetOnly") => {
                    c.report(domain.resource, v, "SageMaker domain is not VPC-only: Studio apps reach the internet directly")
                        .fix_set(domain.resource, ACCESS.0, ACCESS.1, FixValue::Text("VpcOnly"), Some(v));
                }
                _ => {}
            }
        }
    }
}
