use crate::prelude::*;

declare_rule! {
    /// A SageMaker domain, notebook instance or endpoint configuration without a CMK.
    pub struct SagemakerNoCmk {
        code: "KMS003",
        name: "sagemaker-no-cmk",
        severity: High,
        default_enabled: true,
    }
}

impl Check for SagemakerNoCmk {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        let domains = model.sagemaker_domains().map(|d| (d.kms_key, "domain"));
        let notebooks = model.notebook_instances().map(|n| (n.kms_key, "notebook instance"));
        let endpoints = model.endpoint_configs().map(|e| (e.kms_key, "endpoint configuration"));
        for (key, what) in domains.chain(notebooks).chain(endpoints) {
            c.require(key)
                .when_unset(|name| format!("SageMaker {what} has no customer managed KMS key: `{name}` is not set"))
                .when(Value::is_blank, |name| format!("SageMaker {what} has an empty `{name}`"));
        }
    }
}
