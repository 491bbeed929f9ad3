use crate::prelude::*;
use ringfence_model::views::policy::{PolicyUsage, Statement};

declare_rule! {
    /// A trust policy that lets anyone, or another account's root, assume the role.
    pub struct OpenTrustPolicy {
        code: "IAM008",
        name: "open-trust-policy",
        severity: Critical,
        default_enabled: true,
    }
}

/// Condition keys that pin who may assume a role to an organisation, an account or a
/// specific principal or source.
const PINNING_KEYS: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

fn condition_keys(statement: &Statement<'_>) -> Vec<String> {
    statement
        .condition
        .map(|c| c.entries().iter().flat_map(|op| op.value.entries().iter().map(|k| k.key.to_ascii_lowercase())).collect())
        .unwrap_or_default()
}

/// `arn:aws:iam::123456789012:root` or a bare account ID: every principal of an account.
fn account_root(principal: &str) -> Option<&str> {
    let p = principal.trim();
    if p.len() == 12 && p.chars().all(|c| c.is_ascii_digit()) {
        return Some(p);
    }
    let rest = p.strip_prefix("arn:")?;
    let mut parts = rest.split(':');
    let (_partition, service, _region, account, resource) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    (service == "iam" && resource == "root" && account.len() == 12 && account.chars().all(|c| c.is_ascii_digit())).then_some(account)
}

impl Check for OpenTrustPolicy {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().into_iter().filter(|p| p.usage == PolicyUsage::Trust) {
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                let Some(principal) = statement.principal else { continue };
                let keys = condition_keys(statement);
                let pinned = keys.iter().any(|k| PINNING_KEYS.contains(&k.as_str()));
                let external_id = keys.iter().any(|k| k == "sts:externalid");
                // `"Principal": "*"` or `{"AWS": "*"}` (also among others).
                let aws: Vec<&Value> = match principal.as_str() {
                    Some(_) => vec![principal],
                    None => principal.get("AWS").map(|v| v.items().iter().collect()).unwrap_or_default(),
                };
                for p in aws {
                    let Some(text) = p.as_str() else { continue };
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
