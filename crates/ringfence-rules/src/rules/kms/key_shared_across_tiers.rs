use crate::prelude::*;

declare_rule! {
    /// One customer managed key encrypting data of several tiers or environments.
    pub struct KeySharedAcrossTiers {
        code: "KMS008",
        name: "key-shared-across-tiers",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for KeySharedAcrossTiers {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        for (key_id, uses) in model.key_uses() {
            let key = model.resource(key_id);
            c.examined(key);
            let mut tiers: Vec<_> = uses.iter().flat_map(|u| u.tiers.iter().copied()).collect();
            tiers.sort();
            tiers.dedup();
            let mut environments: Vec<String> = uses
                .iter()
                .filter_map(|u| u.environment.and_then(Value::as_str))
                .map(|e| e.trim().to_ascii_lowercase())
                .collect();
            environments.sort();
            environments.dedup();
            let mut reasons = Vec::new();
            if tiers.len() > 1 {
                reasons.push(format!(
                    "data tiers {}",
                    tiers.iter().map(|t| format!("`{}`", t.as_str())).collect::<Vec<_>>().join(", ")
                ));
            }
            if environments.len() > 1 {
                reasons.push(format!(
                    "environments {}",
                    environments.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ")
                ));
            }
            if reasons.is_empty() {
                continue;
            }
            let finding = c.report_missing(key, format!("one key encrypts {}: use one key per tier and environment, so a grant on one does not open the others", reasons.join(" and ")));
            for u in &uses {
                let mut what = Vec::new();
                if !u.tiers.is_empty() {
                    what.push(format!("tier {}", u.tiers.iter().map(|t| t.as_str()).collect::<Vec<_>>().join("/")));
                }
                if let Some(env) = u.environment.and_then(Value::as_str) {
                    what.push(format!("environment {env}"));
                }
                let detail = if what.is_empty() { String::new() } else { format!(" ({})", what.join(", ")) };
                finding.label(u.value.span, format!("encrypts `{}`{detail}", u.user.address));
            }
        }
    }
}
