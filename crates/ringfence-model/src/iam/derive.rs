//! Derives the embedded action catalog from `Policies.json` (see `data/SOURCE.md`).
//!
//! The table is text, one line per fact, sorted:
//! `@service` opens a service; `action res1,res2` lists an action and the resource
//! types it accepts (none: no resource-level permissions); `%type arn-format ...` lists
//! a resource type's ARN formats.

use serde_json::Value;
use std::fmt::Write;

pub fn derive_catalog(policies_json: &str) -> Result<String, String> {
    let root: Value = serde_json::from_str(policies_json).map_err(|e| e.to_string())?;
    let services = root.as_object().ok_or("Policies.json is not an object")?;
    let mut out = String::from("# ringfence IAM action catalog, derived from Policies.json; see data/SOURCE.md\n");
    let mut names: Vec<&String> = services.keys().collect();
    names.sort();
    for name in names {
        let service = &services[name];
        writeln!(out, "@{name}").ok();
        if let Some(actions) = service["Actions"].as_object() {
            let mut list: Vec<(&String, &Value)> = actions.iter().collect();
            list.sort_by(|a, b| a.0.cmp(b.0));
            for (action, detail) in list {
                let mut resources: Vec<&str> =
                    detail["Resources"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                resources.sort();
                resources.dedup();
                if resources.is_empty() {
                    writeln!(out, "{action}").ok();
                } else {
                    writeln!(out, "{action} {}", resources.join(",")).ok();
                }
            }
        }
        if let Some(types) = service["Resources"].as_object() {
            let mut list: Vec<(&String, &Value)> = types.iter().collect();
            list.sort_by(|a, b| a.0.cmp(b.0));
            for (rtype, detail) in list {
                let arns: Vec<&str> =
                    detail["ARNFormats"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                writeln!(out, "%{rtype} {}", arns.join(" ")).ok();
            }
        }
    }
    Ok(out)
}
