use crate::prelude::*;

declare_rule! {
    /// A Bedrock agent, guardrail or custom model without a customer managed key.
    pub struct BedrockNoCmk {
        code: "KMS004",
        name: "bedrock-no-cmk",
        severity: High,
        default_enabled: true,
    }
}

impl Check for BedrockNoCmk {
    fn check(&self, c: &mut Checker<'_>) {
        for b in c.model.bedrock_encrypted() {
            let (kind, attribute) = (b.kind, b.key_attribute);
            match b.kms_key {
                Setting::Unset => {
                    c.report_missing(b.resource, format!("Bedrock {kind} is not encrypted with a customer managed key: `{attribute}` is not set"));
                }
                Setting::Known(v) if v.is_blank() => {
                    c.report(b.resource, v, format!("Bedrock {kind} has an empty `{attribute}`"));
                }
                _ => {}
            }
        }
    }
}
