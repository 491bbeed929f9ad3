use crate::prelude::*;
use ringfence_model::views::policy::PolicyUsage;

declare_rule! {
    /// An identity policy statement that allows every action of a service.
    pub struct ServiceWildcardAction {
        code: "IAM002",
        name: "service-wildcard-action",
        severity: High,
        default_enabled: true,
    }
}

impl Check for ServiceWildcardAction {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().iter().filter(|p| p.usage == PolicyUsage::Identity) {
            c.examined(policy.owner);
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                // Every action (IAM001) includes every action of each service.
                if c.runs::<rules::WildcardAction>() && !statement.all_action_wildcards().is_empty() {
                    continue;
                }
                let wildcards = statement.service_wildcards();
                let Some((first, others)) = wildcards.split_first() else {
                    // An action that cannot be known may be `service:*`.
                    if let Some(unknown) = statement.actions.iter().find(|a| a.is_unknown()) {
                        c.undecided(policy.owner, unknown.span, "an action of the policy is not known");
                    }
                    continue;
                };
                let action = first.as_str().unwrap_or_default().trim();
                let service = action.split(':').next().unwrap_or_default();
                let finding = c.report(
                    policy.owner,
                    *first,
                    format!("policy statement allows every `{service}` action (`{action}`)"),
                );
                for other in others {
                    finding.label(other.span, "another service-wide wildcard");
                }
            }
        }
    }
}
