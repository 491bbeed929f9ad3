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
        for policy in c.model.policies().iter().filter(|p| p.usage == PolicyUsage::Identity) {
            c.examined(policy.owner);
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                let wildcards = statement.all_action_wildcards();
                let Some((first, others)) = wildcards.split_first() else {
                    // An action that cannot be known may be `*`.
                    if let Some(unknown) = statement.actions.iter().find(|a| a.is_unknown()) {
                        c.undecided(policy.owner, unknown.span, "an action of the policy is not known");
                    }
                    continue;
                };
                let message = "policy statement allows every action (`*`): full administrator access";
                let finding = c.report(policy.owner, *first, message);
                for other in others {
                    finding.label(other.span, "another wildcard action");
                }
            }
        }
    }
}
