//! Actions of retired AWS services (or retired actions of live ones): no longer in the
//! Service Authorization Reference, so the catalog does not know them, but they were
//! real. Data in `data/retired-actions.json`, with the public sources of each entry.

use super::catalog::glob;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/retired-actions.json");

/// One retired action, or every action of a retired service (`macie:*`).
#[derive(Debug)]
pub struct Retired {
    /// `service:Action` or `service:*`.
    pub action: String,
    /// The retired service, in words.
    pub service: String,
    /// The prefix that took its place, if any.
    pub successor: Option<String>,
    pub sources: Vec<String>,
}

type Table = (Vec<Retired>, Vec<(String, String)>);

fn table() -> &'static Table {
    static TABLE_ONCE: OnceLock<Table> = OnceLock::new();
    TABLE_ONCE.get_or_init(|| {
        let Ok(data) = serde_json::from_str::<serde_json::Value>(TABLE) else { return Default::default() };
        let sources = data
            .get("sources")
            .and_then(|s| s.as_object())
            .map(|o| o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
            .unwrap_or_default();
        let retired = data
            .get("retired")
            .and_then(|r| r.as_array())
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|e| {
                        Some(Retired {
                            action: e.get("action")?.as_str()?.to_string(),
                            service: e.get("service")?.as_str()?.to_string(),
                            successor: e
                                .get("successor")
                                .and_then(|s| s.as_str())
                                .filter(|s| !s.is_empty())
                                .map(String::from),
                            sources: e
                                .get("sources")?
                                .as_array()?
                                .iter()
                                .filter_map(|s| s.as_str().map(String::from))
                                .collect(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        (retired, sources)
    })
}

/// Every retired entry.
pub fn retired_actions() -> &'static [Retired] {
    &table().0
}

/// The sources the entries cite: key and description (with its address).
pub fn retired_sources() -> &'static [(String, String)] {
    &table().1
}

/// The retired entry a written action pattern (`macie:List*`, `codestar:SyncResources`)
/// names, if any: same service, and the patterns overlap.
pub fn retired(pattern: &str) -> Option<&'static Retired> {
    let (service, action) = pattern.trim().split_once(':')?;
    retired_actions().iter().find(|r| {
        let (r_service, r_action) = r.action.split_once(':').unwrap_or_default();
        r_service.eq_ignore_ascii_case(service) && (r_action == "*" || glob(action, r_action))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::catalog;

    #[test]
    fn every_entry_is_retired_indeed_and_has_a_source() {
        let entries = retired_actions();
        assert!(entries.len() >= 2, "the table did not parse");
        for entry in entries {
            assert!(!entry.sources.is_empty(), "{}: no source", entry.action);
            for source in &entry.sources {
                assert!(
                    retired_sources().iter().any(|(k, _)| k == source),
                    "{}: unknown source {source}",
                    entry.action
                );
            }
            // Retired means the catalog no longer knows it.
            let found = catalog().expand(&entry.action).unwrap_or_default();
            assert!(found.is_empty(), "{} is still in the IAM catalog", entry.action);
            if let Some(successor) = &entry.successor {
                assert!(catalog().service(successor).is_some(), "{}: successor {successor} unknown", entry.action);
            }
        }
        assert!(retired("codestar:SyncResources").is_some());
        assert!(retired("Macie:ListMemberAccounts").is_some());
        assert!(retired("codestar:CreateProject").is_none());
        assert!(retired("macie2:ListFindings").is_none());
    }
}
