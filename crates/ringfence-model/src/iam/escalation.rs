//! Known IAM privilege-escalation paths, found in one identity policy document.
//!
//! The paths are data (`data/escalation-paths.json`, with the public sources each comes
//! from); this module weighs what a statement granting one can reach.

use super::catalog::{catalog, glob};
use crate::views::policy::{PolicyDocument, Statement};
use crate::Value;
use std::sync::OnceLock;

const PATHS: &str = include_str!("../../data/escalation-paths.json");

/// How a path escalates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// One IAM action that rewrites permissions or credentials of principals.
    Permissions,
    /// `iam:PassRole` with a service that runs the caller's code as the passed role.
    PassRole,
    /// Replacing the code (or opening the shell) of something running as its own role.
    Code,
}

/// One published escalation path.
#[derive(Debug)]
pub struct EscalationPath {
    pub id: String,
    pub kind: PathKind,
    /// Actions all required, as written in the data (`service:Action`).
    pub all_of: Vec<String>,
    /// Of these, at least one is required too (none: no such requirement).
    pub any_of: Vec<String>,
    /// For `PassRole` paths what the service creates; otherwise why the action escalates.
    pub why: String,
    /// Keys of [`escalation_sources`].
    pub sources: Vec<String>,
}

/// The catalogue of paths, parsed once. Malformed entries are skipped (a unit test
/// keeps the data well-formed).
pub fn escalation_paths() -> &'static [EscalationPath] {
    &catalogue().0
}

/// The sources the paths cite: key and description (with its address).
pub fn escalation_sources() -> &'static [(String, String)] {
    &catalogue().1
}

type Catalogue = (Vec<EscalationPath>, Vec<(String, String)>);

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(parse_catalogue)
}

fn parse_catalogue() -> Catalogue {
    let Ok(data) = serde_json::from_str::<serde_json::Value>(PATHS) else { return Default::default() };
    let strings = |v: &serde_json::Value, key: &str| -> Vec<String> {
        v.get(key)
            .and_then(|l| l.as_array())
            .map(|l| l.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    };
    let sources = data
        .get("sources")
        .and_then(|s| s.as_object())
        .map(|o| o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default();
    let paths = data
        .get("paths")
        .and_then(|p| p.as_array())
        .map(|paths| {
            paths
                .iter()
                .filter_map(|p| {
                    let kind = match p.get("kind")?.as_str()? {
                        "permissions" => PathKind::Permissions,
                        "pass-role" => PathKind::PassRole,
                        "code" => PathKind::Code,
                        _ => return None,
                    };
                    Some(EscalationPath {
                        id: p.get("id")?.as_str()?.to_string(),
                        kind,
                        all_of: strings(p, "all_of"),
                        any_of: strings(p, "any_of"),
                        why: p.get("why")?.as_str()?.to_string(),
                        sources: strings(p, "sources"),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    (paths, sources)
}

/// What the resources of a granting statement reach, strongest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach<'m> {
    /// `*` or every resource of the type (`role/*`).
    Any,
    /// Name or path patterns (`role/service-role/AmazonSageMakerServiceCatalog*`), as
    /// the resource part of the ARN.
    Patterns(Vec<&'m str>),
    /// Resources named exactly.
    Named(Vec<&'m str>),
}

/// One escalation found: the statement that grants it, the element to report, the
/// path, what it reaches, and the other elements it needs.
pub struct Escalation<'m> {
    pub statement: usize,
    pub element: &'m Value,
    pub path: &'static EscalationPath,
    pub reach: Reach<'m>,
    /// A PassRole path with no service in the document to complete it.
    pub incomplete: bool,
    pub partners: Vec<&'m Value>,
}

impl Escalation<'_> {
    /// The finding's message (without the rule's wording around it).
    pub fn describe(&self) -> String {
        let what = &self.path.why;
        match (self.path.kind, &self.reach, self.incomplete) {
            (PathKind::PassRole, Reach::Any, false) => {
                format!("`iam:PassRole` on any role with the right to create {what} runs code as any role")
            }
            (PathKind::PassRole, Reach::Any, true) => {
                "`iam:PassRole` on any role without an `iam:PassedToService` condition hands any role to any service"
                    .to_string()
            }
            (PathKind::PassRole, reach, false) => format!(
                "`iam:PassRole` on roles matching {} with the right to create {what} runs code as those roles",
                quoted(reach)
            ),
            (PathKind::PassRole, reach, true) => format!(
                "`iam:PassRole` on roles matching {} without an `iam:PassedToService` condition hands them to any \
                 service",
                quoted(reach)
            ),
            (_, Reach::Any, _) => what.clone(),
            (_, reach, _) => format!("{what}, on {}", quoted(reach)),
        }
    }
}

fn quoted(reach: &Reach<'_>) -> String {
    let list = match reach {
        Reach::Any => return "any resource".to_string(),
        Reach::Patterns(l) | Reach::Named(l) => l,
    };
    list.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
}

/// Whether a written action pattern grants `action` (`service:Action`, any case).
fn grants(pattern: &str, action: &str) -> bool {
    let (svc, name) = action.split_once(':').unwrap_or_default();
    let Some((p_svc, p_name)) = pattern.trim().split_once(':') else { return pattern.trim() == "*" };
    glob(p_svc, svc) && glob(p_name, name) && catalog().service(svc).is_some()
}

/// The first action element of a statement granting `action`.
fn granting<'m>(statement: &Statement<'m>, action: &str) -> Option<&'m Value> {
    statement.known_actions().find(|(_, p)| grants(p, action)).map(|(v, _)| v)
}

/// Whether a Deny statement of the document removes `action` everywhere.
fn denied(doc: &PolicyDocument<'_>, action: &str) -> bool {
    doc.statements
        .iter()
        .filter(|s| s.effect.is_str("Deny"))
        .any(|s| granting(s, action).is_some() && s.resources.iter().any(|r| r.as_str().map(str::trim) == Some("*")))
}

/// The first element of any allowed, not denied statement of the document granting `action`.
fn allowed<'m>(doc: &PolicyDocument<'m>, allows: &[(usize, &Statement<'m>)], action: &str) -> Option<&'m Value> {
    allows.iter().find_map(|(_, s)| granting(s, action)).filter(|_| !denied(doc, action))
}

fn passed_to_service(statement: &Statement<'_>) -> bool {
    statement.condition_keys().iter().any(|k| k == "iam:passedtoservice")
}

/// How one resource element reaches resources of `service`: `None` when it reaches none
/// of them (another service's ARN, a service-linked role, the caller's own user, a value
/// that cannot be known).
fn reach_of<'m>(resource: &'m str, service: &str) -> Option<Reach<'m>> {
    let r = resource.trim();
    if r == "*" {
        return Some(Reach::Any);
    }
    let Some(rest) = r.strip_prefix("arn:") else { return Some(Reach::Named(vec![r])) };
    let mut parts = rest.splitn(5, ':');
    let (_partition, arn_service, _region, _account) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let part = parts.next()?;
    if !glob(arn_service, service) {
        return None;
    }
    // Service-linked roles cannot be passed, edited or given policies by the caller;
    // a resource under the caller's own name is self-service, not escalation.
    if part.contains("aws-service-role/") || part.contains("${aws:username}") || part.contains("${aws:userid}") {
        return None;
    }
    let name = match part.find(['/', ':']) {
        Some(at) => &part[at + 1..],
        None if part.ends_with('*') && !part.trim_end_matches('*').contains(['?', '*']) => "*",
        None => part,
    };
    if !name.is_empty() && name.chars().all(|c| c == '*') {
        Some(Reach::Any)
    } else if part.contains(['*', '?']) {
        Some(Reach::Patterns(vec![part]))
    } else {
        Some(Reach::Named(vec![part]))
    }
}

/// What a statement's resources reach of `service`, merged: any, else the patterns,
/// else the names. `None`: nothing of it (or nothing that can be known).
fn statement_reach<'m>(statement: &Statement<'m>, service: &str) -> Option<Reach<'m>> {
    let mut patterns = Vec::new();
    let mut named = Vec::new();
    for r in statement.resources.iter().filter_map(|r| r.as_str()) {
        match reach_of(r, service) {
            None => {}
            Some(Reach::Any) => return Some(Reach::Any),
            Some(Reach::Patterns(p)) => patterns.extend(p),
            Some(Reach::Named(n)) => named.extend(n),
        }
    }
    if !patterns.is_empty() {
        Some(Reach::Patterns(patterns))
    } else if !named.is_empty() {
        Some(Reach::Named(named))
    } else {
        None
    }
}

fn strength(reach: &Reach<'_>) -> u8 {
    match reach {
        Reach::Any => 2,
        Reach::Patterns(_) => 1,
        Reach::Named(_) => 0,
    }
}

/// Escalation paths of one identity policy document, at most one per statement: the one
/// reaching most, the first in the catalogue among equals.
pub fn escalations<'m>(doc: &PolicyDocument<'m>) -> Vec<Escalation<'m>> {
    let mut out: Vec<Escalation<'m>> = Vec::new();
    let allows: Vec<(usize, &Statement<'m>)> = doc
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_allow() && s.all_action_wildcards().is_empty())
        .collect();
    for (i, statement) in &allows {
        let mut best: Option<Escalation<'m>> = None;
        let mut consider = |found: Escalation<'m>| {
            if best.as_ref().is_none_or(|b| strength(&found.reach) > strength(&b.reach)) {
                best = Some(found);
            }
        };
        for path in escalation_paths().iter().filter(|p| p.kind != PathKind::PassRole) {
            // Single-action paths: this statement grants the action.
            let Some(action) = path.all_of.first() else { continue };
            let Some(element) = granting(statement, action).filter(|_| !denied(doc, action)) else { continue };
            let service = action.split_once(':').map_or("", |(s, _)| s);
            let Some(reach) = statement_reach(statement, service) else { continue };
            // Replacing the code of one named function is deploying it, not escalation.
            if path.kind == PathKind::Code && matches!(reach, Reach::Named(_)) {
                continue;
            }
            consider(Escalation { statement: *i, element, path, reach, incomplete: false, partners: Vec::new() });
        }
        if let Some(pass_role) = granting(statement, "iam:PassRole").filter(|_| !denied(doc, "iam:PassRole")) {
            // Passing one named role is how PassRole should be written; a condition
            // naming the service keeps the role with it.
            let reach = statement_reach(statement, "iam")
                .filter(|r| !matches!(r, Reach::Named(_)))
                .filter(|_| !passed_to_service(statement));
            if let Some(reach) = reach {
                let complete = escalation_paths().iter().filter(|p| p.kind == PathKind::PassRole).find_map(|path| {
                    let mut partners: Vec<&'m Value> =
                        path.all_of.iter().map(|a| allowed(doc, &allows, a)).collect::<Option<_>>()?;
                    if !path.any_of.is_empty() {
                        partners.push(path.any_of.iter().find_map(|a| allowed(doc, &allows, a))?);
                    }
                    Some((path, partners))
                });
                let fallback = escalation_paths().iter().find(|p| p.kind == PathKind::PassRole);
                let found = match complete {
                    Some((path, partners)) => Some((path, partners, false)),
                    None => fallback.map(|path| (path, Vec::new(), true)),
                };
                if let Some((path, partners, incomplete)) = found {
                    consider(Escalation { statement: *i, element: pass_role, path, reach, incomplete, partners });
                }
            }
        }
        out.extend(best);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_names_real_actions_and_has_a_source() {
        let paths = escalation_paths();
        assert!(paths.len() >= 30, "the catalogue did not parse: {} paths", paths.len());
        let sources = escalation_sources();
        let mut ids: Vec<&str> = paths.iter().map(|p| p.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), paths.len(), "path ids are unique");
        for path in paths {
            assert!(!path.all_of.is_empty(), "{}: no action", path.id);
            assert!(!path.why.is_empty(), "{}: no reason", path.id);
            assert!(!path.sources.is_empty(), "{}: no source", path.id);
            for source in &path.sources {
                assert!(sources.iter().any(|(k, _)| k == source), "{}: unknown source {source}", path.id);
            }
            for action in path.all_of.iter().chain(&path.any_of) {
                let found = catalog().expand(action).unwrap_or_default();
                assert_eq!(found.len(), 1, "{}: `{action}` is not one IAM action", path.id);
            }
            if path.kind != PathKind::PassRole {
                assert_eq!(path.all_of.len(), 1, "{}: single-action paths have one action", path.id);
            }
        }
        for (key, text) in sources {
            assert!(text.contains("https://"), "source {key} has no address");
            assert!(paths.iter().any(|p| p.sources.contains(key)), "source {key} is cited by no path");
        }
    }

    #[test]
    fn reach_of_resources() {
        assert_eq!(reach_of("*", "iam"), Some(Reach::Any));
        assert_eq!(reach_of("arn:aws:iam::*:role/*", "iam"), Some(Reach::Any));
        assert_eq!(reach_of("arn:aws:iam::111122223333:role*", "iam"), Some(Reach::Any));
        assert_eq!(reach_of("arn:aws:lambda:*:*:function:*", "lambda"), Some(Reach::Any));
        assert_eq!(
            reach_of("arn:aws:iam::*:role/service-role/AmazonSageMakerServiceCatalog*", "iam"),
            Some(Reach::Patterns(vec!["role/service-role/AmazonSageMakerServiceCatalog*"]))
        );
        assert_eq!(reach_of("arn:aws:iam::1:role/ml-training", "iam"), Some(Reach::Named(vec!["role/ml-training"])));
        assert_eq!(reach_of("arn:aws:iam::*:role/aws-service-role/fsx.amazonaws.com/*", "iam"), None);
        assert_eq!(reach_of("arn:aws:iam::*:user/${aws:username}", "iam"), None);
        assert_eq!(reach_of("arn:aws:s3:::bucket/*", "iam"), None);
    }
}
