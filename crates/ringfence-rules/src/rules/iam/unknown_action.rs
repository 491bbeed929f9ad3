use crate::prelude::*;
use ringfence_model::iam::{catalog, retired};
use std::collections::HashMap;

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
        // The nearest real action of each misspelling, found once: the search weighs
        // every action of the service, and a copied policy repeats its typos.
        let mut nearest: HashMap<String, Option<String>> = HashMap::new();
        for policy in c.model.policies() {
            c.examined(policy.owner);
            // One finding per statement, at its first unknown action; others are labels.
            // Statements a `dynamic` block or `Fn::ForEach` makes from one template lead
            // with the same element: they are one finding there, naming every pattern.
            let mut findings: Vec<StatementFinding> = Vec::new();
            for statement in &policy.statements {
                let mut unknown: Vec<Unknown> = statement
                    .actions
                    .iter()
                    .chain(&statement.not_actions)
                    .filter_map(|element| unknown_action(catalog, element, &mut nearest))
                    .collect();
                // A misspelling leads (medium); a statement naming only retired actions
                // is dead weight, reported low.
                unknown.sort_by_key(|u| u.retired);
                let Some((first, others)) = unknown.split_first() else {
                    // An action that cannot be known may name nothing.
                    if let Some(v) = statement.actions.iter().chain(&statement.not_actions).find(|a| a.is_unknown()) {
                        c.undecided(policy.owner, v.span, "an action of the policy is not known");
                    }
                    continue;
                };
                match findings.iter_mut().find(|f| f.first.element.span == first.element.span) {
                    Some(same) => {
                        if !same.also.contains(&first.action) && same.first.action != first.action {
                            same.also.push(first.action.clone());
                        }
                        same.only_retired &= first.retired;
                        same.others.extend(others.iter().cloned());
                    }
                    None => findings.push(StatementFinding {
                        first: first.clone(),
                        also: Vec::new(),
                        only_retired: first.retired,
                        others: others.to_vec(),
                    }),
                }
            }
            for f in findings {
                let message = match f.also.len() {
                    0 => f.first.message.clone(),
                    _ => format!("{} (made here too, naming nothing: {})", f.first.message, listed(&f.also)),
                };
                let finding = c.report(policy.owner, f.first.element, message);
                if f.only_retired {
                    finding.severity(Severity::Low);
                }
                let mut labelled = Vec::new();
                for other in f.others {
                    if other.element.span != f.first.element.span && !labelled.contains(&other.element.span) {
                        labelled.push(other.element.span);
                        finding.label(other.element.span, other.message);
                    }
                }
            }
        }
    }
}

/// An action that names nothing: its element, what to say, and whether it was real once.
#[derive(Clone)]
struct Unknown<'a> {
    element: &'a Value,
    action: String,
    message: String,
    retired: bool,
}

struct StatementFinding<'a> {
    first: Unknown<'a>,
    /// The leading actions of other statements made at the same place.
    also: Vec<String>,
    only_retired: bool,
    others: Vec<Unknown<'a>>,
}

fn unknown_action<'a>(
    catalog: &ringfence_model::iam::Catalog,
    element: &'a Value,
    nearest: &mut HashMap<String, Option<String>>,
) -> Option<Unknown<'a>> {
    let action = element.as_str().map(str::trim)?;
    if matches!(action, "*" | "*:*") {
        return None;
    }
    let unknown =
        |message: String, retired: bool| Some(Unknown { element, action: action.to_string(), message, retired });
    match catalog.names_any(action) {
        None => unknown(format!("`{action}` is not of the form `service:action`"), false),
        // Real once: say so rather than call it a typo.
        Some(false) if retired(action).is_some() => {
            let r = retired(action)?;
            let instead = r.successor.as_ref().map(|s| format!(" (its successor uses `{s}:`)")).unwrap_or_default();
            unknown(format!("`{action}` belongs to {}, which AWS retired{instead}: it grants nothing", r.service), true)
        }
        Some(false) => match nearest.entry(action.to_string()).or_insert_with(|| catalog.nearest(action)) {
            Some(near) => unknown(format!("`{action}` names no AWS action: did you mean `{near}`?"), false),
            None => unknown(format!("`{action}` names no AWS action"), false),
        },
        Some(true) => None,
    }
}

/// The first few, quoted, with a count of the rest: a message stays one line.
fn listed(actions: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text: Vec<String> = actions.iter().take(SHOWN).map(|a| format!("`{a}`")).collect();
    if actions.len() > SHOWN {
        text.push(format!("and {} more", actions.len() - SHOWN));
    }
    text.join(", ")
}
