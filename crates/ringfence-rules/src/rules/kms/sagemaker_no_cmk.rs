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
        let domains = model.sagemaker_domains().map(|d| (d.resource, d.kms_key, "domain", ("kms_key_id", "KmsKeyId")));
        let notebooks =
            model.notebook_instances().map(|n| (n.resource, n.kms_key, "notebook instance", ("kms_key_id", "KmsKeyId")));
        let endpoints = model
            .endpoint_configs()
            .map(|e| (e.resource, e.kms_key, "endpoint configuration", ("kms_key_arn", "KmsKeyId")));
        for (resource, key, what, (tf, cfn)) in domains.chain(notebooks).chain(endpoints) {
            let attribute = resource.lang.pick(tf, cfn);
            match key {
                Setting::Unset => {
                    c.report_missing(resource, format!("SageMaker {what} has no customer managed KMS key: `{attribute}` is not set"));
                }
                Setting::Known(v) if v.is_blank() => {
                    c.report(resource, v, format!("SageMaker {what} has an empty `{attribute}`"));
                }
                _ => {}
            }
        }
    }
}
