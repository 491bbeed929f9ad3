use crate::prelude::*;

declare_rule! {
    /// A Bedrock agent without a guardrail.
    pub struct BedrockAgentNoGuardrail {
        code: "DATA008",
        name: "bedrock-agent-no-guardrail",
        severity: Low,
        default_enabled: true,
    }
}

impl Check for BedrockAgentNoGuardrail {
    fn check(&self, c: &mut Checker<'_>) {
        for (agent, guardrail) in c.model.bedrock_agents() {
            let attribute = agent.lang.pick("guardrail_configuration", "GuardrailConfiguration");
            match guardrail {
                Setting::Unset => {
                    c.report_missing(agent, format!("Bedrock agent has no guardrail (`{attribute}`): prompts and answers are not filtered"));
                }
                Setting::Known(v) if v.is_blank() => {
                    c.report(agent, v, "Bedrock agent has an empty guardrail identifier");
                }
                _ => {}
            }
        }
    }
}
