//! CloudFormation: a template into resources.
//!
//! Properties are evaluated where they are written. `Ref` and `Fn::GetAtt` to
//! resources become unknown values that keep the reference; `Fn::Sub` without
//! variables is a plain string. Parameters, conditions and the other intrinsic
//! functions are the next step of the evaluator; until then they are unknown,
//! which never makes a rule fire.

use crate::{Entry, Evaluated, Kind, Lang, Mode, Reference, Resource, UnitId, Value};
use ringfence_syntax::{Diagnostic, Node, NodeKind, SourceFile};

/// Whether a parsed YAML/JSON document is a CloudFormation template: it declares
/// `AWSTemplateFormatVersion`, or has a `Resources` map of `AWS::`/`Custom::` types.
pub fn is_cloudformation(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(resources) = root.get("Resources").and_then(Node::entries) else {
        return false;
    };
    !resources.is_empty()
        && resources.iter().any(|(_, r)| {
            r.get("Type").and_then(Node::as_str).is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
        })
}

pub fn evaluate_template(unit: UnitId, file: &SourceFile, root: &Node) -> Evaluated {
    let mut out = Evaluated::default();
    let Some(resources) = root.get("Resources") else {
        return out;
    };
    let Some(entries) = resources.entries() else {
        out.diagnostics.push(Diagnostic::error(file.id, Some(resources.span), "`Resources` must be a mapping"));
        return out;
    };
    for (logical_id, body) in entries {
        let Some(rtype) = body.get("Type").and_then(Node::as_str) else {
            out.diagnostics.push(Diagnostic::error(
                file.id,
                Some(logical_id.span),
                format!("resource `{}` has no `Type`", logical_id.name),
            ));
            continue;
        };
        let attrs = match body.get("Properties") {
            Some(props) => value(props),
            None => Value::new(Kind::Map(Vec::new()), logical_id.span),
        };
        out.resources.push(Resource {
            lang: Lang::CloudFormation,
            mode: Mode::Managed,
            rtype: rtype.to_string(),
            name: logical_id.name.clone(),
            address: logical_id.name.clone(),
            local_name: logical_id.name.clone(),
            module: String::new(),
            referenced: false,
            unit,
            file: file.id,
            header: logical_id.span,
            attrs,
        });
    }
    out
}

fn value(node: &Node) -> Value {
    if let Some(v) = intrinsic(node) {
        return v;
    }
    let kind = match &node.kind {
        NodeKind::Null => Kind::Null,
        NodeKind::Bool(b) => Kind::Bool(*b),
        NodeKind::Number(n) => n.parse().map_or_else(|_| Kind::String(n.clone()), Kind::Number),
        NodeKind::String(s) => Kind::String(s.clone()),
        NodeKind::Seq(items) => Kind::List(items.iter().map(value).collect()),
        NodeKind::Map(entries) => Kind::Map(
            entries.iter().map(|(k, v)| Entry { key: k.name.clone(), key_span: k.span, value: value(v) }).collect(),
        ),
    };
    Value::new(kind, node.span)
}

/// A one-key map `{Ref: ..}` / `{Fn::X: ..}` is an intrinsic function call.
fn intrinsic(node: &Node) -> Option<Value> {
    let [(key, arg)] = node.entries()? else {
        return None;
    };
    let name = key.name.as_str();
    if name != "Ref" && !name.starts_with("Fn::") {
        return None;
    }
    let refs = match name {
        "Ref" => match arg.as_str() {
            Some(target) if !target.starts_with("AWS::") => {
                vec![Reference { target: target.to_string(), attribute: None, span: node.span }]
            }
            _ => Vec::new(),
        },
        "Fn::GetAtt" => get_att(arg)
            .map(|(target, attribute)| Reference { target, attribute, span: node.span })
            .into_iter()
            .collect(),
        "Fn::Sub" => {
            let (template, has_vars) = match &arg.kind {
                NodeKind::String(s) => (s.as_str(), false),
                NodeKind::Seq(items) => (items.first().and_then(Node::as_str).unwrap_or(""), items.len() > 1),
                _ => ("", true),
            };
            let placeholders = sub_placeholders(template);
            if placeholders.is_empty() && !has_vars {
                return Some(Value::new(Kind::String(template.replace("${!", "${")), node.span));
            }
            placeholders
                .into_iter()
                .filter(|p| !p.starts_with("AWS::"))
                .map(|p| {
                    let (target, attribute) = match p.split_once('.') {
                        Some((t, a)) => (t.to_string(), Some(a.to_string())),
                        None => (p.to_string(), None),
                    };
                    Reference { target, attribute, span: node.span }
                })
                .collect()
        }
        _ => value(arg).references().into_iter().cloned().collect(),
    };
    Some(Value::new(Kind::Unknown(refs), node.span))
}

fn get_att(arg: &Node) -> Option<(String, Option<String>)> {
    match &arg.kind {
        NodeKind::Seq(items) => {
            let target = items.first()?.as_str()?.to_string();
            Some((target, items.get(1).and_then(Node::as_str).map(str::to_string)))
        }
        NodeKind::String(s) => {
            let (t, a) = s.split_once('.')?;
            Some((t.to_string(), Some(a.to_string())))
        }
        _ => None,
    }
}

/// The `${Name}` placeholders of a `Fn::Sub` template (`${!Literal}` excluded).
fn sub_placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let name = after[..end].trim();
        if !name.starts_with('!') && !name.is_empty() {
            out.push(name);
        }
        rest = &after[end + 1..];
    }
    out
}
