use crate::prelude::*;
use ringfence_model::iam::catalog;

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
                let unknown: Vec<(&Value, String)> = statement
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
                            Some(found) if found.is_empty() => match catalog.nearest(action) {
                                Some(near) => format!("`{action}` names no AWS action: did you mean `{near}`?"),
                                None => format!("`{action}` names no AWS action"),
                            },
                            Some(_) => return None,
                        };
                        Some((*element, message))
                    })
                    .collect();
                let Some(((first, message), others)) = unknown.split_first() else { continue };
                let finding = c.report(policy.owner, *first, message.clone());
                for (other, message) in others {
                    finding.label(other.span, message.clone());
                }
            }
        }
    }
}
