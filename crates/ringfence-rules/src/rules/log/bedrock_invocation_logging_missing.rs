use crate::prelude::*;

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
        let mut logging = model.invocation_logging().peekable();
        if logging.peek().is_some() {
            // The evidence: the logging configurations, and the deployments they cover.
            for configuration in logging {
                c.examined(configuration);
            }
            for first in model.bedrock_deployments() {
                c.examined(first);
            }
            return;
        }
        for first in model.bedrock_deployments() {
            let message = match first.lang {
                // awscc has no resource for it either (CloudFormation has none), but the
                // configuration can add the aws provider's.
                ringfence_model::Lang::Terraform | ringfence_model::Lang::Awscc => concat!(
                    "configuration deploys Bedrock resources but no model invocation logging ",
                    "(`aws_bedrock_model_invocation_logging_configuration`): prompts and responses are not recorded"
                ),
                ringfence_model::Lang::CloudFormation => concat!(
                    "template deploys Bedrock resources but nothing in the scan turns on model invocation logging ",
                    "(CloudFormation has no resource for it: enable it with Terraform, the console or the API): ",
                    "prompts and responses are not recorded"
                ),
            };
            c.report_missing(first, message);
        }
    }
}
