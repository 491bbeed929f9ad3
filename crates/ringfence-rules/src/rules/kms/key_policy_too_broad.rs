use crate::prelude::*;
use ringfence_model::views::policy::{account_root, PolicyUsage};
use ringfence_model::UNKNOWN_MARK;

declare_rule! {
    /// A key policy open to everyone, or granting `kms:*` beyond the account root.
    pub struct KeyPolicyTooBroad {
        code: "KMS007",
        name: "key-policy-too-broad",
        severity: High,
        default_enabled: true,
    }
}

/// Whether a principal is the account root, also when the account or partition is
/// only known after deployment (`arn:${AWS::Partition}:iam::${AWS::AccountId}:root`).
fn is_account_root(c: &Checker<'_>, owner: &ringfence_model::Resource, principal: &Value) -> Option<bool> {
    if let Some(text) = principal.as_str() {
        return Some(account_root(text).is_some());
    }
    // A role or user of the configuration is never the root.
    if c.model.refers_to_role_or_user(owner, principal) {
        return Some(false);
    }
    let rendered = principal.rendered.as_deref()?;
    let text = rendered.text.trim();
    if text.starts_with("arn:") && text.contains(":iam::") {
        // The resource part is known even when the account is not.
        let resource = text.rsplit(':').next().unwrap_or_default();
        if resource == "root" {
            return Some(true);
        }
        if resource.starts_with("role/") || resource.starts_with("user/") || resource.starts_with("assumed-role/") {
            return Some(false);
        }
    }
    (!text.contains(UNKNOWN_MARK)).then_some(false)
}

impl Check for KeyPolicyTooBroad {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().iter().filter(|p| p.usage == PolicyUsage::Key) {
            c.examined(policy.owner);
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                if let Some(public) = statement.public_principal() {
                    if !statement.pins_resource_caller() {
                        let message = concat!(
                            "key policy lets any AWS principal use the key: pin callers with a condition such as ",
                            "`kms:CallerAccount` or `aws:PrincipalOrgID`"
                        );
                        c.report(policy.owner, public, message);
                        continue;
                    }
                }
                let every = |a: &str| matches!(a, "*" | "*:*") || a.eq_ignore_ascii_case("kms:*");
                let Some((all, _)) = statement.known_actions().find(|(_, a)| every(a)) else {
                    if let Some(unknown) = statement.actions.iter().find(|a| a.is_unknown()) {
                        c.undecided(policy.owner, unknown.span, "an action of the key policy is not known");
                    }
                    continue;
                };
                let principals = statement.all_principals();
                let others: Vec<&Value> = principals
                    .iter()
                    .copied()
                    .filter(|p| p.as_str().is_none_or(|t| t.trim() != "*"))
                    .filter(|p| is_account_root(c, policy.owner, p) == Some(false))
                    .collect();
                if others.is_empty() {
                    // A principal that may be another than the account root.
                    let open = principals.iter().find(|p| {
                        p.as_str().is_none_or(|t| t.trim() != "*") && is_account_root(c, policy.owner, p).is_none()
                    });
                    if let Some(p) = open {
                        c.undecided(policy.owner, p.span, "a principal granted every key permission is not known");
                    }
                }
                if let Some(first) = others.first() {
                    let name = first.as_str().unwrap_or("a principal");
                    let granted = all.as_str().unwrap_or("kms:*");
                    let message = format!(
                        "key policy grants `{granted}` to `{name}`: \
                         only the account root should hold every key permission"
                    );
                    let finding = c.report(policy.owner, all, message);
                    for p in &others {
                        finding.label(p.span, "principal granted every key permission");
                    }
                }
            }
        }
    }
}
