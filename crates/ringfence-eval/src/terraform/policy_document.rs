//! `data "aws_iam_policy_document"` into the policy JSON it renders, keeping the spans
//! of the HCL each element came from.

use crate::{Entry, Kind, Value};
use ringfence_syntax::{SourceMap, Span};

fn entry(key: &str, value: Value) -> Entry {
    Entry { key: key.to_string(), key_span: value.span, value }
}

/// Builds the policy of a policy-document data source from its evaluated attributes.
/// Statements of `source_policy_documents` come first, then this document's own
/// (replacing a source statement of the same `Sid`); `override_policy_documents`
/// replace statements with the same `Sid` or are appended.
pub(crate) fn build(attrs: &Value, span: Span, sources: &SourceMap) -> Value {
    if attrs.is_unknown() {
        return Value::unknown(span);
    }
    let mut statements: Vec<Value> = Vec::new();
    for doc in attrs.get("source_policy_documents").map(Value::items).unwrap_or_default() {
        let Some(doc) = as_policy(doc, sources) else { return Value::unknown(span) };
        statements.extend(doc.get("Statement").map(|s| s.items().to_vec()).unwrap_or_default());
    }
    for block in attrs.get("statement").map(Value::items).unwrap_or_default() {
        merge(&mut statements, statement(block));
    }
    for doc in attrs.get("override_policy_documents").map(Value::items).unwrap_or_default() {
        let Some(doc) = as_policy(doc, sources) else { return Value::unknown(span) };
        for s in doc.get("Statement").map(|s| s.items().to_vec()).unwrap_or_default() {
            merge(&mut statements, s);
        }
    }
    let version = attrs.get("version").cloned().unwrap_or_else(|| Value::new(Kind::String("2012-10-17".into()), span));
    Value::new(
        Kind::Map(vec![entry("Version", version), entry("Statement", Value::new(Kind::List(statements), span))]),
        span,
    )
}

fn sid(statement: &Value) -> Option<&str> {
    statement.get("Sid").and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn merge(statements: &mut Vec<Value>, statement: Value) {
    match sid(&statement).map(str::to_string) {
        Some(id) => match statements.iter_mut().find(|s| sid(s) == Some(id.as_str())) {
            Some(existing) => *existing = statement,
            None => statements.push(statement),
        },
        None => statements.push(statement),
    }
}

/// A policy given as a document value or as JSON text.
fn as_policy(value: &Value, sources: &SourceMap) -> Option<Value> {
    match &value.kind {
        Kind::Map(_) => Some(value.clone()),
        Kind::String(text) => {
            let file = sources.get(value.span.file);
            let node = ringfence_syntax::parse_json_str(file, text, 0).ok()?;
            let mut v = Value::from_node(&node);
            v.relocate(value.span);
            Some(v)
        }
        _ => None,
    }
}

/// One `statement` block as an IAM policy statement.
fn statement(block: &Value) -> Value {
    let span = block.span;
    let mut entries = Vec::new();
    if let Some(sid) = block.get("sid") {
        entries.push(entry("Sid", sid.clone()));
    }
    let effect = block
        .get("effect")
        .filter(|v| !v.is_null())
        .cloned()
        .unwrap_or_else(|| Value::new(Kind::String("Allow".into()), span));
    entries.push(entry("Effect", effect));
    for (hcl, json) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        if let Some(v) = block.get(hcl).filter(|v| !v.is_null()) {
            entries.push(entry(json, v.clone()));
        }
    }
    for (hcl, json) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        if let Some(blocks) = block.get(hcl) {
            entries.push(entry(json, principals(blocks)));
        }
    }
    if let Some(conditions) = block.get("condition") {
        entries.push(entry("Condition", conditions_of(conditions)));
    }
    Value::new(Kind::Map(entries), span)
}

/// `principals { type = "AWS", identifiers = [...] }` blocks into `{"AWS": [...]}`;
/// `type = "*"` with `identifiers = ["*"]` is the bare `"*"`.
fn principals(blocks: &Value) -> Value {
    let mut map: Vec<Entry> = Vec::new();
    for b in blocks.items() {
        let (Some(t), Some(ids)) = (b.get("type"), b.get("identifiers")) else { return Value::unknown(blocks.span) };
        let Some(name) = t.as_str() else { return Value::unknown(t.span) };
        if name == "*" {
            return ids.items().first().cloned().unwrap_or_else(|| ids.clone());
        }
        match map.iter_mut().find(|e| e.key == name) {
            Some(Entry { value: Value { kind: Kind::List(list), .. }, .. }) => list.extend(ids.items().iter().cloned()),
            _ => map.push(Entry {
                key: name.to_string(),
                key_span: t.span,
                value: Value::new(Kind::List(ids.items().to_vec()), ids.span),
            }),
        }
    }
    Value::new(Kind::Map(map), blocks.span)
}

/// `condition { test, variable, values }` blocks into `{"test": {"variable": [...]}}`.
fn conditions_of(blocks: &Value) -> Value {
    let mut map: Vec<Entry> = Vec::new();
    for b in blocks.items() {
        let (Some(test), Some(variable), Some(values)) = (b.get("test"), b.get("variable"), b.get("values")) else {
            return Value::unknown(blocks.span);
        };
        let (Some(test_name), Some(var_name)) = (test.as_str(), variable.as_str()) else {
            return Value::unknown(b.span);
        };
        let pair = Entry { key: var_name.to_string(), key_span: variable.span, value: values.clone() };
        match map.iter_mut().find(|e| e.key == test_name) {
            Some(Entry { value: Value { kind: Kind::Map(inner), .. }, .. }) => inner.push(pair),
            _ => map.push(Entry {
                key: test_name.to_string(),
                key_span: test.span,
                value: Value::new(Kind::Map(vec![pair]), b.span),
            }),
        }
    }
    Value::new(Kind::Map(map), blocks.span)
}
