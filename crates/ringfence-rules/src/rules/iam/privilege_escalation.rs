use crate::prelude::*;
use ringfence_model::iam::catalog::glob;
use ringfence_model::iam::{escalations, PathKind, Reach};
use ringfence_model::views::policy::PolicyUsage;
use ringfence_model::{Attribute, Model, Resource};

declare_rule! {
    /// An identity policy that allows a known privilege-escalation path.
    pub struct PrivilegeEscalation {
        code: "IAM007",
        name: "privilege-escalation",
        severity: High,
        default_enabled: true,
    }
}

const ROLE_TYPES: &[&str] = &["aws_iam_role", "AWS::IAM::Role"];

/// At most this many configured roles are named in a message.
const NAMED_ROLES: usize = 3;

impl Check for PrivilegeEscalation {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.policies().iter().filter(|p| p.usage == PolicyUsage::Identity) {
            c.examined(policy.owner);
            let found = escalations(policy);
            if found.is_empty() {
                // An action that cannot be known may complete an escalation.
                let mut allowed = policy.statements.iter().filter(|s| s.is_allow()).flat_map(|s| &s.actions);
                if let Some(v) = allowed.find(|a| a.is_unknown()) {
                    c.undecided(policy.owner, v.span, "an action of the policy is not known");
                }
            }
            for escalation in found {
                // Every resource of the type: the full weight; a name or path pattern
                // reaches some: less; PassRole alone on a pattern: least.
                let severity = match (&escalation.reach, escalation.incomplete) {
                    (Reach::Any, _) => None,
                    (_, true) => Some(Severity::Low),
                    _ => Some(Severity::Medium),
                };
                let mut message = format!("allows privilege escalation: {}", escalation.describe());
                if escalation.path.kind == PathKind::PassRole {
                    if let Reach::Patterns(patterns) = &escalation.reach {
                        message.push_str(&configured_roles(c.model, policy.owner, patterns));
                    }
                }
                let finding = c.report(policy.owner, escalation.element, message);
                if let Some(severity) = severity {
                    finding.severity(severity);
                }
                for partner in escalation.partners {
                    finding.label(partner.span, "completes the escalation");
                }
            }
        }
    }
}

/// The roles of the policy's configuration whose `role/path/name` a pattern matches,
/// as a message suffix: what the pattern resolves to here (other roles of the account
/// may match too).
fn configured_roles(model: &Model, owner: &Resource, patterns: &[&str]) -> String {
    let mut names: Vec<String> = model
        .of_type(ROLE_TYPES)
        .filter(|(_, r)| r.unit == owner.unit)
        .filter_map(|(_, r)| {
            let name = Attribute::new("name", "RoleName").get(&r.attrs, r.lang)?.as_str()?.to_string();
            let path = Attribute::new("path", "Path").get(&r.attrs, r.lang).and_then(Value::as_str).unwrap_or("/");
            let full = format!("role{}{name}", if path.starts_with('/') { path } else { "/" });
            patterns.iter().any(|p| glob(p, &full)).then_some(name)
        })
        .collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => String::new(),
        n => {
            let shown: Vec<String> = names.iter().take(NAMED_ROLES).map(|n| format!("`{n}`")).collect();
            let more = if n > NAMED_ROLES { format!(" and {} more", n - NAMED_ROLES) } else { String::new() };
            format!(" (in this configuration: {}{more})", shown.join(", "))
        }
    }
}
