//! Expressions into values, in the context of a module instance and a local scope.

use super::derived::{error_at, merged_origins, unknown_from, Entries};
use super::functions::{self, FunctionContext};
use crate::budget::Budget;
use crate::{Entry, Kind, Reference, Rendered, Value, UNKNOWN_MARK};
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span as _;
use ringfence_syntax::confine::Root;
use ringfence_syntax::{FileId, Node, NodeKind, SourceFile, SourceMap, Span};
use std::ops::Range;
use std::rc::Rc;

/// Names bound inside an expression: `count`, `each`, `for` variables, a `dynamic`
/// block's iterator, a template's variables.
pub(crate) struct Scope<'p> {
    pub vars: Vec<(String, Value)>,
    pub parent: Option<&'p Scope<'p>>,
}

impl Scope<'_> {
    fn lookup(&self, name: &str) -> Option<&Value> {
        self.vars.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v).or_else(|| self.parent?.lookup(name))
    }
}

/// What expressions read from the module instance they are in. Instances implement
/// it, so that expressions do not depend on them.
pub(crate) trait Symbols<'a> {
    fn sources(&self) -> &'a SourceMap;
    /// Where paths in the configuration (`file()`) may lead.
    fn root(&self) -> &Root;
    /// A located error of the evaluation (a path refused).
    fn report_error(&self, span: Span, message: String);
    /// `var.NAME`, and how a label describes where it was set.
    fn variable(&self, name: &str) -> (Rc<Value>, String);
    /// `local.NAME`.
    fn local(&self, name: &str) -> Rc<Value>;
    /// Where `local.NAME` is defined (its expression).
    fn local_span(&self, name: &str) -> Option<Span>;
    /// `module.NAME`: its outputs.
    fn module_value(&self, name: &str) -> Rc<Value>;
    /// `module.NAME.OUT` (`instance` none) or `module.NAME[KEY].OUT`: that output
    /// alone, as Terraform graphs it; `None` when `instance` does not fit the call's
    /// `count`/`for_each` shape (the whole value is then read).
    fn module_output(&self, name: &str, instance: Option<&Value>, output: &str) -> Option<Value>;
    /// `aws_x.y` / `data.aws_x.y`, when the module has that block.
    fn resource_value(&self, local: &str) -> Option<Rc<Value>>;
    /// `path.module`.
    fn path_module(&self) -> String;
    /// `path.root`.
    fn path_root(&self) -> String;
    /// What the unit may still spend.
    fn budget(&self) -> &Budget;
}

/// Where an expression is evaluated.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'c, 'a> {
    pub inst: &'c dyn Symbols<'a>,
    pub file: &'a SourceFile,
    /// Offset of the parsed text in the file (templates inside `.tf.json` strings).
    pub base: usize,
    pub scope: Option<&'c Scope<'c>>,
}

impl<'c, 'a> Ctx<'c, 'a> {
    pub fn span(&self, range: Option<Range<usize>>) -> Span {
        match range {
            Some(r) => self.file.span(self.base + r.start, self.base + r.end),
            None => self.file.span(self.base, self.base),
        }
    }

    pub fn with_scope<'d>(&self, scope: &'d Scope<'d>) -> Ctx<'d, 'a>
    where
        'c: 'd,
    {
        Ctx { inst: self.inst, file: self.file, base: self.base, scope: Some(scope) }
    }

    /// An expression's value, within the unit's budget: unknown once it is spent.
    pub fn eval(&self, expr: &Expression) -> Value {
        let span = self.span(expr.span());
        let budget = self.inst.budget();
        let Some(_level) = budget.enter(span) else { return Value::unknown(span) };
        let value = self.eval_in_budget(expr, span);
        // What copies or computes a value of any size is measured; literals cost
        // what they are written with.
        let computed = matches!(
            expr,
            Expression::Variable(_)
                | Expression::Traversal(_)
                | Expression::FuncCall(_)
                | Expression::StringTemplate(_)
                | Expression::HeredocTemplate(_)
                | Expression::ForExpr(_)
        );
        if computed && !budget.admit(span, &value) {
            return Value::unknown(span);
        }
        value
    }

    fn eval_in_budget(&self, expr: &Expression, span: Span) -> Value {
        let kind = match expr {
            Expression::Null(_) => Kind::Null,
            Expression::Bool(b) => Kind::Bool(*b.value()),
            Expression::Number(n) => n.value().as_f64().map_or(Kind::Unknown(Vec::new()), Kind::Number),
            Expression::String(s) => Kind::String(s.value().clone()),
            Expression::Array(items) => {
                let items: Vec<Value> = items.iter().map(|e| self.eval(e)).collect();
                if let Some(error) = items.iter().find(|v| v.is_error()) {
                    return error_at(error, span);
                }
                Kind::List(items)
            }
            Expression::Object(object) => {
                let mut entries = Entries::default();
                for (key, value) in object.iter() {
                    let (name, key_span) = match key {
                        ObjectKey::Ident(ident) => (Some(ident.as_str().to_string()), self.span(ident.span())),
                        ObjectKey::Expression(e) => (self.eval(e).to_text(), self.span(e.span())),
                    };
                    let Some(key) = name else {
                        // A key that cannot be known makes the whole object unknown.
                        return unknown_from(span, &[]);
                    };
                    let value = self.eval(value.expr());
                    if value.is_error() {
                        return error_at(&value, span);
                    }
                    entries.set(Entry { key, key_span, value });
                }
                Kind::Map(entries.into_vec())
            }
            Expression::Parenthesis(p) => return self.eval(p.inner()),
            Expression::StringTemplate(t) => return self.template(t, span),
            Expression::HeredocTemplate(h) => return self.template(&h.template, self.span(h.template.span())),
            Expression::Variable(v) => match self.scope.and_then(|s| s.lookup(v.as_str())) {
                Some(value) => {
                    let mut value = value.clone();
                    value.flow_to(span, &format!("`{}` iterates over this", v.as_str()));
                    return value;
                }
                None => Kind::Unknown(Vec::new()),
            },
            Expression::Traversal(t) => return self.traversal(t, span),
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                if !call.name.namespace.is_empty() {
                    return unknown_from(span, &[]); // provider-defined functions
                }
                let mut args: Vec<Value> = Vec::with_capacity(call.args.len());
                let raw: Vec<&Expression> = call.args.iter().collect();
                for (i, arg) in raw.iter().enumerate() {
                    let v = self.eval(arg);
                    if call.args.expand_final() && i + 1 == raw.len() {
                        match v.kind {
                            Kind::List(items) => args.extend(items),
                            _ => return unknown_from(span, &[&v]),
                        }
                    } else {
                        args.push(v);
                    }
                }
                return functions::call(self, name, args, span);
            }
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr);
                return match cond.as_bool() {
                    Some(true) => self.eval(&c.true_expr),
                    Some(false) => self.eval(&c.false_expr),
                    None => unknown_from(span, &[&cond]),
                };
            }
            Expression::UnaryOp(op) => {
                let v = self.eval(&op.expr);
                return match (op.operator.value(), &v.kind) {
                    (UnaryOperator::Not, _) if v.as_bool().is_some() => {
                        Value::new(Kind::Bool(!v.as_bool().unwrap_or(false)), span)
                    }
                    (UnaryOperator::Neg, _) if v.as_f64().is_some() => {
                        Value::new(Kind::Number(-v.as_f64().unwrap_or(0.0)), span)
                    }
                    _ => unknown_from(span, &[&v]),
                };
            }
            Expression::BinaryOp(op) => return self.binary(*op.operator.value(), &op.lhs_expr, &op.rhs_expr, span),
            Expression::ForExpr(f) => return self.for_expr(f, span),
        };
        Value::new(kind, span)
    }

    fn binary(&self, op: BinaryOperator, lhs: &Expression, rhs: &Expression, span: Span) -> Value {
        let l = self.eval(lhs);
        // Short-circuit on a known left side.
        match (op, l.as_bool()) {
            (BinaryOperator::And, Some(false)) => return Value::new(Kind::Bool(false), span),
            (BinaryOperator::Or, Some(true)) => return Value::new(Kind::Bool(true), span),
            _ => {}
        }
        let r = self.eval(rhs);
        if l.is_unknown() || r.is_unknown() {
            return unknown_from(span, &[&l, &r]);
        }
        let num = |v: &Value| v.as_f64();
        let kind = match op {
            BinaryOperator::Eq => Kind::Bool(equal(&l, &r)),
            BinaryOperator::NotEq => Kind::Bool(!equal(&l, &r)),
            BinaryOperator::And | BinaryOperator::Or => match (l.as_bool(), r.as_bool()) {
                (Some(a), Some(b)) => Kind::Bool(if op == BinaryOperator::And { a && b } else { a || b }),
                _ => return unknown_from(span, &[]),
            },
            _ => match (num(&l), num(&r)) {
                (Some(a), Some(b)) => match op {
                    BinaryOperator::Less => Kind::Bool(a < b),
                    BinaryOperator::LessEq => Kind::Bool(a <= b),
                    BinaryOperator::Greater => Kind::Bool(a > b),
                    BinaryOperator::GreaterEq => Kind::Bool(a >= b),
                    BinaryOperator::Plus => Kind::Number(a + b),
                    BinaryOperator::Minus => Kind::Number(a - b),
                    BinaryOperator::Mul => Kind::Number(a * b),
                    BinaryOperator::Div if b != 0.0 => Kind::Number(a / b),
                    BinaryOperator::Mod if b != 0.0 => Kind::Number(a % b),
                    _ => return unknown_from(span, &[]),
                },
                _ => return unknown_from(span, &[]),
            },
        };
        let mut v = Value::new(kind, span);
        v.origins = merged_origins(&[&l, &r]);
        v
    }

    fn for_expr(&self, f: &hcl_edit::expr::ForExpr, span: Span) -> Value {
        let collection = self.eval(&f.intro.collection_expr);
        let Some(pairs) = iteration(&collection, self.inst.budget()).filter(|_| !collection.is_null()) else {
            return unknown_from(span, &[&collection]);
        };
        let mut list = Vec::new();
        let mut map = Entries::default();
        for (key, value) in pairs {
            let mut vars = vec![(f.intro.value_var.as_str().to_string(), value)];
            if let Some(k) = &f.intro.key_var {
                vars.push((k.as_str().to_string(), key));
            }
            let scope = Scope { vars, parent: self.scope };
            let inner = self.with_scope(&scope);
            if let Some(cond) = &f.cond {
                let keep = inner.eval(&cond.expr);
                match keep.as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return unknown_from(span, &[&keep, &collection]),
                }
            }
            let value = inner.eval(&f.value_expr);
            if value.is_error() {
                return error_at(&value, span);
            }
            match &f.key_expr {
                None => list.push(value),
                Some(key_expr) => {
                    let k = inner.eval(key_expr);
                    let Some(name) = k.to_text() else { return unknown_from(span, &[&k]) };
                    if f.grouping {
                        match map.get_mut(&name) {
                            Some(Entry { value: Value { kind: Kind::List(items), .. }, .. }) => items.push(value),
                            _ => map.set(Entry {
                                key: name,
                                key_span: k.span,
                                value: Value::new(Kind::List(vec![value]), span),
                            }),
                        }
                    } else {
                        map.set(Entry { key: name, key_span: k.span, value });
                    }
                }
            }
        }
        let kind = if f.key_expr.is_some() { Kind::Map(map.into_vec()) } else { Kind::List(list) };
        Value::new(kind, span)
    }

    /// A template is a string when all its parts are known; otherwise unknown. Either
    /// way, one with interpolations keeps its rendering (unknown parts marked), so a
    /// JSON policy inside can still be judged element by element.
    pub fn template(&self, template: &Template, span: Span) -> Value {
        // A lone interpolation keeps its value's type (`"${var.list}"` is the list).
        if let [Element::Interpolation(i)] = template.iter().collect::<Vec<_>>().as_slice() {
            let mut v = self.eval(&i.expr);
            v.span = span;
            return v;
        }
        let mut rendered = Rendered::default();
        let mut parts: Vec<Value> = Vec::new();
        let mut unknown = false;
        if !self.render(template, &mut rendered, &mut parts, &mut unknown) {
            return unknown_from(span, &parts.iter().collect::<Vec<_>>());
        }
        let pieces_only_literal = rendered.pieces.iter().all(|p| p.literal);
        let mut v = if unknown {
            unknown_from(span, &parts.iter().collect::<Vec<_>>())
        } else {
            let mut v = Value::new(Kind::String(rendered.text.clone()), span);
            v.origins = merged_origins(&parts.iter().collect::<Vec<_>>());
            v
        };
        if !pieces_only_literal {
            v.rendered = Some(Box::new(rendered));
        }
        v
    }

    /// Renders a template; `false` when a directive's condition or collection cannot
    /// be known (the text is then meaningless).
    pub fn render(&self, template: &Template, out: &mut Rendered, parts: &mut Vec<Value>, unknown: &mut bool) -> bool {
        for element in template.iter() {
            match element {
                Element::Literal(s) => {
                    let at = s.span().map_or(self.file.span(self.base, self.base), |r| self.span(Some(r)));
                    // A `%{for}` repeats its literals: the text is bounded as it grows.
                    if !self.inst.budget().allows_text(at, out.text.len() + s.value().len()) {
                        return false;
                    }
                    out.push(s.value(), at, true);
                }
                Element::Interpolation(i) => {
                    let v = self.eval(&i.expr);
                    let at = self.span(i.expr.span());
                    match v.to_text().or_else(|| json_text(&v)) {
                        Some(t) if !self.inst.budget().allows_text(at, out.text.len() + t.len()) => {
                            parts.push(v);
                            return false;
                        }
                        Some(t) => out.push(&t, at, false),
                        None if v.is_null() => {}
                        None => {
                            out.push(&UNKNOWN_MARK.to_string(), at, false);
                            *unknown = true;
                        }
                    }
                    parts.push(v);
                }
                Element::Directive(directive) => match &**directive {
                    Directive::If(d) => {
                        let cond = self.eval(&d.if_expr.cond_expr);
                        let ok = match cond.as_bool() {
                            Some(true) => self.render(&d.if_expr.template, out, parts, unknown),
                            Some(false) => match &d.else_expr {
                                Some(e) => self.render(&e.template, out, parts, unknown),
                                None => true,
                            },
                            None => false,
                        };
                        if !ok {
                            parts.push(cond);
                            return false;
                        }
                    }
                    Directive::For(d) => {
                        let f = &d.for_expr;
                        let collection = self.eval(&f.collection_expr);
                        let Some(pairs) = iteration(&collection, self.inst.budget()).filter(|_| !collection.is_null())
                        else {
                            parts.push(collection);
                            return false;
                        };
                        for (key, value) in pairs {
                            let mut vars = vec![(f.value_var.as_str().to_string(), value)];
                            if let Some(k) = &f.key_var {
                                vars.push((k.as_str().to_string(), key));
                            }
                            let scope = Scope { vars, parent: self.scope };
                            if !self.with_scope(&scope).render(&f.template, out, parts, unknown) {
                                return false;
                            }
                        }
                    }
                },
            }
        }
        true
    }

    fn traversal(&self, t: &hcl_edit::expr::Traversal, span: Span) -> Value {
        let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
        let Expression::Variable(root) = &t.expr else {
            let base = self.eval(&t.expr);
            return self.walk(&base, &ops, span, None);
        };
        let root = root.as_str();
        if let Some(v) = self.scope.and_then(|s| s.lookup(root)) {
            // `each`, `count`, a `for` variable or a `dynamic` iterator: the value is
            // used here, and came from the collection it iterates.
            return self.flowed(v, &ops, span, &format!("`{root}` iterates over this"));
        }
        let attr = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        match root {
            "var" => {
                let Some(name) = attr(0) else { return unknown_from(span, &[]) };
                let (value, label) = self.inst.variable(name);
                self.flowed(&value, &ops[1..], span, &label)
            }
            "local" => {
                let Some(name) = attr(0) else { return unknown_from(span, &[]) };
                let value = self.inst.local(name);
                let label = format!("`local.{name}` is defined here");
                match self.inst.local_span(name) {
                    Some(defined) => {
                        let mut v = self.walk(&value, &ops[1..], span, None);
                        v.flow_through(span, &label, defined, &format!("written here, used through `local.{name}`"));
                        v
                    }
                    None => self.flowed(&value, &ops[1..], span, &label),
                }
            }
            "path" => {
                let v = match attr(0) {
                    Some("module") => self.inst.path_module(),
                    Some("root") => self.inst.path_root(),
                    Some("cwd") => ".".to_string(),
                    _ => return unknown_from(span, &[]),
                };
                Value::new(Kind::String(v), span)
            }
            "terraform" => match attr(0) {
                Some("workspace") => Value::new(Kind::String("default".into()), span),
                _ => unknown_from(span, &[]),
            },
            "module" => {
                let Some(name) = attr(0) else { return unknown_from(span, &[]) };
                self.module_traversal(name, &ops, span)
            }
            "data" => {
                let (Some(rtype), Some(name)) = (attr(0), attr(1)) else { return unknown_from(span, &[]) };
                let local = format!("data.{rtype}.{name}");
                self.resource_attribute(&local, &ops[2..], span)
            }
            "count" | "each" | "self" => unknown_from(span, &[]),
            rtype => {
                let Some(name) = attr(0) else { return unknown_from(span, &[]) };
                let local = format!("{rtype}.{name}");
                self.resource_attribute(&local, &ops[1..], span)
            }
        }
    }

    /// `module.NAME...`: one output alone when the traversal names one, as Terraform
    /// graphs it. Out of line: `traversal` is on every level of a deep recursion, and
    /// this keeps its frame small.
    #[inline(never)]
    fn module_traversal(&self, name: &str, ops: &[&TraversalOperator], span: Span) -> Value {
        let label = format!("from an output of `module.{name}`");
        // One output depends on what that output reads, not on the whole module.
        let one = match (ops.get(1), ops.get(2)) {
            (Some(TraversalOperator::GetAttr(out)), _) => Some((None, out.as_str(), 2)),
            (Some(TraversalOperator::Index(e)), Some(TraversalOperator::GetAttr(out))) => {
                Some((Some(self.eval(e)), out.as_str(), 3))
            }
            (Some(TraversalOperator::LegacyIndex(i)), Some(TraversalOperator::GetAttr(out))) => {
                Some((Some(Value::new(Kind::Number(*i.value() as f64), span)), out.as_str(), 3))
            }
            _ => None,
        };
        if let Some((instance, out, used)) = one {
            if instance.as_ref().is_some_and(Value::is_unknown) {
                return unknown_from(span, &[instance.as_ref().unwrap_or(&Value::unknown(span))]);
            }
            if let Some(value) = self.inst.module_output(name, instance.as_ref(), out) {
                return self.flowed(&value, &ops[used..], span, &label);
            }
        }
        let value = self.inst.module_value(name);
        self.flowed(&value, &ops[1..], span, &label)
    }

    fn resource_attribute(&self, local: &str, ops: &[&TraversalOperator], span: Span) -> Value {
        let Some(value) = self.inst.resource_value(local) else {
            // Not a block of this module: unknown, keeping the edge (to the instance
            // when `aws_x.y[0]` / `aws_x.y["k"]` names one).
            let instance = match ops.first() {
                Some(TraversalOperator::Index(e)) => {
                    let i = self.eval(e);
                    match &i.kind {
                        Kind::Number(n) => Some(format!("[{}]", *n as i64)),
                        Kind::String(k) => Some(format!("[{k:?}]")),
                        _ => None,
                    }
                }
                Some(TraversalOperator::LegacyIndex(i)) => Some(format!("[{}]", i.value())),
                _ => None,
            };
            let reference = Reference {
                target: format!("{local}{}", instance.unwrap_or_default()),
                attribute: first_attribute(ops),
                span,
            };
            return Value::new(Kind::Unknown(vec![reference]), span);
        };
        // Each instance's object knows its resource ([`Value::resource`]): what it does
        // not set is computed, and keeps the edge to that instance.
        let mut v = self.walk(&value, ops, span, None);
        // A policy document keeps the spans of its statements: a finding belongs on
        // the offending element, whoever consumes the document.
        if !v.is_unknown() && !local.starts_with("data.aws_iam_policy_document.") {
            v.flow_to(span, &format!("set in `{local}`"));
        }
        v
    }

    /// Follows a symbol's value through the traversal, then moves it to the use site.
    fn flowed(&self, value: &Value, ops: &[&TraversalOperator], span: Span, label: &str) -> Value {
        let mut v = self.walk(value, ops, span, None);
        v.flow_to(span, label);
        v
    }

    /// Applies traversal operators to a value, cloning only what is selected. Inside a
    /// resource's object (`reference`, taken from [`Value::resource`]), a missing
    /// attribute is known only after apply; elsewhere, a missing attribute or key, an
    /// index out of range or an attribute of null is an error, as in Terraform.
    fn walk(&self, value: &Value, ops: &[&TraversalOperator], span: Span, reference: Option<&Reference>) -> Value {
        let Some((op, rest)) = ops.split_first() else { return value.clone() };
        let own;
        let reference = match &value.resource {
            Some(r) => {
                own = Reference { target: r.target.clone(), attribute: first_attribute(ops), span };
                Some(&own)
            }
            None => reference,
        };
        let missing = |what: String| match reference {
            Some(r) => Value::new(Kind::Unknown(vec![r.clone()]), span),
            None => Value::error(span, what),
        };
        if value.is_unknown() {
            let mut v = value.clone();
            v.span = span;
            return v;
        }
        match op {
            TraversalOperator::GetAttr(name) => match value.get(name.as_str()) {
                Some(v) => self.walk(v, rest, span, reference),
                None if value.is_null() => missing(format!("attribute `{}` of null", name.as_str())),
                None => missing(format!("no attribute `{}`", name.as_str())),
            },
            TraversalOperator::Index(index_expr) => {
                let index = self.eval(index_expr);
                self.index(value, &index, rest, span, reference)
            }
            TraversalOperator::LegacyIndex(i) => {
                let index = Value::new(Kind::Number(*i.value() as f64), span);
                self.index(value, &index, rest, span, reference)
            }
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                let items: Vec<Value> = match &value.kind {
                    Kind::List(items) => items.iter().map(|v| self.walk(v, rest, span, reference)).collect(),
                    Kind::Null => Vec::new(),
                    _ => vec![self.walk(value, rest, span, reference)],
                };
                if let Some(error) = items.iter().find(|v| v.is_error()) {
                    return error_at(error, span);
                }
                Value::new(Kind::List(items), span)
            }
        }
    }

    fn index(
        &self,
        value: &Value,
        index: &Value,
        rest: &[&TraversalOperator],
        span: Span,
        reference: Option<&Reference>,
    ) -> Value {
        if index.is_unknown() {
            return unknown_from(span, &[index]);
        }
        let selected = match &value.kind {
            Kind::List(items) => {
                index.as_f64().filter(|n| *n >= 0.0 && n.fract() == 0.0).and_then(|n| items.get(n as usize))
            }
            Kind::Map(_) => index.to_text().and_then(|k| value.get(&k)),
            _ => None,
        };
        match selected {
            Some(v) => self.walk(v, rest, span, reference),
            None => match reference {
                Some(r) => Value::new(Kind::Unknown(vec![r.clone()]), span),
                None => Value::error(span, "no element at this index or key"),
            },
        }
    }

    /// A `.tf.json` value: objects and lists as they are, strings as templates.
    pub fn eval_json(&self, node: &Node) -> Value {
        let kind = match &node.kind {
            NodeKind::String(s) if s.contains("${") || s.contains("%{") => {
                let written = self.file.slice(node.span);
                let exact = written.len() >= 2 && &written[1..written.len() - 1] == s;
                return match hcl_edit::parser::parse_template(s) {
                    Ok(template) if exact => {
                        let ctx = Ctx { base: node.span.start as usize + 1, ..*self };
                        ctx.template(&template, node.span)
                    }
                    Ok(template) => {
                        let mut v = Ctx { base: 0, ..*self }.template(&template, node.span);
                        v.relocate(node.span);
                        v
                    }
                    Err(_) => Value::unknown(node.span),
                };
            }
            NodeKind::Seq(items) => Kind::List(items.iter().map(|n| self.eval_json(n)).collect()),
            NodeKind::Map(entries) => Kind::Map(
                entries
                    .iter()
                    .map(|(k, v)| Entry { key: k.name.clone(), key_span: k.span, value: self.eval_json(v) })
                    .collect(),
            ),
            scalar => Kind::of_scalar(scalar).unwrap_or(Kind::Null),
        };
        Value::new(kind, node.span)
    }
}

impl FunctionContext for Ctx<'_, '_> {
    fn sources(&self) -> &SourceMap {
        self.inst.sources()
    }

    fn root(&self) -> &Root {
        self.inst.root()
    }

    fn error(&self, span: Span, message: String) {
        self.inst.report_error(span, message);
    }

    fn budget(&self) -> &Budget {
        self.inst.budget()
    }

    fn render_template(&self, file: FileId, template: &Template, vars: Vec<(String, Value)>, span: Span) -> Value {
        let scope = Scope { vars, parent: None };
        let file = self.inst.sources().get(file);
        Ctx { inst: self.inst, file, base: 0, scope: Some(&scope) }.template(template, span)
    }
}

/// What iterating over a collection binds: (index, element) for a list, (key, value)
/// for a map; an empty list for null; `None` when it cannot be known, or when the
/// copies it makes are more than the unit's budget allows.
pub(crate) fn iteration(collection: &Value, budget: &Budget) -> Option<Vec<(Value, Value)>> {
    if !budget.admit(collection.span, collection) {
        return None;
    }
    match &collection.kind {
        Kind::List(items) => Some(
            items.iter().enumerate().map(|(i, v)| (Value::new(Kind::Number(i as f64), v.span), v.clone())).collect(),
        ),
        Kind::Map(entries) => Some(
            entries.iter().map(|e| (Value::new(Kind::String(e.key.clone()), e.key_span), e.value.clone())).collect(),
        ),
        Kind::Null => Some(Vec::new()),
        _ => None,
    }
}

/// The first attribute a traversal reads (`arn` of `aws_x.y[0].arn`): what an edge
/// to a resource names.
fn first_attribute(ops: &[&TraversalOperator]) -> Option<String> {
    ops.iter().find_map(|o| match o {
        TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
        _ => None,
    })
}

/// Terraform's `==`: same type and value (numbers and numeric strings do not match).
fn equal(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::String(x), Kind::String(y)) => x == y,
        (Kind::Number(x), Kind::Number(y)) => x == y,
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Null, Kind::Null) => true,
        _ => a.same(b),
    }
}

/// A fully known list or object as JSON text (`"${jsonencode(local.statements)}"`).
fn json_text(v: &Value) -> Option<String> {
    match &v.kind {
        Kind::Null => Some("null".into()),
        Kind::Bool(b) => Some(b.to_string()),
        Kind::Number(_) => v.to_text(),
        Kind::String(s) => Some(format!("{s:?}")),
        Kind::List(items) => Some(format!("[{}]", items.iter().map(json_text).collect::<Option<Vec<_>>>()?.join(","))),
        Kind::Map(entries) => Some(format!(
            "{{{}}}",
            entries
                .iter()
                .map(|e| Some(format!("{:?}:{}", e.key, json_text(&e.value)?)))
                .collect::<Option<Vec<_>>>()?
                .join(",")
        )),
        Kind::Unknown(_) | Kind::Error(_) => None,
    }
}
