use crate::prelude::*;
use ringfence_model::views::policy::PolicyUsage;

declare_rule! {
    /// An identity policy statement that allows every action.
    pub struct WildcardAction {
        code: "IAM001",
        name: "wildcard-action",
        severity: Critical,
        default_enabled: true,
    }
}

impl Check for WildcardAction {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().into_iter().filter(|p| p.usage == PolicyUsage::Identity) {
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                let wildcards: Vec<&Value> = statement
                    .actions
                    .iter()
                    .copied()
                    .filter(|a| a.as_str().is_some_and(|s| matches!(s.trim(), "*" | "*:*")))
                    .collect();
                let Some((first, others)) = wildcards.split_first() else { continue };
                let finding = c.report(policy.owner, *first, "policy statement allows every action (`*`): full administrator access");
                for other in others {
                    finding.label(other.span, "another wildcard action");
                }
            }
        }
    }
}
