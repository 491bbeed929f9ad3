use crate::prelude::*;
use ringfence_model::views::policy::PolicyUsage;

declare_rule! {
    /// An identity policy Allow statement written with NotAction or NotResource.
    pub struct AllowNotAction {
        code: "IAM004",
        name: "allow-not-action",
        severity: High,
        default_enabled: true,
    }
}

impl Check for AllowNotAction {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().iter().filter(|p| p.usage == PolicyUsage::Identity) {
            c.examined(policy.owner);
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                let Some(first) = statement.inverted() else { continue };
                let (element, what) = if statement.not_actions.is_empty() {
                    ("NotResource", "every resource except those listed, including ones created later")
                } else {
                    ("NotAction", "every action except those listed, including ones AWS adds later")
                };
                let finding = c.report(policy.owner, first, format!("Allow with `{element}` grants {what}"));
                if !statement.not_actions.is_empty() {
                    if let Some(r) = statement.not_resources.first() {
                        finding.label(r.span, "and NotResource");
                    }
                }
            }
        }
    }
}
