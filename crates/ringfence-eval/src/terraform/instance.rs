//! Module instances: configuration index, lazy symbols, resources, module calls.

use super::config::{def_span, header, json_entries, local_name, BlockDef, Body, Config, Def};
use super::derived::{unknown_from, Entries};
use super::expr::{iteration, Ctx, Scope, Symbols};
use super::{policy_document, TfFile, META_ARGUMENTS};
use crate::budget::Budget;
use crate::{Entry, Evaluated, Kind, Lang, Mode, Resource, UnitId, Value};
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::Block;
use hcl_edit::Span as _;
use ringfence_syntax::confine::Root;
use ringfence_syntax::limits::{MAX_INSTANCES, MAX_MODULE_DEPTH};
use ringfence_syntax::{Diagnostic, Node, SourceFile, SourceMap, Span};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::{Rc, Weak};

/// The parsed files of one module directory.
pub struct TfModule<'a> {
    pub dir: PathBuf,
    pub files: Vec<TfFile<'a>>,
}

/// Every module directory a scan can reach, and each root's installed (remote)
/// modules from `.terraform/modules/modules.json` (module key → directory).
#[derive(Default)]
pub struct ModuleSet<'a> {
    pub modules: BTreeMap<PathBuf, TfModule<'a>>,
    pub installed: HashMap<PathBuf, HashMap<String, PathBuf>>,
    /// Where module sources and `file()` may lead; a path outside is a located error.
    pub root: Root,
}

/// A root variable's value from a tfvars file or the command line.
#[derive(Clone)]
pub struct RootInput {
    pub name: String,
    pub value: Value,
    /// How the secondary label describes where it was set.
    pub label: String,
}

/// Values of a tfvars file (`NAME = value` or a JSON object), evaluated as constants,
/// and the errors met evaluating them (a path refused, a budget exceeded).
pub fn tfvars_values(file: TfFile<'_>, sources: &SourceMap) -> (Vec<(String, Value)>, Vec<Diagnostic>) {
    let set = ModuleSet::default();
    let module = TfModule { dir: PathBuf::from("."), files: Vec::new() };
    let args = InstanceArgs {
        set: &set,
        sources,
        module: &module,
        root_dir: PathBuf::from("."),
        prefix: String::new(),
        key: String::new(),
    };
    let diagnostics = Rc::new(RefCell::new(Vec::new()));
    let shared = Shared { diagnostics: diagnostics.clone(), budget: Rc::default() };
    let inst =
        Rc::new_cyclic(|me| Instance::new(args, HashMap::new(), None, me.clone(), Vec::new(), UnitId(0), shared));
    let values = match file {
        TfFile::Hcl(f, body) => body
            .attributes()
            .map(|a| (a.key.as_str().to_string(), Ctx { inst: &*inst, file: f, base: 0, scope: None }.eval(&a.value)))
            .collect(),
        TfFile::Json(f, node) => json_entries(node)
            .into_iter()
            .map(|(k, v)| (k.name.clone(), Ctx { inst: &*inst, file: f, base: 0, scope: None }.eval_json(v)))
            .collect(),
    };
    let budget = inst.shared.budget.diagnostic();
    drop(inst);
    let mut diagnostics = Rc::try_unwrap(diagnostics).map(RefCell::into_inner).unwrap_or_default();
    diagnostics.extend(budget);
    (values, diagnostics)
}

/// The literal `source` of every module call in a file: (call name, source).
pub fn module_sources(file: TfFile<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match file {
        TfFile::Hcl(_, body) => {
            for block in body.blocks().filter(|b| b.ident.as_str() == "module") {
                let Some(name) = block.labels.first() else { continue };
                if let Some(Expression::String(s)) = block.body.get_attribute("source").map(|a| &a.value) {
                    out.push((name.as_str().to_string(), s.value().clone()));
                }
            }
        }
        TfFile::Json(_, node) => {
            for (key, section) in json_entries(node) {
                if key.name == "module" {
                    for (name, body) in json_entries(section) {
                        if let Some(s) = body.get("source").and_then(Node::as_str) {
                            out.push((name.name.clone(), s.to_string()));
                        }
                    }
                }
            }
        }
    }
    out
}

pub use ringfence_syntax::normalize;

impl<'a> ModuleSet<'a> {
    /// The same modules without `files` (left out for exceeding a budget).
    pub fn without(&self, files: &[ringfence_syntax::FileId]) -> ModuleSet<'a> {
        let modules = self
            .modules
            .iter()
            .map(|(dir, m)| {
                let kept = m.files.iter().copied().filter(|f| !files.contains(&f.file_id())).collect();
                (dir.clone(), TfModule { dir: m.dir.clone(), files: kept })
            })
            .collect();
        ModuleSet { modules, installed: self.installed.clone(), root: self.root.clone() }
    }
}

/// Evaluates a root module and every module it calls; returns their resources.
pub fn evaluate_root(
    unit: UnitId,
    root: &Path,
    set: &ModuleSet<'_>,
    inputs: Vec<RootInput>,
    sources: &SourceMap,
) -> Evaluated {
    let Some(module) = set.modules.get(root) else { return Evaluated::default() };
    let diagnostics = Rc::new(RefCell::new(Vec::new()));
    let bytes = set.modules.values().flat_map(|m| &m.files).map(|f| f.source().text.len()).sum();
    let shared = Shared { diagnostics: diagnostics.clone(), budget: Rc::new(Budget::for_input(bytes)) };
    let inputs = inputs.into_iter().map(|i| (i.name, (i.value, i.label))).collect();
    let top = Rc::new_cyclic(|me| {
        Instance::new(
            InstanceArgs {
                set,
                sources,
                module,
                root_dir: root.to_path_buf(),
                prefix: String::new(),
                key: String::new(),
            },
            inputs,
            None,
            me.clone(),
            vec![root.to_path_buf()],
            unit,
            shared,
        )
    });
    top.force();
    let mut resources = Vec::new();
    top.collect(&mut resources);
    let budget = top.shared.budget.diagnostic();
    let over_budget = top.shared.budget.met_in();
    drop(top);
    let mut diagnostics = Rc::try_unwrap(diagnostics).map(RefCell::into_inner).unwrap_or_default();
    diagnostics.extend(budget);
    Evaluated { resources, diagnostics, over_budget }
}

/// One evaluated resource block: its instances and the value references read.
struct ResourceEval {
    instances: Vec<(String, Value)>,
    value: Rc<Value>,
}

struct InstanceArgs<'a> {
    set: &'a ModuleSet<'a>,
    sources: &'a SourceMap,
    module: &'a TfModule<'a>,
    root_dir: PathBuf,
    prefix: String,
    /// Dotted module key (`a.b`) for installed-module lookup.
    key: String,
}

type Children<'a> = Rc<Vec<(String, Rc<Instance<'a>>)>>;

/// Where a module instance is called from: its inputs are the call's arguments,
/// evaluated in the caller when the instance reads them (each input on its own, as
/// Terraform graphs them, so two modules may read each other's other outputs).
struct Caller<'a> {
    parent: Weak<Instance<'a>>,
    call: Body<'a>,
    /// What the call's `count`/`for_each` binds for this instance.
    names: Vec<(String, Value)>,
    /// `module.NAME` as the caller sees it (`module.a.module.b` when nested).
    address: String,
}

pub(crate) struct Instance<'a> {
    args: InstanceArgs<'a>,
    config: Config<'a>,
    /// A root module's inputs (tfvars, `--var`).
    inputs: HashMap<String, (Value, String)>,
    caller: Option<Caller<'a>>,
    me: Weak<Instance<'a>>,
    chain: Vec<PathBuf>,
    unit: UnitId,
    symbols: RefCell<HashMap<String, Rc<Value>>>,
    resources: RefCell<HashMap<String, Rc<ResourceEval>>>,
    children: RefCell<HashMap<String, (Children<'a>, Shape)>>,
    in_progress: RefCell<HashSet<String>>,
    consumed: RefCell<HashSet<String>>,
    shared: Shared,
}

/// What every instance of one unit shares: its errors and its budget.
#[derive(Clone)]
struct Shared {
    diagnostics: Rc<RefCell<Vec<Diagnostic>>>,
    budget: Rc<Budget>,
}

impl<'a> Instance<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        args: InstanceArgs<'a>,
        inputs: HashMap<String, (Value, String)>,
        caller: Option<Caller<'a>>,
        me: Weak<Instance<'a>>,
        chain: Vec<PathBuf>,
        unit: UnitId,
        shared: Shared,
    ) -> Instance<'a> {
        let config = Config::index(&args.module.files);
        Instance {
            args,
            config,
            inputs,
            caller,
            me,
            chain,
            unit,
            symbols: RefCell::default(),
            resources: RefCell::default(),
            children: RefCell::default(),
            in_progress: RefCell::default(),
            consumed: RefCell::default(),
            shared,
        }
    }

    fn warn(&self, span: Span, message: String) {
        self.shared.diagnostics.borrow_mut().push(Diagnostic::warning(span.file, Some(span), message));
    }

    fn error(&self, span: Span, message: String) {
        self.shared.diagnostics.borrow_mut().push(Diagnostic::error(span.file, Some(span), message));
    }

    fn eval_def(&self, def: Def<'a>, scope: Option<&Scope<'_>>) -> Value {
        match def {
            Def::Hcl(file, expr) => Ctx { inst: self, file, base: 0, scope }.eval(expr),
            Def::Json(file, node) => Ctx { inst: self, file, base: 0, scope }.eval_json(node),
        }
    }

    /// Runs `f` unless `key` is already being evaluated (a reference cycle).
    fn guarded(&self, key: &str, span: impl Fn() -> Option<Span>, f: impl FnOnce() -> Value) -> Option<Value> {
        if !self.in_progress.borrow_mut().insert(key.to_string()) {
            if let Some(span) = span() {
                self.error(span, format!("reference cycle through `{}{key}`", self.args.prefix));
            }
            return None;
        }
        let v = f();
        self.in_progress.borrow_mut().remove(key);
        Some(v)
    }

    fn block(&self, local: &str) -> Option<&BlockDef<'a>> {
        self.config.resource_index.get(local).map(|&i| &self.config.resources[i])
    }

    fn resource(&self, local: &str) -> Option<Rc<ResourceEval>> {
        if let Some(r) = self.resources.borrow().get(local) {
            return Some(r.clone());
        }
        let block = self.block(local)?;
        let mut result = None;
        self.guarded(
            local,
            || Some(block.header),
            || {
                result = Some(self.evaluate_resource(block));
                Value::unknown(block.header)
            },
        )?;
        let r = Rc::new(result?);
        self.resources.borrow_mut().insert(local.to_string(), r.clone());
        Some(r)
    }

    fn evaluate_resource(&self, block: &BlockDef<'a>) -> ResourceEval {
        let (expansion, shape) = self.expand(block.body, block.header);
        let mut instances = Vec::new();
        for (suffix, scope) in expansion {
            let scope = Scope { vars: scope, parent: None };
            let mut attrs = self.body(block.body, block.header, Some(&scope), true);
            if block.mode == Mode::Data && block.rtype == "aws_iam_policy_document" {
                let policy = policy_document::build(&attrs, block.header, self.args.sources);
                if let Kind::Map(entries) = &mut attrs.kind {
                    entries.push(Entry { key: "json".into(), key_span: block.header, value: policy.clone() });
                    entries.push(Entry { key: "minified_json".into(), key_span: block.header, value: policy });
                }
            }
            attrs.resource = Some(Box::new(crate::Reference {
                target: format!("{}{suffix}", local_name(block)),
                attribute: None,
                span: block.header,
            }));
            instances.push((suffix, attrs));
        }
        let value = shape.value(block.header, instances.iter().map(|(_, v)| v.clone()));
        ResourceEval { instances, value: Rc::new(value) }
    }

    /// The instances `count`/`for_each` create: an address suffix and the names bound
    /// in each (`count.index`, `each.key`, `each.value`).
    fn expand(&self, body: Body<'a>, header: Span) -> (Vec<Expansion>, Shape) {
        if let Some(count) = body.attr("count") {
            return self.expand_count(count, header);
        }
        if let Some(for_each) = body.attr("for_each") {
            return self.expand_for_each(for_each, header);
        }
        (vec![(String::new(), Vec::new())], Shape::Single)
    }

    fn expand_count(&self, count: Def<'a>, header: Span) -> (Vec<Expansion>, Shape) {
        let v = self.eval_def(count, None);
        let Some(n) = v.as_f64() else {
            let unknown = Value::new(Kind::Map(vec![entry("index", Value::unknown(v.span))]), v.span);
            return (vec![(String::new(), vec![("count".into(), unknown)])], Shape::Unknown);
        };
        let n = n.max(0.0) as usize;
        if n > MAX_INSTANCES {
            self.instances_exceeded(v.span, &format!("`count` of {n}"));
        }
        let instances = (0..n.min(MAX_INSTANCES))
            .map(|i| {
                let index = Value::new(Kind::Number(i as f64), header);
                (format!("[{i}]"), vec![("count".into(), Value::new(Kind::Map(vec![entry("index", index)]), header))])
            })
            .collect();
        (instances, Shape::List)
    }

    fn expand_for_each(&self, for_each: Def<'a>, header: Span) -> (Vec<Expansion>, Shape) {
        let v = self.eval_def(for_each, None);
        let pairs: Vec<(String, Value)> = match &v.kind {
            Kind::Map(entries) => entries.iter().map(|e| (e.key.clone(), e.value.clone())).collect(),
            Kind::List(items) => items.iter().filter_map(|i| Some((i.to_text()?, i.clone()))).collect(),
            _ => {
                let unknown = Value::new(
                    Kind::Map(vec![entry("key", Value::unknown(v.span)), entry("value", Value::unknown(v.span))]),
                    v.span,
                );
                return (vec![(String::new(), vec![("each".into(), unknown)])], Shape::Unknown);
            }
        };
        if pairs.len() > MAX_INSTANCES {
            self.instances_exceeded(v.span, &format!("`for_each` over {} elements", pairs.len()));
        }
        let keys = pairs.iter().map(|(k, _)| k.clone()).take(MAX_INSTANCES).collect();
        let instances = pairs
            .into_iter()
            .take(MAX_INSTANCES)
            .map(|(k, value)| {
                let key = Value::new(Kind::String(k.clone()), value.span);
                let each = Value::new(Kind::Map(vec![entry("key", key), entry("value", value)]), header);
                (format!("[{k:?}]"), vec![("each".into(), each)])
            })
            .collect();
        (instances, Shape::Map(keys))
    }

    /// More instances than are checked: a budget met (the first ones are still checked).
    fn instances_exceeded(&self, span: Span, what: &str) {
        self.shared.budget.exceed(span, format!("{what} creates more than {MAX_INSTANCES} instances"));
    }

    /// A block body as a map; nested blocks of one type collect into a list, and
    /// `dynamic` blocks expand over their `for_each`.
    fn body(&self, body: Body<'a>, span: Span, scope: Option<&Scope<'_>>, top: bool) -> Value {
        let (file, body) = match body {
            Body::Hcl(f, b) => (f, b),
            Body::Json(f, node) => {
                let v = Ctx { inst: self, file: f, base: 0, scope }.eval_json(node);
                let entries = v
                    .entries()
                    .iter()
                    .filter(|e| !(top && META_ARGUMENTS.contains(&e.key.as_str())))
                    .cloned()
                    .collect();
                return Value::new(Kind::Map(entries), span);
            }
        };
        let ctx = Ctx { inst: self, file, base: 0, scope };
        let mut entries = Entries::default();
        for attr in body.attributes() {
            let key = attr.key.as_str();
            if top && META_ARGUMENTS.contains(&key) {
                continue;
            }
            entries.set(Entry {
                key: key.to_string(),
                key_span: ctx.span(attr.key.span()),
                value: ctx.eval(&attr.value),
            });
        }
        for block in body.blocks() {
            let ident = block.ident.as_str();
            if top && META_ARGUMENTS.contains(&ident) {
                continue;
            }
            let block_header = header(file, block);
            let (key, items) = if ident == "dynamic" {
                let Some(label) = block.labels.first() else { continue };
                (label.as_str().to_string(), self.dynamic(file, block, label.as_str(), block_header, scope))
            } else {
                (ident.to_string(), vec![self.body(Body::Hcl(file, &block.body), block_header, scope, false)])
            };
            match entries.get_mut(&key) {
                Some(Entry { value: Value { kind: Kind::List(list), .. }, .. }) => list.extend(items),
                Some(_) => {}
                None => entries.set(Entry {
                    key,
                    key_span: block_header,
                    value: Value::new(Kind::List(items), block_header),
                }),
            }
        }
        Value::new(Kind::Map(entries.into_vec()), span)
    }

    fn dynamic(
        &self,
        file: &'a SourceFile,
        block: &'a Block,
        label: &str,
        span: Span,
        scope: Option<&Scope<'_>>,
    ) -> Vec<Value> {
        let ctx = Ctx { inst: self, file, base: 0, scope };
        let Some(content) = block.body.blocks().find(|b| b.ident.as_str() == "content") else { return Vec::new() };
        let Some(for_each) = block.body.get_attribute("for_each") else { return Vec::new() };
        let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
            Some(Expression::Variable(v)) => v.as_str().to_string(),
            _ => label.to_string(),
        };
        let collection = ctx.eval(&for_each.value);
        let Some(pairs) = iteration(&collection, &self.shared.budget) else {
            return vec![unknown_from(span, &[&collection])];
        };
        if pairs.len() > MAX_INSTANCES {
            self.instances_exceeded(
                ctx.span(for_each.value.span()),
                &format!("`dynamic` over {} elements", pairs.len()),
            );
        }
        pairs
            .into_iter()
            .take(MAX_INSTANCES)
            .map(|(key, value)| {
                let it = Value::new(Kind::Map(vec![entry("key", key), entry("value", value)]), span);
                let inner = Scope { vars: vec![(iterator.clone(), it)], parent: scope };
                self.body(Body::Hcl(file, &content.body), span, Some(&inner), false)
            })
            .collect()
    }

    /// This instance's outputs as a map, located at the module call.
    fn outputs(&self, call: Span) -> Value {
        let entries = self
            .config
            .outputs
            .iter()
            .map(|(name, def)| Entry { key: name.clone(), key_span: call, value: self.output(name, *def) })
            .collect();
        Value::new(Kind::Map(entries), call)
    }

    /// One output, read as `module.NAME.OUT`: an error when the module declares none.
    fn output_named(&self, name: &str, call: Span) -> Value {
        match self.config.outputs.get(name) {
            Some(def) => self.output(name, *def),
            None => Value::error(call, format!("module has no output `{name}`")),
        }
    }

    fn output(&self, name: &str, def: Def<'a>) -> Value {
        let key = format!("output.{name}");
        if let Some(v) = self.symbols.borrow().get(&key) {
            return (**v).clone();
        }
        let v = self
            .guarded(&key, || Some(def_span(def)), || self.eval_def(def, None))
            .unwrap_or_else(|| Value::unknown(def_span(def)));
        self.symbols.borrow_mut().insert(key, Rc::new(v.clone()));
        v
    }

    /// The argument the caller passes for `var.NAME`, evaluated in the caller.
    fn input(&self, name: &str) -> Option<(Value, String)> {
        let caller = self.caller.as_ref()?;
        if matches!(name, "source" | "version" | "providers") || META_ARGUMENTS.contains(&name) {
            return None;
        }
        let def = caller.call.attr(name)?;
        let label = format!("passed as `var.{name}` to `{}` here", caller.address);
        let Some(parent) = caller.parent.upgrade() else { return Some((Value::unknown(def_span(def)), label)) };
        let scope = Scope { vars: caller.names.clone(), parent: None };
        let value = self
            .guarded(
                &format!("var.{name}"),
                || Some(def_span(def)),
                || match def {
                    Def::Hcl(file, expr) => Ctx { inst: &*parent, file, base: 0, scope: Some(&scope) }.eval(expr),
                    Def::Json(file, node) => Ctx { inst: &*parent, file, base: 0, scope: Some(&scope) }.eval_json(node),
                },
            )
            .unwrap_or_else(|| Value::unknown(def_span(def)));
        Some((value, label))
    }

    /// The instances of a module call, and the shape references to it read (unknown
    /// when the module could not be read).
    fn module_children(&self, call: &BlockDef<'a>) -> (Children<'a>, Shape) {
        if let Some((c, shape)) = self.children.borrow().get(&call.name) {
            return (c.clone(), shape.clone());
        }
        let key = format!("module.{}", call.name);
        let mut expanded = None;
        // `count`/`for_each` reading the module's own outputs is a cycle.
        self.guarded(
            &key,
            || Some(call.header),
            || {
                expanded = Some(self.expand(call.body, call.header));
                Value::unknown(call.header)
            },
        );
        let Some((expansion, mut shape)) = expanded else { return (Rc::default(), Shape::Unknown) };
        let mut children = Vec::new();
        let mut read = false;
        if let Some(dir) = self.module_source(call) {
            if let Some(module) = self.args.set.modules.get(&dir) {
                if self.chain.contains(&dir) {
                    let cycle: Vec<String> =
                        self.chain.iter().chain([&dir]).map(|d| ringfence_syntax::display_path(d)).collect();
                    self.error(call.header, format!("module source cycle: {}", cycle.join(" → ")));
                } else if self.chain.len() >= MAX_MODULE_DEPTH {
                    self.error(call.header, format!("modules nested deeper than {MAX_MODULE_DEPTH} levels"));
                } else {
                    read = true;
                    for (suffix, names) in expansion {
                        let child = self.child(call, &dir, module, &suffix, names);
                        children.push((suffix, child));
                    }
                }
            }
        }
        if !read {
            shape = Shape::Unknown;
        }
        let children = Rc::new(children);
        self.children.borrow_mut().insert(call.name.clone(), (children.clone(), shape.clone()));
        (children, shape)
    }

    /// One instance of the module `call` names (`suffix` is its `[i]`/`["k"]`), its
    /// arguments evaluated with the names its `count`/`for_each` binds.
    fn child(
        &self,
        call: &BlockDef<'a>,
        dir: &Path,
        module: &'a TfModule<'a>,
        suffix: &str,
        names: Vec<(String, Value)>,
    ) -> Rc<Instance<'a>> {
        let mut chain = self.chain.clone();
        chain.push(dir.to_path_buf());
        let caller = Caller {
            parent: self.me.clone(),
            call: call.body,
            names,
            address: format!("{}module.{}", self.args.prefix, call.name),
        };
        Rc::new_cyclic(|me| {
            Instance::new(
                InstanceArgs {
                    set: self.args.set,
                    sources: self.args.sources,
                    module,
                    root_dir: self.args.root_dir.clone(),
                    prefix: format!("{}module.{}{suffix}.", self.args.prefix, call.name),
                    key: self.call_key(call),
                },
                HashMap::new(),
                Some(caller),
                me.clone(),
                chain,
                self.unit,
                self.shared.clone(),
            )
        })
    }

    /// The dotted key (`a.b`) of a module call, as `modules.json` names it.
    fn call_key(&self, call: &BlockDef<'a>) -> String {
        if self.args.key.is_empty() {
            call.name.clone()
        } else {
            format!("{}.{}", self.args.key, call.name)
        }
    }

    /// The directory a module call's `source` names: a local path, or the copy that
    /// `terraform init` installed. A module that cannot be found is a warning.
    fn module_source(&self, call: &BlockDef<'a>) -> Option<PathBuf> {
        let def = call.body.attr("source")?;
        let source = self.eval_def(def, None);
        let Some(text) = source.as_str() else {
            self.warn(
                source.span,
                format!("module `{}` has a source that cannot be known; its resources are not checked", call.name),
            );
            return None;
        };
        if text.starts_with("./") || text.starts_with("../") || Path::new(text).is_absolute() {
            let dir = normalize(&self.args.module.dir.join(text));
            if let Err(refused) = self.args.set.root.resolve(&dir) {
                self.error(source.span, format!("module `{}`: source not read: {refused}", call.name));
                return None;
            }
        }
        if text.starts_with("./") || text.starts_with("../") {
            let dir = normalize(&self.args.module.dir.join(text));
            if !self.args.set.modules.contains_key(&dir) {
                self.warn(
                    source.span,
                    format!(
                        "module `{}`: no Terraform files in `{}`; its resources are not checked",
                        call.name,
                        display(&dir)
                    ),
                );
                return None;
            }
            return Some(dir);
        }
        let key = self.call_key(call);
        let installed = self.args.set.installed.get(&self.args.root_dir).and_then(|m| m.get(&key)).cloned();
        if let Some(Err(refused)) = installed.as_ref().map(|dir| self.args.set.root.resolve(dir)) {
            // `modules.json` comes with the pull request too.
            let message = format!("module `{}`: installed directory not read (modules.json): {refused}", call.name);
            self.error(source.span, message);
            return None;
        }
        if installed.as_ref().is_none_or(|d| !self.args.set.modules.contains_key(d)) {
            self.warn(
                source.span,
                format!(
                    "module `{}` (source `{text}`) is not installed locally (run `terraform init`); \
                     its resources are not checked",
                    call.name
                ),
            );
            return None;
        }
        installed
    }

    /// Evaluates every resource and module call, so that which policy documents are
    /// consumed is known before resources are collected.
    fn force(&self) {
        // Every argument of the call, as Terraform evaluates them whether the module
        // reads them or not (a policy document passed in is consumed).
        if let Some(caller) = &self.caller {
            let names: Vec<String> = match caller.call {
                Body::Hcl(_, body) => body.attributes().map(|a| a.key.as_str().to_string()).collect(),
                Body::Json(_, node) => json_entries(node).into_iter().map(|(k, _)| k.name.clone()).collect(),
            };
            for name in names {
                if self.input(&name).is_some() {
                    self.variable(&name);
                }
            }
        }
        for block in &self.config.resources {
            self.resource(&local_name(block));
        }
        for call in &self.config.modules {
            let (children, _) = self.module_children(call);
            for (_, child) in children.iter() {
                child.force();
            }
        }
    }

    fn collect(&self, out: &mut Vec<Resource>) {
        for block in &self.config.resources {
            let local = local_name(block);
            let Some(r) = self.resource(&local) else { continue };
            let referenced = self.consumed.borrow().contains(&local);
            for (suffix, attrs) in &r.instances {
                out.push(Resource {
                    lang: Lang::Terraform,
                    mode: block.mode,
                    rtype: block.rtype.clone(),
                    name: block.name.clone(),
                    address: format!("{}{local}{suffix}", self.args.prefix),
                    local_name: local.clone(),
                    module: self.args.prefix.clone(),
                    referenced,
                    unit: self.unit,
                    file: block.header.file,
                    header: block.header,
                    attrs: attrs.clone(),
                    metadata: None,
                });
            }
        }
        for call in &self.config.modules {
            if let Some((children, _)) = self.children.borrow().get(&call.name).cloned() {
                for (_, child) in children.iter() {
                    child.collect(out);
                }
            }
        }
    }
}

impl<'a> Symbols<'a> for Instance<'a> {
    fn sources(&self) -> &'a SourceMap {
        self.args.sources
    }

    fn root(&self) -> &Root {
        &self.args.set.root
    }

    fn report_error(&self, span: Span, message: String) {
        self.error(span, message);
    }

    fn path_module(&self) -> String {
        ringfence_syntax::display_path(&self.args.module.dir)
    }

    fn path_root(&self) -> String {
        ringfence_syntax::display_path(&self.args.root_dir)
    }

    fn budget(&self) -> &Budget {
        &self.shared.budget
    }

    /// `var.NAME`: the value passed in, else the default (converted to the declared
    /// type), else unknown; and how a label describes where it was set.
    fn variable(&self, name: &str) -> (Rc<Value>, String) {
        let key = format!("var.{name}");
        let passed = |_: ()| match self.inputs.get(name) {
            Some((_, label)) => Some(label.clone()),
            None => self.caller.as_ref()?.call.attr(name).map(|_| {
                format!("passed as `var.{name}` to `{}` here", self.caller.as_ref().map_or("", |c| &c.address))
            }),
        };
        let label = passed(()).unwrap_or_else(|| format!("`var.{name}` defaults to this"));
        if let Some(v) = self.symbols.borrow().get(&key) {
            return (v.clone(), label);
        }
        let decl = self.config.variables.get(name);
        let given = match self.inputs.get(name) {
            Some((v, _)) => Some(v.clone()),
            None => self.input(name).map(|(v, _)| v),
        };
        let value = match (given, decl.and_then(|d| d.default)) {
            (Some(v), _) => v,
            (None, Some(default)) => self
                .guarded(&key, || None, || self.eval_def(default, None))
                .unwrap_or_else(|| Value::unknown(self.args.module_span())),
            (None, None) => Value::unknown(self.args.module_span()),
        };
        let value = match decl.and_then(|d| d.type_expr) {
            Some((file, t)) => {
                let default = |e: &Expression| {
                    let mut v = Ctx { inst: self, file, base: 0, scope: None }.eval(e);
                    if !v.is_unknown() {
                        let label = format!("the type of `var.{name}` defaults to this");
                        v.origins.push(crate::Origin { span: v.span, label });
                    }
                    v
                };
                convert(value, t, &default, 0)
            }
            None => value,
        };
        let value = Rc::new(value);
        self.symbols.borrow_mut().insert(key, value.clone());
        (value, label)
    }

    fn local(&self, name: &str) -> Rc<Value> {
        let key = format!("local.{name}");
        if let Some(v) = self.symbols.borrow().get(&key) {
            return v.clone();
        }
        let Some(def) = self.config.locals.get(name).copied() else {
            return Rc::new(Value::error(self.args.module_span(), format!("no local value `{name}`")));
        };
        let span = || Some(def_span(def));
        let value = Rc::new(
            self.guarded(&key, span, || self.eval_def(def, None)).unwrap_or_else(|| Value::unknown(def_span(def))),
        );
        self.symbols.borrow_mut().insert(key, value.clone());
        value
    }

    fn local_span(&self, name: &str) -> Option<Span> {
        self.config.locals.get(name).map(|def| def_span(*def))
    }

    /// The value other expressions read for `aws_x.y` / `data.aws_x.y`.
    fn resource_value(&self, local: &str) -> Option<Rc<Value>> {
        if local.starts_with("data.aws_iam_policy_document.") {
            self.consumed.borrow_mut().insert(local.to_string());
        }
        self.resource(local).map(|r| r.value.clone())
    }

    /// `module.NAME`: its outputs (a list of them with `count`, a map with `for_each`).
    /// Each output is evaluated (and guarded against cycles) on its own.
    fn module_value(&self, name: &str) -> Rc<Value> {
        let key = format!("module.{name}");
        if let Some(v) = self.symbols.borrow().get(&key) {
            return v.clone();
        }
        let Some(call) = self.config.module_index.get(name).map(|&i| &self.config.modules[i]) else {
            return Rc::new(Value::error(self.args.module_span(), format!("no module call `{name}`")));
        };
        let (children, shape) = self.module_children(call);
        let value = shape.value(call.header, children.iter().map(|(_, child)| child.outputs(call.header)));
        let value = Rc::new(value);
        self.symbols.borrow_mut().insert(key, value.clone());
        value
    }

    fn module_output(&self, name: &str, instance: Option<&Value>, output: &str) -> Option<Value> {
        let call = self.config.module_index.get(name).map(|&i| &self.config.modules[i])?;
        let (children, shape) = self.module_children(call);
        let suffix = match (&shape, instance.map(|i| &i.kind)) {
            (Shape::Unknown, _) => return Some(Value::unknown(call.header)),
            (Shape::Single, None) => String::new(),
            (Shape::List, Some(Kind::Number(n))) if *n >= 0.0 && n.fract() == 0.0 => format!("[{}]", *n as i64),
            (Shape::Map(_), Some(Kind::String(k))) => format!("[{k:?}]"),
            _ => return None,
        };
        Some(match children.iter().find(|(s, _)| *s == suffix) {
            Some((_, child)) => child.output_named(output, call.header),
            None => Value::error(call.header, format!("no instance `module.{name}{suffix}`")),
        })
    }
}

impl InstanceArgs<'_> {
    /// A span for values that have no place of their own (an undeclared variable).
    fn module_span(&self) -> Span {
        self.module.files.first().map_or(Span::new(ringfence_syntax::FileId(0), 0, 0), |f| f.source().span(0, 0))
    }
}

/// One instance of a `count`/`for_each`: its address suffix and the names it binds.
type Expansion = (String, Vec<(String, Value)>);

/// What references to a block read: one instance, a list (`count`), a map by key
/// (`for_each`), or unknown (a `count`/`for_each` that cannot be known).
#[derive(Clone)]
enum Shape {
    Single,
    List,
    Map(Vec<String>),
    Unknown,
}

impl Shape {
    /// The value of a block from its instances, in order. Only the instances needed are
    /// taken: a module's outputs are evaluated when they are read.
    fn value(&self, span: Span, mut instances: impl Iterator<Item = Value>) -> Value {
        match self {
            Shape::Single => instances.next().unwrap_or_else(|| Value::unknown(span)),
            Shape::Unknown => Value::unknown(span),
            Shape::List => Value::new(Kind::List(instances.collect()), span),
            Shape::Map(keys) => {
                let entries =
                    keys.iter().zip(instances).map(|(k, value)| Entry { key: k.clone(), key_span: span, value });
                Value::new(Kind::Map(entries.collect()), span)
            }
        }
    }
}

fn entry(key: &str, value: Value) -> Entry {
    Entry { key: key.to_string(), key_span: value.span, value }
}

fn display(p: &Path) -> String {
    ringfence_syntax::display_path(p)
}

/// Converts a value to a variable's declared type, as Terraform does: primitive types
/// (`"true"` for a `bool`, `5` for a `string`), collections of them, and objects,
/// whose `optional(type, default)` attributes take their default when omitted or
/// null (the default itself converted, so nested defaults apply too) and are null
/// when omitted without one; attributes the type does not declare are dropped.
/// `default` evaluates a default's expression. Bounded by the type's nesting.
fn convert(value: Value, type_expr: &Expression, default: &dyn Fn(&Expression) -> Value, depth: usize) -> Value {
    if depth > ringfence_syntax::MAX_DEPTH || value.is_unknown() || value.is_null() {
        return value;
    }
    match type_expr {
        Expression::Variable(t) => convert_primitive(value, t.as_str()),
        Expression::Parenthesis(p) => convert(value, p.inner(), default, depth + 1),
        Expression::FuncCall(call) if matches!(call.name.name.as_str(), "list" | "set" | "map") => {
            let Some(inner) = call.args.iter().next() else { return value };
            let Value { kind, span, origins, rendered, resource } = value;
            let kind = match kind {
                Kind::List(items) => {
                    Kind::List(items.into_iter().map(|v| convert(v, inner, default, depth + 1)).collect())
                }
                Kind::Map(entries) => Kind::Map(
                    entries
                        .into_iter()
                        .map(|e| Entry { value: convert(e.value, inner, default, depth + 1), ..e })
                        .collect(),
                ),
                other => other,
            };
            Value { kind, span, origins, rendered, resource }
        }
        Expression::FuncCall(call) if call.name.name.as_str() == "tuple" => {
            let Some(Expression::Array(types)) = call.args.iter().next() else { return value };
            let Value { kind, span, origins, rendered, resource } = value;
            let kind = match kind {
                Kind::List(items) => Kind::List(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| match types.get(i) {
                            Some(t) => convert(v, t, default, depth + 1),
                            None => v,
                        })
                        .collect(),
                ),
                other => other,
            };
            Value { kind, span, origins, rendered, resource }
        }
        Expression::FuncCall(call) if call.name.name.as_str() == "object" => {
            let Some(Expression::Object(attrs)) = call.args.iter().next() else { return value };
            if !matches!(value.kind, Kind::Map(_)) {
                return value;
            }
            let mut entries = Vec::new();
            for (key, attr_type) in attrs.iter() {
                let name = match key {
                    ObjectKey::Ident(ident) => ident.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                    ObjectKey::Expression(_) => continue,
                };
                let (attr_type, optional) = match attr_type.expr() {
                    Expression::FuncCall(o) if o.name.name.as_str() == "optional" => {
                        let mut args = o.args.iter();
                        match args.next() {
                            Some(t) => (t, Some(args.next())),
                            None => continue,
                        }
                    }
                    t => (t, None),
                };
                let given = value.entry(&name).filter(|e| !e.value.is_null());
                let converted = match (given, optional) {
                    (Some(e), _) => {
                        Entry { value: convert(e.value.clone(), attr_type, default, depth + 1), ..e.clone() }
                    }
                    (None, Some(Some(d))) => {
                        let v = convert(default(d), attr_type, default, depth + 1);
                        Entry { key: name, key_span: v.span, value: v }
                    }
                    (None, Some(None)) => {
                        Entry { key: name, key_span: value.span, value: Value::new(Kind::Null, value.span) }
                    }
                    // A required attribute left out: Terraform refuses the value; it stays as written.
                    (None, None) => match value.entry(&name) {
                        Some(e) => e.clone(),
                        None => continue,
                    },
                };
                entries.push(converted);
            }
            Value { kind: Kind::Map(entries), ..value }
        }
        _ => value,
    }
}

fn convert_primitive(value: Value, t: &str) -> Value {
    let kind = match t {
        "bool" => value.as_bool().map(Kind::Bool),
        "number" => value.as_f64().map(Kind::Number),
        "string" => value.to_text().map(Kind::String),
        _ => None,
    };
    match kind {
        Some(kind) if !value.is_null() => Value { kind, ..value },
        _ => value,
    }
}
