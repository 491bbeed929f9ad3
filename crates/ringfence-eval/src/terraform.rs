//! Terraform: module files into resources.
//!
//! A module is a directory; every `.tf`/`.tf.json` file in it contributes. Values are
//! evaluated where they are written: literals, collections, templates and
//! `jsonencode`. References to other resources become unknown values that keep the
//! reference. Inputs (variables, locals, module calls) are the next step of the
//! evaluator; until then they are unknown, which never makes a rule fire.

use crate::{Entry, Evaluated, Kind, Lang, Mode, Reference, Resource, UnitId, Value};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::{Element, Template};
use hcl_edit::visit::{visit_expr, Visit};
use hcl_edit::Span as _;
use ringfence_syntax::{Node, NodeKind, SourceFile, Span};
use std::ops::Range;

/// One parsed file of a Terraform module.
#[derive(Clone, Copy)]
pub enum TfFile<'a> {
    Hcl(&'a SourceFile, &'a Body),
    Json(&'a SourceFile, &'a Node),
}

/// Meta-arguments that configure Terraform, not the resource.
const META_ARGUMENTS: &[&str] =
    &["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"];

/// Evaluates one module instance. `prefix` is its address prefix (`""` for a root
/// module, `module.a.` for a call).
pub fn evaluate_module(unit: UnitId, prefix: &str, files: &[TfFile<'_>]) -> Evaluated {
    let mut out = Evaluated::default();
    for file in files {
        match file {
            TfFile::Hcl(source, body) => {
                let ctx = Hcl { file: source };
                for block in body.blocks() {
                    let mode = match block.ident.as_str() {
                        "resource" => Mode::Managed,
                        "data" => Mode::Data,
                        _ => continue,
                    };
                    if let Some(r) = ctx.resource(unit, prefix, mode, block) {
                        out.resources.push(r);
                    }
                }
            }
            TfFile::Json(source, root) => json_resources(unit, prefix, source, root, &mut out),
        }
    }
    out
}

struct Hcl<'a> {
    file: &'a SourceFile,
}

impl Hcl<'_> {
    fn span(&self, range: Option<Range<usize>>, fallback: Span) -> Span {
        range.map_or(fallback, |r| self.file.span(r.start, r.end))
    }

    fn whole_file(&self) -> Span {
        self.file.span(0, 0)
    }

    /// `resource "TYPE" "NAME"`: from the keyword to the last label.
    fn header(&self, block: &Block) -> Span {
        let start = block.ident.span().map_or(0, |r| r.start);
        let end = block.labels.last().and_then(|l| l.span()).or_else(|| block.ident.span()).map_or(start, |r| r.end);
        self.file.span(start, end)
    }

    fn resource(&self, unit: UnitId, prefix: &str, mode: Mode, block: &Block) -> Option<Resource> {
        let [rtype, name] = block.labels.as_slice() else {
            return None;
        };
        let (rtype, name) = (rtype.as_str().to_string(), name.as_str().to_string());
        let header = self.header(block);
        if let Some(count) = block.body.get_attribute("count") {
            if self.expr(&count.value).as_f64() == Some(0.0) {
                return None; // Not deployed, not checked.
            }
        }
        if let Some(for_each) = block.body.get_attribute("for_each") {
            let v = self.expr(&for_each.value);
            if matches!(&v.kind, Kind::Map(e) if e.is_empty()) || matches!(&v.kind, Kind::List(l) if l.is_empty()) {
                return None;
            }
        }
        let local_name = match mode {
            Mode::Managed => format!("{rtype}.{name}"),
            Mode::Data => format!("data.{rtype}.{name}"),
        };
        Some(Resource {
            lang: Lang::Terraform,
            mode,
            address: format!("{prefix}{local_name}"),
            local_name,
            rtype,
            name,
            unit,
            file: self.file.id,
            header,
            attrs: self.body(&block.body, header, true),
        })
    }

    /// A block body as a map. Nested blocks of the same type collect into a list
    /// under their type name, as Terraform's schema sees them.
    fn body(&self, body: &Body, span: Span, top: bool) -> Value {
        let mut entries: Vec<Entry> = Vec::new();
        for attr in body.attributes() {
            let key = attr.key.as_str();
            if top && META_ARGUMENTS.contains(&key) {
                continue;
            }
            let key_span = self.span(attr.key.span(), span);
            entries.push(Entry { key: key.to_string(), key_span, value: self.expr(&attr.value) });
        }
        for block in body.blocks() {
            let ident = block.ident.as_str();
            if top && META_ARGUMENTS.contains(&ident) {
                continue;
            }
            let header = self.header(block);
            let (key, item) = if ident == "dynamic" {
                // Generated blocks: present, but their content is not known here.
                let Some(label) = block.labels.first() else {
                    continue;
                };
                (label.as_str().to_string(), Value::unknown(header))
            } else {
                (ident.to_string(), self.body(&block.body, header, false))
            };
            match entries.iter_mut().find(|e| e.key == key) {
                Some(Entry { value: Value { kind: Kind::List(items), .. }, .. }) => items.push(item),
                Some(_) => {} // an attribute and a block of one name: the attribute wins
                None => {
                    entries.push(Entry { key, key_span: header, value: Value::new(Kind::List(vec![item]), header) })
                }
            }
        }
        Value::new(Kind::Map(entries), span)
    }

    fn expr(&self, expr: &Expression) -> Value {
        let span = self.span(expr.span(), self.whole_file());
        let kind = match expr {
            Expression::Null(_) => Kind::Null,
            Expression::Bool(b) => Kind::Bool(*b.value()),
            Expression::Number(n) => n.value().as_f64().map_or(Kind::Unknown(Vec::new()), Kind::Number),
            Expression::String(s) => Kind::String(s.value().clone()),
            Expression::Array(items) => Kind::List(items.iter().map(|e| self.expr(e)).collect()),
            Expression::Object(object) => {
                let mut entries = Vec::new();
                for (key, value) in object.iter() {
                    let (name, key_span) = match key {
                        ObjectKey::Ident(ident) => (Some(ident.as_str().to_string()), self.span(ident.span(), span)),
                        ObjectKey::Expression(e) => (self.expr(e).to_text(), self.span(e.span(), span)),
                    };
                    // A key that cannot be known drops the entry: a rule cannot judge it.
                    if let Some(key) = name {
                        entries.push(Entry { key, key_span, value: self.expr(value.expr()) });
                    }
                }
                Kind::Map(entries)
            }
            Expression::Parenthesis(p) => return self.expr(p.inner()),
            Expression::StringTemplate(t) => return self.template(t, span),
            // hcl-edit already strips the indentation of `<<-` heredocs.
            Expression::HeredocTemplate(h) => return self.template(&h.template, self.span(h.template.span(), span)),
            Expression::Traversal(_) => Kind::Unknown(self.references(expr)),
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                let args: Vec<&Expression> = call.args.iter().collect();
                match (name, args.as_slice()) {
                    // The structure is the policy: keep its spans rather than a string.
                    ("jsonencode", [arg]) => return self.expr(arg),
                    _ => Kind::Unknown(self.references(expr)),
                }
            }
            _ => Kind::Unknown(self.references(expr)),
        };
        Value::new(kind, span)
    }

    /// A template is a string when all its parts are known; otherwise unknown,
    /// keeping what it references.
    fn template(&self, template: &Template, span: Span) -> Value {
        let mut text = String::new();
        for element in template.iter() {
            match element {
                Element::Literal(s) => text.push_str(s.value()),
                Element::Interpolation(i) => match self.expr(&i.expr).to_text() {
                    Some(part) => text.push_str(&part),
                    None => return Value::new(Kind::Unknown(self.template_references(template)), span),
                },
                Element::Directive(_) => return Value::new(Kind::Unknown(self.template_references(template)), span),
            }
        }
        Value::new(Kind::String(text), span)
    }

    fn template_references(&self, template: &Template) -> Vec<Reference> {
        let mut refs = Vec::new();
        for element in template.iter() {
            if let Element::Interpolation(i) = element {
                refs.extend(self.references(&i.expr));
            }
        }
        refs
    }

    /// Resource references (`aws_x.y.attr`, `data.aws_x.y.attr`) anywhere in `expr`.
    fn references(&self, expr: &Expression) -> Vec<Reference> {
        struct Collect<'c, 'f> {
            ctx: &'c Hcl<'f>,
            out: Vec<Reference>,
        }
        impl Visit for Collect<'_, '_> {
            fn visit_traversal(&mut self, node: &hcl_edit::expr::Traversal) {
                if let Some(r) = self.ctx.reference(node) {
                    self.out.push(r);
                }
                hcl_edit::visit::visit_traversal(self, node);
            }
        }
        let mut c = Collect { ctx: self, out: Vec::new() };
        visit_expr(&mut c, expr);
        c.out
    }

    fn reference(&self, t: &hcl_edit::expr::Traversal) -> Option<Reference> {
        let Expression::Variable(root) = &t.expr else {
            return None;
        };
        let names: Vec<&str> = t
            .operators
            .iter()
            .map_while(|op| match op.value() {
                TraversalOperator::GetAttr(ident) => Some(ident.as_str()),
                _ => None,
            })
            .collect();
        let root = root.as_str();
        let (target, attribute) = match (root, names.as_slice()) {
            ("var" | "local" | "module" | "each" | "count" | "path" | "self" | "terraform", _) => return None,
            ("data", [rtype, name, rest @ ..]) => (format!("data.{rtype}.{name}"), rest.first()),
            (rtype, [name, rest @ ..]) => (format!("{rtype}.{name}"), rest.first()),
            _ => return None,
        };
        let span = self.span(t.span(), self.whole_file());
        Some(Reference { target, attribute: attribute.map(|a| a.to_string()), span })
    }
}

/// `.tf.json`: `{"resource": {"TYPE": {"NAME": {...}}}}`, objects standing for blocks.
fn json_resources(unit: UnitId, prefix: &str, file: &SourceFile, root: &Node, out: &mut Evaluated) {
    for (section, mode) in [("resource", Mode::Managed), ("data", Mode::Data)] {
        for types in root.get(section).into_iter().flat_map(one_or_many) {
            for (rtype, names) in types.entries().unwrap_or_default() {
                for names in one_or_many(names) {
                    for (name, body) in names.entries().unwrap_or_default() {
                        let header = name.span;
                        let attrs = json_value(file, body);
                        let count = attrs.get("count").and_then(Value::as_f64);
                        if count == Some(0.0) {
                            continue;
                        }
                        let attrs = Value {
                            kind: Kind::Map(
                                attrs
                                    .entries()
                                    .iter()
                                    .filter(|e| !META_ARGUMENTS.contains(&e.key.as_str()))
                                    .cloned()
                                    .collect(),
                            ),
                            ..attrs
                        };
                        let local_name = match mode {
                            Mode::Managed => format!("{}.{}", rtype.name, name.name),
                            Mode::Data => format!("data.{}.{}", rtype.name, name.name),
                        };
                        out.resources.push(Resource {
                            lang: Lang::Terraform,
                            mode,
                            address: format!("{prefix}{local_name}"),
                            local_name,
                            rtype: rtype.name.clone(),
                            name: name.name.clone(),
                            unit,
                            file: file.id,
                            header,
                            attrs,
                        });
                    }
                }
            }
        }
    }
}

fn one_or_many(node: &Node) -> Vec<&Node> {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        _ => vec![node],
    }
}

/// A JSON node as a Terraform value: `"${...}"` strings are templates; any that
/// interpolates is unknown, keeping the resources it names.
fn json_value(file: &SourceFile, node: &Node) -> Value {
    let kind = match &node.kind {
        NodeKind::Null => Kind::Null,
        NodeKind::Bool(b) => Kind::Bool(*b),
        NodeKind::Number(n) => n.parse().map_or_else(|_| Kind::String(n.clone()), Kind::Number),
        NodeKind::String(s) if s.contains("${") || s.contains("%{") => {
            let refs = match hcl_edit::parser::parse_template(s) {
                Ok(template) => {
                    let ctx = Hcl { file };
                    let mut refs = ctx.template_references(&template);
                    // Spans inside the string are not shifted yet: point at the string.
                    refs.iter_mut().for_each(|r| r.span = node.span);
                    refs
                }
                Err(_) => Vec::new(),
            };
            Kind::Unknown(refs)
        }
        NodeKind::String(s) => Kind::String(s.clone()),
        NodeKind::Seq(items) => Kind::List(items.iter().map(|n| json_value(file, n)).collect()),
        NodeKind::Map(entries) => Kind::Map(
            entries
                .iter()
                .map(|(k, v)| Entry { key: k.name.clone(), key_span: k.span, value: json_value(file, v) })
                .collect(),
        ),
    };
    Value::new(kind, node.span)
}

impl TfFile<'_> {
    pub fn file_id(&self) -> ringfence_syntax::FileId {
        match self {
            TfFile::Hcl(f, _) | TfFile::Json(f, _) => f.id,
        }
    }
}
