//! CloudFormation: a template into resources, the way CloudFormation would deploy it.
//!
//! Parameters take their value from the inputs (parameter files, `--cfn-param`), else
//! their `Default`; conditions are evaluated once each; a resource whose condition is
//! false is not deployed and not checked; `Fn::If` picks its branch and `AWS::NoValue`
//! removes a property or list element. Intrinsic functions are evaluated where their
//! arguments are known; `Ref`/`Fn::GetAtt` to resources keep the edge. Evaluation is
//! linear in the template: every parameter and condition is evaluated once.

use crate::budget::Budget;
use crate::{Entry, Evaluated, Kind, Lang, Mode, Origin, Reference, Rendered, Resource, UnitId, Value, UNKNOWN_MARK};
use ringfence_syntax::confine::Root;
use ringfence_syntax::limits::{MAX_INSTANCES, MAX_STACK_NESTING};
use ringfence_syntax::{align_lines, Diagnostic, Node, NodeKind, SourceFile, Span};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Values given to every template of a scan.
#[derive(Clone, Debug, Default)]
pub struct CfnInputs {
    /// Parameter values, with how a label describes where each was set.
    pub parameters: Vec<(String, Value, String)>,
    pub region: Option<String>,
    pub account_id: Option<String>,
    /// Where nested stacks' `TemplateURL`s may lead; a path outside is a located error.
    pub root: Root,
}

/// Whether a parsed YAML/JSON document is a CloudFormation template: it declares
/// `AWSTemplateFormatVersion`, or has a `Resources` map of `AWS::`/`Custom::` types.
pub fn is_cloudformation(root: &Node) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    let Some(resources) = root.get("Resources").and_then(Node::entries) else { return false };
    // `Transform: AWS::LanguageExtensions` (or SAM, alone or in a list), whose
    // resources may all stand inside `Fn::ForEach` loops.
    let transform = |n: &Node| {
        n.as_str().is_some_and(|t| t.starts_with("AWS::LanguageExtensions") || t.starts_with("AWS::Serverless-"))
    };
    let transformed =
        root.get("Transform").is_some_and(|t| transform(t) || t.items().unwrap_or_default().iter().any(transform));
    (transformed && !resources.is_empty())
        || !resources.is_empty()
            && resources.iter().any(|(_, r)| {
                r.get("Type")
                    .and_then(Node::as_str)
                    .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::") || t.starts_with("Alexa::"))
            })
}

/// Finds a nested stack's template by path (the scan read and parsed it).
pub type NestedTemplates<'a> = dyn Fn(&Path) -> Option<(&'a SourceFile, &'a Node)> + Sync + 'a;

/// Evaluates a template and the nested stacks it includes from local paths.
pub fn evaluate_template(
    unit: UnitId,
    file: &SourceFile,
    root: &Node,
    inputs: &CfnInputs,
    nested: &NestedTemplates<'_>,
) -> Evaluated {
    let mut out = Evaluated::default();
    let mut chain = vec![file.path.clone()];
    let budget = Budget::for_input(file.text.len());
    let stack = Stack { unit, nested, budget: &budget };
    stack.evaluate(file, root, inputs, "", &mut chain, &mut out);
    out.diagnostics.extend(budget.diagnostic());
    out
}

/// What every template of one unit (a template and its nested stacks) shares.
struct Stack<'s, 'n> {
    unit: UnitId,
    nested: &'s NestedTemplates<'n>,
    budget: &'s Budget,
}

/// The local template a nested stack's `TemplateURL` names, if any.
pub fn nested_template_path(parent: &Path, url: &str) -> Option<PathBuf> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("s3://") {
        return None;
    }
    let path = url.strip_prefix("file://").unwrap_or(url);
    Some(crate::normalize(&parent.parent().unwrap_or(Path::new(".")).join(path)))
}

impl Stack<'_, '_> {
    fn evaluate(
        &self,
        file: &SourceFile,
        root: &Node,
        inputs: &CfnInputs,
        prefix: &str,
        chain: &mut Vec<PathBuf>,
        out: &mut Evaluated,
    ) {
        let unit = self.unit;
        let Some(resources) = root.get("Resources") else {
            return;
        };
        let Some(entries) = resources.entries() else {
            out.diagnostics.push(Diagnostic::error(file.id, Some(resources.span), "`Resources` must be a mapping"));
            return;
        };
        let mut template = Template::new(file, root, inputs, self.budget);
        template.note_transforms(root);
        let mut declared = Vec::new();
        template.declare(entries, &[], &mut declared);
        template.index(declared);
        for d in &template.declared {
            let (name, header, body) = (&d.name, d.key_span, d.body);
            *template.bindings.borrow_mut() = d.bindings.clone();
            let Some(rtype) = body.get("Type").and_then(Node::as_str) else {
                if body.get("Fn::Transform").is_some() {
                    continue; // noted by `note_transforms`
                }
                out.diagnostics.push(Diagnostic::error(
                    file.id,
                    Some(header),
                    format!("resource `{name}` has no `Type`"),
                ));
                continue;
            };
            if let Some(condition) = body.get("Condition").and_then(Node::as_str) {
                if template.condition(condition, body.span) == Some(false) {
                    continue; // not deployed, not checked
                }
            }
            let attrs = match body.get("Properties").map(|p| template.eval(p)) {
                Some(Some(v)) if matches!(v.kind, Kind::Map(_) | Kind::Unknown(_)) => v,
                _ => Value::new(Kind::Map(Vec::new()), header),
            };
            // CDK output: show the construct path beside the logical ID.
            let address = match body.get("Metadata").and_then(|m| m.get("aws:cdk:path")).and_then(Node::as_str) {
                Some(path) => format!("{prefix}{name} ({path})"),
                None => format!("{prefix}{name}"),
            };
            let attrs = match rtype {
                "AWS::Serverless::Function" => {
                    template.sam_implicit_api_auth(expand_sam_policies(attrs, inputs), root.get("Globals"))
                }
                "AWS::Serverless::StateMachine" => expand_sam_policies(attrs, inputs),
                "AWS::Serverless::Api" | "AWS::Serverless::HttpApi" => {
                    template.sam_api_globals(rtype, attrs, root.get("Globals"))
                }
                _ => attrs,
            };
            if rtype == "AWS::CloudFormation::Stack" {
                self.nested_stack(file, name, &attrs, inputs, prefix, chain, out);
            }
            out.resources.push(Resource {
                lang: Lang::CloudFormation,
                mode: Mode::Managed,
                rtype: rtype.to_string(),
                name: name.clone(),
                address,
                local_name: name.clone(),
                module: prefix.to_string(),
                referenced: false,
                unit,
                file: file.id,
                header,
                attrs,
                metadata: body.get("Metadata").map(Value::from_node),
            });
        }
        out.diagnostics.extend(template.diagnostics.into_inner());
    }

    /// Follows a nested stack to a local template: evaluated with the parameters the
    /// parent passes, its resources addressed `Parent/Child`.
    #[allow(clippy::too_many_arguments)]
    fn nested_stack(
        &self,
        file: &SourceFile,
        name: &str,
        attrs: &Value,
        inputs: &CfnInputs,
        prefix: &str,
        chain: &mut Vec<PathBuf>,
        out: &mut Evaluated,
    ) {
        let Some(url) = attrs.get("TemplateURL") else { return };
        let Some(path) = url.as_str().and_then(|u| nested_template_path(&file.path, u)) else { return };
        if let Err(refused) = inputs.root.resolve(&path) {
            let message = format!("nested stack `{name}`: template not read: {refused}");
            out.diagnostics.push(Diagnostic::error(file.id, Some(url.span), message));
            return;
        }
        let Some((child_file, child_root)) = (self.nested)(&path) else {
            out.diagnostics.push(Diagnostic::warning(
                file.id,
                Some(url.span),
                format!(
                    "nested stack `{name}`: no template at `{}`; its resources are not checked",
                    ringfence_syntax::display_path(&path)
                ),
            ));
            return;
        };
        if chain.contains(&path) || chain.len() >= MAX_STACK_NESTING {
            out.diagnostics.push(Diagnostic::error(
                file.id,
                Some(url.span),
                format!("nested stack `{name}` includes itself or nests too deep"),
            ));
            return;
        }
        let parameters = attrs
            .get("Parameters")
            .map(|p| p.entries())
            .unwrap_or_default()
            .iter()
            .map(|e| (e.key.clone(), e.value.clone(), format!("passed to nested stack `{name}` here")))
            .collect();
        let child_inputs = CfnInputs {
            parameters,
            region: inputs.region.clone(),
            account_id: inputs.account_id.clone(),
            root: inputs.root.clone(),
        };
        chain.push(path);
        self.evaluate(child_file, child_root, &child_inputs, &format!("{prefix}{name}/"), chain, out);
        chain.pop();
    }
}

/// A loop identifier bound to one element of its collection (unknown when the
/// collection cannot be known), with the label a value taken from it carries.
#[derive(Clone, Debug)]
struct Binding {
    identifier: String,
    value: Value,
    label: String,
}

/// One resource of the template, after `Fn::ForEach` loops are expanded.
struct Declared<'a> {
    /// The logical ID, `${Identifier}`/`&{Identifier}` substituted.
    name: String,
    /// Where the logical ID (or the loop's output key) is written.
    key_span: Span,
    body: &'a Node,
    /// The identifiers of the loops that produced it, innermost last.
    bindings: Vec<Binding>,
}

struct Template<'a> {
    file: &'a SourceFile,
    inputs: &'a CfnInputs,
    parameters: HashMap<&'a str, &'a Node>,
    conditions: HashMap<&'a str, (&'a ringfence_syntax::Key, &'a Node)>,
    mappings: Option<&'a Node>,
    /// Logical ID to its place in `declared`.
    resources: HashMap<String, usize>,
    /// The template's resources, `Fn::ForEach` loops expanded, in template order.
    declared: Vec<Declared<'a>>,
    /// The loop identifiers bound where evaluation stands (the resource being evaluated).
    bindings: RefCell<Vec<Binding>>,
    condition_values: RefCell<HashMap<String, Option<bool>>>,
    evaluating: RefCell<HashSet<String>>,
    /// `Fn::GetAtt` of a property set in the template, evaluated once (a chain of
    /// them that doubles must not take exponential time).
    attributes: RefCell<HashMap<(String, String), Value>>,
    diagnostics: RefCell<Vec<Diagnostic>>,
    budget: &'a Budget,
}

fn entries(node: Option<&Node>) -> &[(ringfence_syntax::Key, Node)] {
    node.and_then(Node::entries).unwrap_or_default()
}

impl<'a> Template<'a> {
    fn new(file: &'a SourceFile, root: &'a Node, inputs: &'a CfnInputs, budget: &'a Budget) -> Template<'a> {
        Template {
            file,
            inputs,
            parameters: entries(root.get("Parameters")).iter().map(|(k, v)| (k.name.as_str(), v)).collect(),
            conditions: entries(root.get("Conditions")).iter().map(|(k, v)| (k.name.as_str(), (k, v))).collect(),
            mappings: root.get("Mappings"),
            resources: HashMap::new(),
            declared: Vec::new(),
            bindings: RefCell::default(),
            condition_values: RefCell::default(),
            evaluating: RefCell::default(),
            attributes: RefCell::default(),
            diagnostics: RefCell::default(),
            budget,
        }
    }

    fn unknown(&self, span: Span, from: &[&Value]) -> Value {
        Value::new(Kind::Unknown(from.iter().flat_map(|v| v.owned_references()).collect()), span)
    }

    /// The value a loop identifier is bound to where evaluation stands, labelled.
    fn binding(&self, name: &str, span: Span) -> Option<Value> {
        let bindings = self.bindings.borrow();
        let b = bindings.iter().rev().find(|b| b.identifier == name)?;
        let mut v = b.value.clone();
        v.flow_to(span, &b.label);
        Some(v)
    }

    /// The resources of `entries` with the loop identifiers `bound`, `Fn::ForEach`
    /// loops expanded (nested ones too) and `Fn::Transform` left out (noted).
    fn declare(&self, entries: &'a [(ringfence_syntax::Key, Node)], bound: &[Binding], out: &mut Vec<Declared<'a>>) {
        for (key, body) in entries {
            if let Some(name) = key.name.strip_prefix("Fn::ForEach::") {
                let Some(_level) = self.budget.enter(key.span) else { return };
                self.for_each(name, key.span, body, bound, out);
            } else if key.name != "Fn::Transform" {
                out.push(Declared {
                    name: substitute(&key.name, bound),
                    key_span: key.span,
                    body,
                    bindings: bound.to_vec(),
                });
            }
        }
    }

    /// `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: Template}]`: one copy of
    /// the template per element of the collection, as CloudFormation expands it. A
    /// collection that cannot be known gives one copy with the identifier unknown.
    fn for_each(&self, name: &str, span: Span, body: &'a Node, bound: &[Binding], out: &mut Vec<Declared<'a>>) {
        let error =
            |message: String| self.diagnostics.borrow_mut().push(Diagnostic::error(self.file.id, Some(span), message));
        let Some([identifier, collection, template]) = body.items() else {
            return error(format!("`Fn::ForEach::{name}` takes [Identifier, Collection, {{OutputKey: Template}}]"));
        };
        let (Some(identifier), Some(entries)) = (identifier.as_str(), template.entries()) else {
            return error(format!(
                "`Fn::ForEach::{name}` takes an identifier (a string) and a mapping of output keys to templates"
            ));
        };
        // The collection sees the identifiers of the loops around it.
        *self.bindings.borrow_mut() = bound.to_vec();
        let value = self.eval(collection);
        let items: Vec<Option<Value>> = match &value {
            Some(Value { kind: Kind::List(items), .. }) => {
                items.iter().map(|v| v.to_text().map(|t| Value { kind: Kind::String(t), ..v.clone() })).collect()
            }
            _ => vec![None],
        };
        if items.len() > MAX_INSTANCES {
            self.budget.exceed(
                collection.span,
                format!(
                    "`Fn::ForEach::{name}` over {} elements creates more than {MAX_INSTANCES} instances",
                    items.len()
                ),
            );
            return;
        }
        let label = format!("`{identifier}` of `Fn::ForEach::{name}` is this element");
        let mut unknown = false;
        for item in items.iter().flatten() {
            if !self.budget.charge(span, 1) {
                return;
            }
            let mut bindings = bound.to_vec();
            bindings.push(Binding { identifier: identifier.to_string(), value: item.clone(), label: label.clone() });
            self.declare(entries, &bindings, out);
        }
        unknown |= items.iter().any(Option::is_none);
        if unknown {
            self.diagnostics.borrow_mut().push(Diagnostic::warning(
                self.file.id,
                Some(collection.span),
                format!(
                    "`Fn::ForEach::{name}`: the collection cannot be known; its resources are checked once, with \
                     `{identifier}` unknown"
                ),
            ));
            let mut bindings = bound.to_vec();
            bindings.push(Binding {
                identifier: identifier.to_string(),
                value: Value::unknown(collection.span),
                label: label.clone(),
            });
            self.declare(entries, &bindings, out);
        }
    }

    /// Indexes the resources by logical ID; a logical ID that loops produce twice is
    /// an error (CloudFormation refuses the template), the first one kept.
    fn index(&mut self, declared: Vec<Declared<'a>>) {
        for (i, d) in declared.iter().enumerate() {
            if self.resources.contains_key(&d.name) {
                if !d.bindings.is_empty() {
                    self.diagnostics.borrow_mut().push(Diagnostic::error(
                        self.file.id,
                        Some(d.key_span),
                        format!("`Fn::ForEach` produces the logical ID `{}` twice", d.name),
                    ));
                }
                continue;
            }
            self.resources.insert(d.name.clone(), i);
        }
        let first: HashSet<usize> = self.resources.values().copied().collect();
        self.declared = declared.into_iter().enumerate().filter(|(i, _)| first.contains(i)).map(|(_, d)| d).collect();
        self.resources = self.declared.iter().enumerate().map(|(i, d)| (d.name.clone(), i)).collect();
    }

    /// SAM's `Globals`: an API declared without `Auth` takes `Globals.Api.Auth`
    /// (`Globals.HttpApi.Auth`).
    fn sam_api_globals(&self, rtype: &str, mut attrs: Value, globals: Option<&Node>) -> Value {
        let section = if rtype == "AWS::Serverless::Api" { "Api" } else { "HttpApi" };
        let Some((key, auth)) = globals.and_then(|g| g.get(section)).and_then(|s| s.entry("Auth")) else {
            return attrs;
        };
        if let Kind::Map(entries) = &mut attrs.kind {
            if !entries.iter().any(|e| e.key == "Auth") {
                if let Some(value) = self.eval(auth) {
                    entries.push(Entry { key: "Auth".into(), key_span: key.span, value });
                }
            }
        }
        attrs
    }

    /// SAM's implicit API (`ServerlessRestApi`, `ServerlessHttpApi`), serving the API
    /// events that name no API, takes its `DefaultAuthorizer` from `Globals`: such an
    /// event with no `Auth.Authorizer` of its own gets that one.
    fn sam_implicit_api_auth(&self, mut attrs: Value, globals: Option<&Node>) -> Value {
        let Some(globals) = globals else { return attrs };
        let Kind::Map(entries) = &mut attrs.kind else { return attrs };
        let Some(events) = entries.iter_mut().find(|e| e.key == "Events") else { return attrs };
        let Kind::Map(events) = &mut events.value.kind else { return attrs };
        for event in events.iter_mut() {
            let (section, api_id) = match event.value.get("Type").and_then(Value::as_str) {
                Some("Api") => ("Api", "RestApiId"),
                Some("HttpApi") => ("HttpApi", "ApiId"),
                _ => continue,
            };
            let Some(default) =
                globals.get(section).and_then(|s| s.get("Auth")).and_then(|a| a.get("DefaultAuthorizer"))
            else {
                continue;
            };
            let Kind::Map(event_entries) = &mut event.value.kind else { continue };
            let span = default.span;
            let Some(value) = self.eval(default) else { continue };
            let properties = match event_entries.iter().position(|e| e.key == "Properties") {
                Some(i) => &mut event_entries[i].value,
                None => {
                    let empty = Value::new(Kind::Map(Vec::new()), span);
                    event_entries.push(Entry { key: "Properties".into(), key_span: span, value: empty });
                    &mut event_entries.last_mut().expect("just pushed").value
                }
            };
            let Kind::Map(props) = &mut properties.kind else { continue };
            if props.iter().any(|e| e.key == api_id) {
                continue; // an API of the template's own
            }
            let auth = match props.iter().position(|e| e.key == "Auth") {
                Some(i) => &mut props[i].value,
                None => {
                    props.push(Entry {
                        key: "Auth".into(),
                        key_span: span,
                        value: Value::new(Kind::Map(Vec::new()), span),
                    });
                    &mut props.last_mut().expect("just pushed").value
                }
            };
            let Kind::Map(auth) = &mut auth.kind else { continue };
            if !auth.iter().any(|e| e.key == "Authorizer") {
                let mut value = value;
                value.flow_to(span, &format!("`Globals.{section}.Auth.DefaultAuthorizer` applies to the implicit API"));
                auth.push(Entry { key: "Authorizer".into(), key_span: span, value });
            }
        }
        attrs
    }

    /// `Fn::Transform` (`AWS::Include`, a macro) as a key of a section or of a resource
    /// inserts content known only at deployment: a warning where it stands.
    fn note_transforms(&self, root: &Node) {
        let sections = ["Parameters", "Mappings", "Conditions", "Resources", "Outputs"];
        let mut places: Vec<(&str, &Node)> = sections.iter().filter_map(|s| Some((*s, root.get(s)?))).collect();
        for (name, body) in entries(root.get("Resources")) {
            if body.get("Type").is_none() {
                places.push((name.name.as_str(), body));
            }
        }
        for (place, node) in places {
            let Some((key, transform)) = node.entry("Fn::Transform") else { continue };
            let what = match (
                transform.get("Name").and_then(Node::as_str),
                transform.get("Parameters").and_then(|p| p.get("Location")).and_then(Node::as_str),
            ) {
                (Some(n), Some(location)) => format!("`{n}` of `{location}`"),
                (Some(n), None) => format!("`{n}`"),
                _ => "a transform".to_string(),
            };
            self.diagnostics.borrow_mut().push(Diagnostic::warning(
                self.file.id,
                Some(key.span),
                format!("`Fn::Transform` in `{place}` inserts {what} at deployment: what it adds is not checked"),
            ));
        }
    }

    /// A node's value, within the unit's budget (unknown once it is spent); `None`
    /// for `AWS::NoValue` (the property or element is removed).
    fn eval(&self, node: &Node) -> Option<Value> {
        let Some(_level) = self.budget.enter(node.span) else { return Some(Value::unknown(node.span)) };
        if let Some([(key, arg)]) = node.entries() {
            if key.name == "Ref" || key.name.starts_with("Fn::") {
                let value = self.intrinsic(&key.name, arg, node.span)?;
                // What an intrinsic copies or computes is measured.
                return Some(if self.budget.admit(node.span, &value) { value } else { Value::unknown(node.span) });
            }
        }
        let kind = match &node.kind {
            NodeKind::Seq(items) => Kind::List(items.iter().filter_map(|n| self.eval(n)).collect()),
            NodeKind::Map(entries) => Kind::Map(
                entries
                    .iter()
                    .filter_map(|(k, v)| Some(Entry { key: k.name.clone(), key_span: k.span, value: self.eval(v)? }))
                    .collect(),
            ),
            scalar => Kind::of_scalar(scalar).unwrap_or(Kind::Null),
        };
        Some(Value::new(kind, node.span))
    }

    fn intrinsic(&self, name: &str, arg: &Node, span: Span) -> Option<Value> {
        let args = arg.items().unwrap_or_default();
        let value = |i: usize| args.get(i).and_then(|n| self.eval(n));
        Some(match name {
            "Ref" => match arg.as_str() {
                Some(target) => return self.reference(target, span),
                // `AWS::LanguageExtensions` lets `Ref` take a function (`!Ref {Fn::Sub: …}`).
                None => match self.eval(arg).and_then(|v| v.to_text()) {
                    Some(target) => return self.reference(&target, span),
                    None => self.unknown(span, &[]),
                },
            },
            "Fn::GetAtt" => {
                let (target, attribute) = match &arg.kind {
                    NodeKind::String(s) => s.split_once('.').map(|(a, b)| (a.to_string(), b.to_string()))?,
                    _ => (args.first()?.as_str()?.to_string(), value(1).and_then(|v| v.to_text()).unwrap_or_default()),
                };
                self.get_att(&target, &attribute, span)
            }
            "Fn::If" => {
                let condition = args.first().and_then(Node::as_str).unwrap_or_default();
                let (key_span, chosen) = match self.condition(condition, span) {
                    Some(true) => (self.conditions.get(condition).map(|(k, _)| k.span), args.get(1)),
                    Some(false) => (self.conditions.get(condition).map(|(k, _)| k.span), args.get(2)),
                    None => {
                        let branches: Vec<Value> = args.iter().skip(1).filter_map(|n| self.eval(n)).collect();
                        return Some(self.unknown(span, &branches.iter().collect::<Vec<_>>()));
                    }
                };
                let mut v = self.eval(chosen?)?;
                if let Some(at) = key_span {
                    let truth = self.condition(condition, span) == Some(true);
                    v.origins
                        .push(Origin { span: at, label: format!("chosen because condition `{condition}` is {truth}") });
                }
                v
            }
            "Fn::Sub" => self.sub(arg, span),
            "Fn::Join" => {
                let (Some(delimiter), Some(list)) = (value(0).and_then(|v| v.to_text()), value(1)) else {
                    return Some(self.unknown(span, &[]));
                };
                let parts: Option<Vec<String>> = list.items().iter().map(Value::to_text).collect();
                let bytes =
                    list.items().len() * delimiter.len() + parts.iter().flatten().map(String::len).sum::<usize>();
                if !self.budget.allows_text(span, bytes) {
                    return Some(self.unknown(span, &[]));
                }
                match parts {
                    Some(parts) if !list.is_unknown() => text(parts.join(&delimiter), span, &[&list]),
                    // Some items unknown: keep the known text around them, as `Fn::Sub`
                    // does, so an ARN or a service name can still be read.
                    None if !list.is_unknown() && !list.items().is_empty() => {
                        let mut rendered = Rendered::default();
                        for (i, item) in list.items().iter().enumerate() {
                            if i > 0 {
                                rendered.push(&delimiter, span, false);
                            }
                            match item.to_text() {
                                Some(t) => rendered.push(&t, item.span, false),
                                None => rendered.push(&UNKNOWN_MARK.to_string(), item.span, false),
                            }
                        }
                        let mut v = self.unknown(span, &[&list]);
                        v.rendered = Some(Box::new(rendered));
                        v
                    }
                    _ => self.unknown(span, &[&list]),
                }
            }
            "Fn::Select" => {
                let (Some(index), Some(list)) = (value(0).and_then(|v| v.as_f64()), value(1)) else {
                    return Some(self.unknown(span, &[]));
                };
                match list.items().get(index as usize) {
                    Some(v) if !list.is_unknown() => v.clone(),
                    _ => self.unknown(span, &[&list]),
                }
            }
            "Fn::Split" => {
                let (Some(delimiter), Some(source)) = (value(0).and_then(|v| v.to_text()), value(1)) else {
                    return Some(self.unknown(span, &[]));
                };
                match source.to_text() {
                    Some(s) if !delimiter.is_empty() => Value::new(
                        Kind::List(
                            s.split(delimiter.as_str()).map(|p| text(p.to_string(), span, &[&source])).collect(),
                        ),
                        span,
                    ),
                    _ => self.unknown(span, &[&source]),
                }
            }
            "Fn::FindInMap" => self.find_in_map(args, span),
            "Fn::Cidr" => {
                let (Some(block), Some(count), Some(bits)) = (
                    value(0).and_then(|v| v.to_text()),
                    value(1).and_then(|v| v.as_f64()),
                    value(2).and_then(|v| v.as_f64()),
                ) else {
                    return Some(self.unknown(span, &[]));
                };
                match cidrs(&block, count as usize, bits as u32) {
                    Some(list) => Value::new(Kind::List(list.into_iter().map(|c| text(c, span, &[])).collect()), span),
                    None => self.unknown(span, &[]),
                }
            }
            "Fn::Length" => match self.eval(arg) {
                Some(Value { kind: Kind::List(items), .. }) => Value::new(Kind::Number(items.len() as f64), span),
                Some(v) => self.unknown(span, &[&v]),
                None => self.unknown(span, &[]),
            },
            // The structure itself: a policy keeps the spans of its elements.
            "Fn::ToJsonString" => self.eval(arg).unwrap_or_else(|| self.unknown(span, &[])),
            // Fn::GetAZs, Fn::ImportValue, Fn::Base64, Fn::Transform and unknown
            // functions: unknown, keeping the edges of their arguments.
            _ => {
                let inner = self.eval(arg);
                self.unknown(span, &inner.iter().collect::<Vec<_>>())
            }
        })
    }

    fn reference(&self, target: &str, span: Span) -> Option<Value> {
        let known = |s: &str| Some(Value::new(Kind::String(s.to_string()), span));
        match target {
            "AWS::NoValue" => None,
            "AWS::Partition" => known("aws"),
            "AWS::URLSuffix" => known("amazonaws.com"),
            "AWS::Region" => self.inputs.region.as_deref().map_or_else(|| Some(Value::unknown(span)), known),
            "AWS::AccountId" => self.inputs.account_id.as_deref().map_or_else(|| Some(Value::unknown(span)), known),
            t if t.starts_with("AWS::") => Some(Value::unknown(span)),
            t if self.binding(t, span).is_some() => self.binding(t, span),
            t if self.parameters.contains_key(t) => Some(self.parameter(t, span)),
            t => {
                Some(Value::new(Kind::Unknown(vec![Reference { target: t.to_string(), attribute: None, span }]), span))
            }
        }
    }

    /// A parameter's value where it is used, labelled with where it was set.
    fn parameter(&self, name: &str, span: Span) -> Value {
        let Some(decl) = self.parameters.get(name) else { return Value::unknown(span) };
        let ptype = decl.get("Type").and_then(Node::as_str).unwrap_or("String");
        if ptype.starts_with("AWS::SSM::Parameter::Value") {
            return Value::unknown(span); // resolved from Parameter Store at deploy time
        }
        let given = self.inputs.parameters.iter().rev().find(|(n, _, _)| n == name);
        let (mut value, label) = match (given, decl.get("Default")) {
            (Some((_, v, label)), _) => (v.clone(), label.clone()),
            (None, Some(default)) => {
                let v = Value::from_node(default);
                (v, format!("parameter `{name}` defaults to this"))
            }
            (None, None) => return Value::unknown(span),
        };
        // List parameters are comma-delimited strings.
        if ptype == "CommaDelimitedList" || ptype.starts_with("List<") {
            if let Some(s) = value.to_text() {
                let items =
                    s.split(',').map(|p| Value { kind: Kind::String(p.trim().to_string()), ..value.clone() }).collect();
                value = Value { kind: Kind::List(items), ..value };
            }
        }
        value.flow_to(span, &label);
        value
    }

    /// `Fn::GetAtt`: a property the template sets on the resource is known; anything
    /// else is known only after deployment (and keeps the edge).
    fn get_att(&self, target: &str, attribute: &str, span: Span) -> Value {
        let reference = Reference { target: target.to_string(), attribute: Some(attribute.to_string()), span };
        let unknown = || Value::new(Kind::Unknown(vec![reference.clone()]), span);
        let key = (target.to_string(), attribute.to_string());
        let known = self.attributes.borrow().get(&key).cloned();
        let known = match known {
            Some(v) => v,
            None => {
                let Some((property, bindings)) = self.resources.get(target).and_then(|&i| {
                    let d = &self.declared[i];
                    Some((d.body.get("Properties")?.get(attribute)?, d.bindings.clone()))
                }) else {
                    return unknown();
                };
                let guard = format!("GetAtt {target}.{attribute}");
                if !self.evaluating.borrow_mut().insert(guard.clone()) {
                    self.diagnostics.borrow_mut().push(Diagnostic::error(
                        self.file.id,
                        Some(span),
                        format!("`Fn::GetAtt {target}.{attribute}` refers to itself"),
                    ));
                    return unknown();
                }
                // The target's own loop identifiers, for the time of its property.
                let outer = self.bindings.replace(bindings);
                let v = self.eval(property).unwrap_or_else(|| Value::unknown(property.span));
                *self.bindings.borrow_mut() = outer;
                self.evaluating.borrow_mut().remove(&guard);
                self.attributes.borrow_mut().insert(key, v.clone());
                v
            }
        };
        match known {
            mut v if matches!(v.kind, Kind::String(_) | Kind::Number(_) | Kind::Bool(_)) => {
                v.flow_to(span, &format!("`{target}.{attribute}` is set here"));
                v
            }
            _ => unknown(),
        }
    }

    fn find_in_map(&self, args: &[Node], span: Span) -> Value {
        let key = |i: usize| args.get(i).and_then(|n| self.eval(n)).and_then(|v| v.to_text());
        let default = args.get(3).and_then(|d| d.get("DefaultValue")).and_then(|d| self.eval(d));
        let (Some(map), Some(top), Some(second)) = (key(0), key(1), key(2)) else {
            return self.unknown(span, &[]);
        };
        let found = self.mappings.and_then(|m| m.get(&map)).and_then(|m| m.get(&top)).and_then(|m| m.get(&second));
        match (found, default) {
            (Some(node), _) => {
                let mut v = Value::from_node(node);
                v.flow_to(span, &format!("from mapping `{map}`"));
                v
            }
            (None, Some(d)) => d,
            (None, None) => self.unknown(span, &[]),
        }
    }

    /// A named condition, evaluated once; `None` when it depends on something unknown.
    fn condition(&self, name: &str, span: Span) -> Option<bool> {
        if let Some(v) = self.condition_values.borrow().get(name) {
            return *v;
        }
        let (_, node) = self.conditions.get(name)?;
        if !self.evaluating.borrow_mut().insert(name.to_string()) {
            self.diagnostics.borrow_mut().push(Diagnostic::error(
                self.file.id,
                Some(span),
                format!("condition `{name}` refers to itself"),
            ));
            return None;
        }
        let v = self.truth(node);
        self.evaluating.borrow_mut().remove(name);
        self.condition_values.borrow_mut().insert(name.to_string(), v);
        v
    }

    fn truth(&self, node: &Node) -> Option<bool> {
        let _level = self.budget.enter(node.span)?;
        let [(key, arg)] = node.entries()? else {
            return self.eval(node)?.as_bool();
        };
        let args = arg.items().unwrap_or_default();
        match key.name.as_str() {
            "Fn::Equals" => {
                let a = self.eval(args.first()?)?;
                let b = self.eval(args.get(1)?)?;
                Some(a.to_text()? == b.to_text()?)
            }
            "Fn::And" => {
                let values: Vec<Option<bool>> = args.iter().map(|c| self.truth(c)).collect();
                if values.contains(&Some(false)) {
                    Some(false)
                } else {
                    values.into_iter().collect::<Option<Vec<_>>>().map(|_| true)
                }
            }
            "Fn::Or" => {
                let values: Vec<Option<bool>> = args.iter().map(|c| self.truth(c)).collect();
                if values.contains(&Some(true)) {
                    Some(true)
                } else {
                    values.into_iter().collect::<Option<Vec<_>>>().map(|_| false)
                }
            }
            "Fn::Not" => self.truth(args.first()?).map(|b| !b),
            "Condition" => self.condition(arg.as_str()?, key.span),
            _ => self.eval(node)?.as_bool(),
        }
    }

    /// `Fn::Sub`: `${Param}`, `${Resource}`, `${Resource.Attr}`, `${AWS::…}`, the
    /// variables of the two-argument form, `${!Literal}`. The result keeps its
    /// rendering, so a policy written in a `!Sub` string is judged element by element.
    fn sub(&self, arg: &Node, span: Span) -> Value {
        let (template_node, variables) = match &arg.kind {
            NodeKind::String(_) => (arg, None),
            NodeKind::Seq(items) if !items.is_empty() => (&items[0], items.get(1)),
            _ => return self.unknown(span, &[]),
        };
        let Some(template) = template_node.as_str() else { return self.unknown(span, &[]) };
        // Where each line of the template text is written, to locate literal pieces.
        let lines = align_lines(template, self.file.slice(template_node.span), template_node.span.start as usize);
        let literal_span = |from: usize, to: usize| -> Span {
            match &lines {
                Some(starts) => {
                    let line = template[..from].matches('\n').count();
                    let line_start = template[..from].rfind('\n').map_or(0, |i| i + 1);
                    let start = starts[line.min(starts.len() - 1)] + (from - line_start);
                    self.file.span(start, start + (to - from))
                }
                None => template_node.span,
            }
        };
        let mut rendered = Rendered::default();
        let mut parts: Vec<Value> = Vec::new();
        let mut unknown = false;
        let push_literal = |rendered: &mut Rendered, from: usize, text: &str| {
            // One piece per line: a block scalar's lines are not contiguous in the file.
            let mut at = from;
            for line in text.split_inclusive('\n') {
                let end = at + line.len();
                rendered.push(
                    line,
                    if lines.is_some() { literal_span(at, end) } else { template_node.span },
                    lines.is_some(),
                );
                at = end;
            }
        };
        let mut rest = 0;
        while let Some(found) = template[rest..].find("${") {
            let open = rest + found;
            let Some(close) = template[open..].find('}').map(|c| open + c) else { break };
            let name = template[open + 2..close].trim();
            if let Some(literal) = name.strip_prefix('!') {
                push_literal(&mut rendered, rest, &template[rest..open]);
                rendered.push(&format!("${{{literal}}}"), literal_span(open, close + 1), false);
                rest = close + 1;
                continue;
            }
            push_literal(&mut rendered, rest, &template[rest..open]);
            let at = literal_span(open, close + 1);
            let value = match variables.and_then(|v| v.get(name)) {
                Some(node) => self.eval(node).unwrap_or_else(|| Value::unknown(at)),
                None if self.binding(name, at).is_some() => {
                    self.binding(name, at).unwrap_or_else(|| Value::unknown(at))
                }
                None => match name.split_once('.') {
                    Some((target, attribute)) if !name.starts_with("AWS::") => self.get_att(target, attribute, at),
                    _ => self.reference(name, at).unwrap_or_else(|| Value::unknown(at)),
                },
            };
            match value.to_text() {
                Some(t) if !self.budget.allows_text(at, rendered.text.len() + t.len()) => {
                    return self.unknown(span, &[]);
                }
                Some(t) => rendered.push(&t, at, false),
                None => {
                    rendered.push(&UNKNOWN_MARK.to_string(), at, false);
                    unknown = true;
                }
            }
            parts.push(value);
            rest = close + 1;
        }
        push_literal(&mut rendered, rest, &template[rest..]);
        let refs: Vec<&Value> = parts.iter().collect();
        let mut v = if unknown { self.unknown(span, &refs) } else { text(rendered.text.clone(), span, &refs) };
        if !parts.is_empty() {
            v.rendered = Some(Box::new(rendered));
        }
        v
    }
}

/// SAM's policy templates (derived from SAM's own table; see `data/SOURCE.md`).
const SAM_POLICY_TEMPLATES: &str = include_str!("../data/sam-policy-templates.json");

fn sam_policy_templates() -> &'static Node {
    static TEMPLATES: std::sync::OnceLock<Node> = std::sync::OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let file = SourceFile::new(
            ringfence_syntax::FileId(u32::MAX),
            PathBuf::from("sam-policy-templates.json"),
            SAM_POLICY_TEMPLATES.to_string(),
        );
        ringfence_syntax::parse_json(&file).unwrap_or(Node { kind: NodeKind::Map(Vec::new()), span: file.span(0, 0) })
    })
}

/// Replaces each SAM policy template among a function's `Policies`
/// (`- S3CrudPolicy: {BucketName: !Ref Data}`) by the statements it stands for, with its
/// arguments substituted; every element is located at the template's name.
fn expand_sam_policies(mut attrs: Value, inputs: &CfnInputs) -> Value {
    let Kind::Map(entries) = &mut attrs.kind else { return attrs };
    let Some(policies) = entries.iter_mut().find(|e| e.key == "Policies") else { return attrs };
    let templates = sam_policy_templates();
    let expand = |item: &Value| -> Option<Value> {
        let [entry] = item.entries() else { return None };
        let template = templates.get(&entry.key)?;
        let definition = template.get("Definition")?;
        let declared: Vec<&str> = template.get("Parameters")?.items()?.iter().filter_map(Node::as_str).collect();
        let parameters = declared
            .iter()
            .map(|name| {
                let value = entry.value.get(name).cloned().unwrap_or_else(|| Value::unknown(entry.key_span));
                (name.to_string(), value, format!("`{name}` of SAM policy template `{}`", entry.key))
            })
            .collect();
        let root = Node {
            kind: NodeKind::Map(vec![(
                ringfence_syntax::Key { name: "Parameters".into(), span: definition.span },
                Node {
                    kind: NodeKind::Map(
                        declared
                            .iter()
                            .map(|n| {
                                (
                                    ringfence_syntax::Key { name: n.to_string(), span: definition.span },
                                    Node { kind: NodeKind::Map(Vec::new()), span: definition.span },
                                )
                            })
                            .collect(),
                    ),
                    span: definition.span,
                },
            )]),
            span: definition.span,
        };
        let sub_inputs = CfnInputs {
            parameters,
            region: inputs.region.clone(),
            account_id: inputs.account_id.clone(),
            root: inputs.root.clone(),
        };
        let file = SourceFile::new(ringfence_syntax::FileId(u32::MAX), PathBuf::new(), String::new());
        // ringfence's own table, filled with values already within the unit's budget.
        let budget = Budget::default();
        let template_eval = Template::new(&file, &root, &sub_inputs, &budget);
        let mut value = template_eval.eval(definition)?;
        // The definition lives in ringfence's table: locate it at the template's name.
        value.relocate(entry.key_span);
        Some(value)
    };
    let items: Vec<Value> =
        policies.value.items().iter().map(|item| expand(item).unwrap_or_else(|| item.clone())).collect();
    policies.value = Value { kind: Kind::List(items), ..policies.value.clone() };
    attrs
}

/// An output key with each bound identifier substituted: `${Identifier}` by its
/// element, `&{Identifier}` by the element without its non-alphanumeric characters. An
/// identifier bound to an unknown element stays as written.
fn substitute(key: &str, bound: &[Binding]) -> String {
    let mut out = key.to_string();
    for b in bound.iter().rev() {
        let Some(element) = b.value.as_str() else { continue };
        out = out.replace(&format!("${{{}}}", b.identifier), element);
        let alphanumeric: String = element.chars().filter(char::is_ascii_alphanumeric).collect();
        out = out.replace(&format!("&{{{}}}", b.identifier), &alphanumeric);
    }
    out
}

fn text(s: String, span: Span, from: &[&Value]) -> Value {
    let mut v = Value::new(Kind::String(s), span);
    for f in from {
        for o in &f.origins {
            if !v.origins.contains(o) {
                v.origins.push(o.clone());
            }
        }
    }
    v
}

/// `Fn::Cidr`: `count` blocks of `bits` host bits from the start of `block`.
fn cidrs(block: &str, count: usize, bits: u32) -> Option<Vec<String>> {
    let (addr, len) = block.split_once('/')?;
    let len: u32 = len.parse().ok()?;
    let (value, width, v4): (u128, u32, bool) = match addr.parse::<std::net::IpAddr>().ok()? {
        std::net::IpAddr::V4(a) => (u32::from(a) as u128, 32, true),
        std::net::IpAddr::V6(a) => (u128::from(a), 128, false),
    };
    let prefix = width.checked_sub(bits).filter(|p| *p >= len)?;
    let size = 1u128.checked_shl(bits)?;
    let network = if len == 0 { 0 } else { value >> (width - len) << (width - len) };
    (0..count.min(256))
        .map(|i| {
            let start = network.checked_add(size.checked_mul(i as u128)?)?;
            Some(if v4 {
                format!("{}/{prefix}", std::net::Ipv4Addr::from(start as u32))
            } else {
                format!("{}/{prefix}", std::net::Ipv6Addr::from(start))
            })
        })
        .collect()
}
