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
        for agent in c.model.bedrock_agents() {
            let block = agent.guardrail.block();
            c.require(agent.guardrail)
                .when_unset(|_| {
                    format!("Bedrock agent has no guardrail (`{block}`): prompts and answers are not filtered")
                })
                .when(Value::is_blank, |_| "Bedrock agent has an empty guardrail identifier".into());
        }
    }
}
