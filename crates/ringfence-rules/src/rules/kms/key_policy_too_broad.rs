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
fn is_account_root(principal: &Value) -> Option<bool> {
    if let Some(text) = principal.as_str() {
        return Some(account_root(text).is_some());
    }
    let rendered = principal.rendered.as_deref()?;
    let text = rendered.text.trim();
    if text.ends_with(":root") && text.starts_with("arn:") && text.contains(":iam::") {
        return Some(true);
    }
    (!text.contains(UNKNOWN_MARK)).then_some(false)
}

impl Check for KeyPolicyTooBroad {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().into_iter().filter(|p| p.usage == PolicyUsage::Key) {
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                if let Some(public) = statement.public_principal() {
                    if !statement.pins_resource_caller() {
                        c.report(policy.owner, public, "key policy lets any AWS principal use the key: pin callers with a condition such as `kms:CallerAccount` or `aws:PrincipalOrgID`");
                        continue;
                    }
                }
                let Some(all) = statement.known_actions().find(|(_, a)| matches!(*a, "*" | "*:*") || a.eq_ignore_ascii_case("kms:*")).map(|(v, _)| v) else {
                    continue;
                };
                let principals = statement.all_principals();
                let others: Vec<&Value> = principals
                    .iter()
                    .copied()
                    .filter(|p| p.as_str().is_none_or(|t| t.trim() != "*"))
                    .filter(|p| is_account_root(p) == Some(false))
                    .collect();
                if let Some(first) = others.first() {
                    let name = first.as_str().unwrap_or("a principal");
                    let finding = c.report(policy.owner, all, format!("key policy grants `{}` to `{name}`: only the account root should hold every key permission", all.as_str().unwrap_or("kms:*")));
                    for p in &others {
                        finding.label(p.span, "principal granted every key permission");
                    }
                }
            }
        }
    }
}
