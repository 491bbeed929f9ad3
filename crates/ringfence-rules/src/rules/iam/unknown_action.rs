use crate::prelude::*;
use ringfence_model::iam::{catalog, retired};

declare_rule! {
    /// An action or action pattern that names nothing in AWS.
    pub struct UnknownAction {
        code: "IAM010",
        name: "unknown-action",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for UnknownAction {
    fn check(&self, c: &mut Checker<'_>) {
        let catalog = catalog();
        for policy in c.model.policies() {
            for statement in &policy.statements {
                // One finding per statement, at its first unknown action; others are labels.
                // (element, message, whether it names a retired service's action)
                let mut unknown: Vec<(&Value, String, bool)> = statement
                    .actions
                    .iter()
                    .chain(&statement.not_actions)
                    .filter_map(|element| {
                        let action = element.as_str().map(str::trim)?;
                        if matches!(action, "*" | "*:*") {
                            return None;
                        }
                        let message = match catalog.expand(action) {
                            None => format!("`{action}` is not of the form `service:action`"),
                            // Real once: say so rather than call it a typo.
                            Some(found) if found.is_empty() && retired(action).is_some() => {
                                let r = retired(action)?;
                                let instead = r
                                    .successor
                                    .as_ref()
                                    .map(|s| format!(" (its successor uses `{s}:`)"))
                                    .unwrap_or_default();
                                return Some((
                                    *element,
                                    format!(
                                        "`{action}` belongs to {}, which AWS retired{instead}: it grants nothing",
                                        r.service
                                    ),
                                    true,
                                ));
                            }
                            Some(found) if found.is_empty() => match catalog.nearest(action) {
                                Some(near) => format!("`{action}` names no AWS action: did you mean `{near}`?"),
                                None => format!("`{action}` names no AWS action"),
                            },
                            Some(_) => return None,
                        };
                        Some((*element, message, false))
                    })
                    .collect();
                // A misspelling leads (medium); a statement naming only retired actions
                // is dead weight, reported low.
                unknown.sort_by_key(|(_, _, retired)| *retired);
                let Some(((first, message, only_retired), others)) = unknown.split_first() else { continue };
                let finding = c.report(policy.owner, *first, message.clone());
                if *only_retired {
                    finding.severity(Severity::Low);
                }
                for (other, message, _) in others {
                    finding.label(other.span, message.clone());
                }
            }
        }
    }
}
