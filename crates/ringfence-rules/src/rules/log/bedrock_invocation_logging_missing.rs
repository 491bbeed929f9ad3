use crate::prelude::*;
use ringfence_model::views::vpc::is_bedrock_type;
use ringfence_model::Mode;

declare_rule! {
    /// A configuration that deploys Bedrock resources without model invocation logging.
    pub struct BedrockInvocationLoggingMissing {
        code: "LOG005",
        name: "bedrock-invocation-logging-missing",
        severity: Low,
        default_enabled: false,
    }
}

impl Check for BedrockInvocationLoggingMissing {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        // Invocation logging is set once per account and region: any configuration of
        // the scan setting it covers the others.
        if model.invocation_logging().next().is_some() {
            return;
        }
        let mut seen_units = std::collections::HashSet::new();
        for (_, r) in model.resources() {
            if r.mode != Mode::Managed || !is_bedrock_type(&r.rtype) || seen_units.contains(&r.unit) {
                continue;
            }
            seen_units.insert(r.unit);
            let message = match r.lang {
                ringfence_model::Lang::Terraform => "configuration deploys Bedrock resources but no model invocation logging (`aws_bedrock_model_invocation_logging_configuration`): prompts and responses are not recorded",
                ringfence_model::Lang::CloudFormation => "template deploys Bedrock resources but nothing in the scan turns on model invocation logging (CloudFormation has no resource for it: enable it with Terraform, the console or the API): prompts and responses are not recorded",
            };
            c.report_missing(r, message);
        }
    }
}
