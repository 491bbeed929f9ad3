use crate::prelude::*;
use ringfence_model::views::policy::{account_root, PolicyUsage};

declare_rule! {
    /// A trust policy that lets anyone, or another account's root, assume the role.
    pub struct OpenTrustPolicy {
        code: "IAM008",
        name: "open-trust-policy",
        severity: Critical,
        default_enabled: true,
    }
}

impl Check for OpenTrustPolicy {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().iter().filter(|p| p.usage == PolicyUsage::Trust) {
            c.examined(policy.owner);
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                if statement.principal.is_none() {
                    continue;
                }
                let pinned = statement.pins_caller();
                let external_id = statement.condition_keys().iter().any(|k| k == "sts:externalid");
                let aws = statement.aws_principals();
                for p in aws {
                    let Some(text) = p.as_str() else {
                        // A principal nothing in the inputs decides may be anyone; a
                        // role or account of the configuration is not.
                        if p.is_unknown() && p.rendered.is_none() && p.references().is_empty() {
                            c.undecided(policy.owner, p.span, "a principal of the trust policy is not known");
                        }
                        continue;
                    };
                    if text.trim() == "*" && !pinned {
                        c.report(policy.owner, p, "trust policy lets any AWS principal assume the role: pin the caller with a condition such as `aws:PrincipalOrgID` or `aws:SourceAccount`");
                        break;
                    }
                    if let Some(account) = account_root(text) {
                        if !pinned && !external_id {
                            c.report(
                                policy.owner,
                                p,
                                format!("trust policy lets every principal of account {account} assume the role, without `sts:ExternalId` or an organisation/source condition"),
                            );
                        }
                    }
                }
            }
        }
    }
}
