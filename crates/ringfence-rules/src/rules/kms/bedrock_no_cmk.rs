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
            let kind = b.kind;
            c.require(b.kms_key)
                .when_unset(|name| {
                    format!("Bedrock {kind} is not encrypted with a customer managed key: `{name}` is not set")
                })
                .when(Value::is_blank, |name| format!("Bedrock {kind} has an empty `{name}`"));
        }
    }
}
