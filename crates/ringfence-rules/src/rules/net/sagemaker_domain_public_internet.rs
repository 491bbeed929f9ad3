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

impl Check for SagemakerDomainPublicInternet {
    fn check(&self, c: &mut Checker<'_>) {
        for domain in c.model.sagemaker_domains() {
            c.require(domain.app_network_access_type)
                .when_unset(|name| format!("SageMaker domain is not VPC-only: `{name}` defaults to PublicInternetOnly"))
                .when(
                    |v| v.as_str() == Some("PublicInternetOnly"),
                    |_| "SageMaker domain is not VPC-only: Studio apps reach the internet directly".into(),
                )
                .fix(FixValue::Text("VpcOnly"));
        }
    }
}
