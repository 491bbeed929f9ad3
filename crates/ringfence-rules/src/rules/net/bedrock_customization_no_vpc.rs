use crate::prelude::*;

declare_rule! {
    /// A Bedrock model customization job without a VPC configuration.
    pub struct BedrockCustomizationNoVpc {
        code: "NET009",
        name: "bedrock-customization-no-vpc",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for BedrockCustomizationNoVpc {
    fn check(&self, c: &mut Checker<'_>) {
        for model in c.model.bedrock_custom_models() {
            c.require(model.vpc).when_unset(|name| {
                format!("Bedrock customization job has no `{name}`: it reads the training data over the public network")
            });
        }
    }
}
