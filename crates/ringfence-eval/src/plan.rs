//! Terraform plan JSON (`terraform show -json plan.out`) into resources.
//!
//! Values come from `planned_values` (what Terraform will create); attributes that
//! `resource_changes[].change.after_unknown` marks are unknown, keeping the references
//! `configuration` records for them. When the configuration's `.tf` files are at
//! hand, each resource is located at its block and each attribute at its expression;
//! otherwise in the plan file itself.

use crate::terraform::{header, ModuleSet, TfFile};
use crate::{Entry, Evaluated, Kind, Lang, Mode, Reference, Resource, UnitId, Value};
use hcl_edit::structure::{Block, Body};
use hcl_edit::Span as _;
use ringfence_syntax::{Node, NodeKind, SourceFile, Span};
use std::path::{Path, PathBuf};

/// Whether a JSON document is a Terraform plan.
pub fn is_plan(root: &Node) -> bool {
    root.get("format_version").is_some()
        && (root.get("planned_values").is_some() || root.get("terraform_version").is_some())
}

/// The configuration a plan was made from: the module set and the root directory.
pub struct PlanConfig<'s, 'a> {
    pub set: &'s ModuleSet<'a>,
    pub root: PathBuf,
}

pub fn evaluate_plan(unit: UnitId, file: &SourceFile, root: &Node, config: Option<&PlanConfig<'_, '_>>) -> Evaluated {
    let mut out = Evaluated::default();
    let Some(module) = root.get("planned_values").and_then(|p| p.get("root_module")) else {
        return out;
    };
    let mut pending = vec![module];
    while let Some(module) = pending.pop() {
        for r in module.get("resources").and_then(Node::items).unwrap_or_default() {
            if let Some(resource) = resource(unit, file, root, r, config) {
                out.resources.push(resource);
            }
        }
        pending.extend(module.get("child_modules").and_then(Node::items).unwrap_or_default());
    }
    out
}

fn text<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    node.get(key).and_then(Node::as_str)
}

fn resource(
    unit: UnitId,
    file: &SourceFile,
    plan: &Node,
    r: &Node,
    config: Option<&PlanConfig<'_, '_>>,
) -> Option<Resource> {
    let address = text(r, "address")?;
    let rtype = text(r, "type")?.to_string();
    let name = text(r, "name")?.to_string();
    let mode = if text(r, "mode") == Some("data") { Mode::Data } else { Mode::Managed };
    let local_name = match mode {
        Mode::Managed => format!("{rtype}.{name}"),
        Mode::Data => format!("data.{rtype}.{name}"),
    };
    // `module.a["x"].module.b.aws_x.y[0]` → module prefix `module.a["x"].module.b.`
    let module = text(r, "module_address").map(|m| format!("{m}.")).unwrap_or_default();
    let header = r.entry("address").map_or(r.span, |(k, _)| k.span);
    let mut attrs = match r.get("values") {
        Some(values) => Value::from_node(values),
        None => Value::new(Kind::Map(Vec::new()), header),
    };
    let after_unknown = change(plan, address).and_then(|c| c.get("after_unknown"));
    let references = configured(plan, &module, &local_name);
    if let Some(unknown) = after_unknown {
        mark_unknown(&mut attrs, unknown, references.as_ref(), header);
    }
    let mut resource = Resource {
        lang: Lang::Terraform,
        mode,
        rtype,
        name,
        address: address.to_string(),
        local_name,
        module,
        referenced: false,
        unit,
        file: file.id,
        header,
        attrs,
        metadata: None,
    };
    if let Some(config) = config {
        locate(&mut resource, config);
    }
    Some(resource)
}

fn change<'n>(plan: &'n Node, address: &str) -> Option<&'n Node> {
    plan.get("resource_changes")?.items()?.iter().find(|c| text(c, "address") == Some(address))?.get("change")
}

/// The `configuration` entry of a resource: its expressions and their references.
fn configured<'n>(plan: &'n Node, module: &str, local_name: &str) -> Option<&'n Node> {
    let mut current = plan.get("configuration")?.get("root_module")?;
    // Module prefixes look like `module.a.module.b["k"].`; keys drop instance keys.
    for part in module.split("module.").filter(|p| !p.is_empty()) {
        let name = part.trim_end_matches('.').split('[').next()?;
        current = current.get("module_calls")?.get(name)?.get("module")?;
    }
    current.get("resources")?.items()?.iter().find(|r| text(r, "address") == Some(local_name))
}

/// Attributes known only after apply become unknown (present, never missing), with the
/// references their configuration expression names.
fn mark_unknown(attrs: &mut Value, unknown: &Node, config: Option<&&Node>, at: Span) {
    let Some(entries) = unknown.entries() else { return };
    for (key, flag) in entries {
        match &flag.kind {
            NodeKind::Bool(true) => {
                let refs = config
                    .and_then(|c| c.get("expressions"))
                    .and_then(|e| e.get(&key.name))
                    .and_then(|e| e.get("references"))
                    .and_then(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Node::as_str)
                    .filter_map(|r| reference(r, at))
                    .collect();
                let value = Value::new(Kind::Unknown(refs), at);
                if let Kind::Map(list) = &mut attrs.kind {
                    match list.iter_mut().find(|e| e.key == key.name) {
                        Some(e) => e.value = value,
                        None => list.push(Entry { key: key.name.clone(), key_span: at, value }),
                    }
                }
            }
            NodeKind::Map(_) => {
                if let Some(inner) = attrs.entries().iter().position(|e| e.key == key.name) {
                    if let Kind::Map(list) = &mut attrs.kind {
                        mark_unknown(&mut list[inner].value, flag, None, at);
                    }
                }
            }
            _ => {}
        }
    }
}

/// `aws_kms_key.k.arn` → a reference to `aws_kms_key.k`, attribute `arn`.
fn reference(text: &str, span: Span) -> Option<Reference> {
    let parts: Vec<&str> = text.split('.').collect();
    let (target, attribute) = match parts.as_slice() {
        ["data", t, n, rest @ ..] => (format!("data.{t}.{n}"), rest.first()),
        [t, n, rest @ ..] if !matches!(*t, "var" | "local" | "module" | "each" | "count" | "path") => {
            (format!("{t}.{n}"), rest.first())
        }
        _ => return None,
    };
    Some(Reference { target, attribute: attribute.map(|a| a.to_string()), span })
}

/// Moves a plan resource onto its configuration: the block's header, and each
/// attribute onto its expression (nested blocks matched in order).
fn locate(resource: &mut Resource, config: &PlanConfig<'_, '_>) {
    let Some(dir) = module_dir(config, &resource.module) else { return };
    let Some(module) = config.set.modules.get(&dir) else { return };
    for file in &module.files {
        let TfFile::Hcl(source, body) = file else { continue };
        let keyword = if resource.mode == Mode::Data { "data" } else { "resource" };
        let found = body.blocks().find(|b| {
            b.ident.as_str() == keyword
                && b.labels.first().map(|l| l.as_str()) == Some(resource.rtype.as_str())
                && b.labels.get(1).map(|l| l.as_str()) == Some(resource.name.as_str())
        });
        if let Some(block) = found {
            let header = header(source, block);
            resource.header = header;
            resource.file = source.id;
            respan(&mut resource.attrs, &block.body, source, header);
            return;
        }
    }
}

fn respan(value: &mut Value, body: &Body, file: &SourceFile, at: Span) {
    value.span = at;
    let Kind::Map(entries) = &mut value.kind else {
        value.relocate(at);
        return;
    };
    for entry in entries {
        if let Some(attr) = body.get_attribute(&entry.key) {
            let span = attr.value.span().map_or(at, |r| file.span(r.start, r.end));
            entry.key_span = attr.key.span().map_or(at, |r| file.span(r.start, r.end));
            // Elements of a literal list keep their own places.
            match (&mut entry.value.kind, &attr.value) {
                (Kind::List(items), hcl_edit::expr::Expression::Array(array)) if array.len() == items.len() => {
                    entry.value.span = span;
                    for (item, expr) in items.iter_mut().zip(array.iter()) {
                        item.relocate(expr.span().map_or(span, |r| file.span(r.start, r.end)));
                    }
                }
                _ => entry.value.relocate(span),
            }
            continue;
        }
        let blocks: Vec<&Block> = body.blocks().filter(|b| b.ident.as_str() == entry.key).collect();
        if blocks.is_empty() {
            entry.key_span = at;
            entry.value.relocate(at);
            continue;
        }
        let first = header(file, blocks[0]);
        entry.key_span = first;
        entry.value.span = first;
        match &mut entry.value.kind {
            Kind::List(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let block = blocks.get(i).copied().unwrap_or(blocks[0]);
                    respan(item, &block.body, file, header(file, block));
                }
            }
            _ => respan(&mut entry.value, &blocks[0].body, file, first),
        }
    }
}

/// The directory of a module instance prefix (`module.a.module.b.`), following the
/// configuration's local `source`s from the root.
fn module_dir(config: &PlanConfig<'_, '_>, module: &str) -> Option<PathBuf> {
    let mut dir = config.root.clone();
    for part in module.split("module.").filter(|p| !p.is_empty()) {
        let name = part.trim_end_matches('.').split('[').next()?;
        let current = config.set.modules.get(&dir)?;
        let source = current
            .files
            .iter()
            .flat_map(|f| crate::terraform::module_sources(*f))
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)?;
        if !(source.starts_with("./") || source.starts_with("../")) {
            return None;
        }
        dir = crate::terraform::normalize(&Path::new(&dir).join(source));
    }
    Some(dir)
}
