use crate::prelude::*;
use ringfence_model::iam::escalations;
use ringfence_model::views::policy::PolicyUsage;

declare_rule! {
    /// An identity policy that allows a known privilege-escalation path.
    pub struct PrivilegeEscalation {
        code: "IAM007",
        name: "privilege-escalation",
        severity: High,
        default_enabled: true,
    }
}

impl Check for PrivilegeEscalation {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().into_iter().filter(|p| p.usage == PolicyUsage::Identity) {
            for escalation in escalations(&policy) {
                let finding = c.report(
                    policy.owner,
                    escalation.element,
                    format!("allows privilege escalation: {}", escalation.path),
                );
                for partner in escalation.partners {
                    finding.label(partner.span, "completes the escalation");
                }
            }
        }
    }
}
