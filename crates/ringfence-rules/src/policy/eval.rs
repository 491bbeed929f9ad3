//! A policy's condition over one resource: the resource as CEL sees it (`r`, `lang`),
//! and what the condition's result means.
//!
//! An unknown value (computed after apply, a parameter without a value) reaches CEL
//! as an opaque value every operation on it refuses: reading a field of it, calling a
//! function on it, ordering it all fail, and the parsed condition has `==`, `!=` and
//! `in` rewritten ([`rewrite`]) into functions that fail on it too (CEL's own compare
//! an opaque value as merely unequal). CEL's `||` and `&&` absorb an error when the
//! other side decides (`true || error` is true, `false && error` false), so a result
//! that still depends on an unknown is an error naming it: the policy does not fire.

use super::Condition;
use cel::common::ast::{CallExpr, EntryExpr, Expr, IdedExpr};
use cel::objects::{Key, Map, Opaque};
use cel::{Context, ExecutionError};
use ringfence_model::{awscc, Kind, Lang, Resource, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// The runtime type name of an unknown value: every error an unknown causes names it.
const UNKNOWN: &str = "ringfence.unknown";

/// CloudFormation properties whose value, when a map, is free-form data: its keys are
/// kept as written (policy documents, whose grammar is the same in both languages,
/// and maps whose keys a user chose: tag names, environment variables).
const FREE_FORM: &str = include_str!("free-form.txt");

/// Whether `property`, inside the property `parent` (a list's items are inside the
/// list's property), is listed: as `Parent.Property`, or alone for any parent.
fn free_form(parent: &str, property: &str) -> bool {
    FREE_FORM.lines().map(str::trim).any(|l| match l.split_once('.') {
        Some((p, k)) => p == parent && k == property,
        None => l == property,
    })
}

#[derive(Debug, PartialEq, Eq)]
struct Unknown;

impl Opaque for Unknown {
    fn runtime_type_name(&self) -> &str {
        UNKNOWN
    }
}

fn unknown() -> cel::Value {
    cel::Value::Opaque(Arc::new(Unknown))
}

fn is_unknown(v: &cel::Value) -> bool {
    matches!(v, cel::Value::Opaque(o) if o.runtime_type_name() == UNKNOWN)
}

fn unknown_error() -> ExecutionError {
    ExecutionError::function_error(UNKNOWN, "the value is known only after deployment")
}

/// What a condition said about a resource.
pub(super) enum Outcome {
    Deny,
    Allow,
    /// The result depends on a value known only after deployment.
    Unknown,
    /// The condition fails on known values, or is not a boolean.
    Error(String),
}

const EQ: &str = "__ringfence_eq";
const NE: &str = "__ringfence_ne";
const IN: &str = "__ringfence_in";
const MATCHES: &str = "__ringfence_matches";
const STEP: &str = "__ringfence_step";
/// Most loop steps (an element of `exists`, `all`, `map`, `filter`, ... over a list or
/// map) one policy takes over a whole scan. Each condition is small, but loops nested
/// over long lists multiply: past this, the policy's conditions fail (a located error)
/// instead of running for hours on a hostile file.
pub(super) const MAX_STEPS: u64 = 2_000_000;
const BUDGET: &str = "the policy took more loop steps than its budget in this scan (loops nested over long lists)";
/// Most distinct patterns one evaluator keeps compiled.
const MAX_PATTERNS: usize = 256;

/// `==`, `!=` and `in` as functions that fail on an unknown operand (see the module
/// comment), and `matches` as one that compiles each pattern once per scan (CEL's
/// compiles it at every call, which cost more than the rest of a policy); everything
/// else is CEL's own.
pub(super) fn rewrite(e: &mut IdedExpr) {
    match &mut e.expr {
        Expr::Call(call) => {
            if call.func_name == "matches" {
                if let Some(target) = call.target.take() {
                    call.args.insert(0, *target);
                }
                if call.args.len() == 2 {
                    call.func_name = MATCHES.to_string();
                }
            }
            if call.target.is_none() && call.args.len() == 2 {
                let renamed = match call.func_name.as_str() {
                    "_==_" => Some(EQ),
                    "_!=_" => Some(NE),
                    "@in" => Some(IN),
                    _ => None,
                };
                if let Some(name) = renamed {
                    call.func_name = name.to_string();
                }
            }
            if let Some(target) = &mut call.target {
                rewrite(target);
            }
            call.args.iter_mut().for_each(rewrite);
        }
        Expr::Comprehension(c) => {
            for e in [&mut c.iter_range, &mut c.accu_init, &mut c.loop_cond, &mut c.loop_step, &mut c.result] {
                rewrite(e);
            }
            // Every step counts against the budget: `step() && cond`, failing once it is spent.
            let cond = std::mem::take(&mut c.loop_cond);
            let step = IdedExpr {
                id: cond.id,
                expr: Expr::Call(CallExpr { func_name: STEP.to_string(), ..Default::default() }),
            };
            c.loop_cond = IdedExpr {
                id: cond.id,
                expr: Expr::Call(CallExpr { func_name: "_&&_".to_string(), target: None, args: vec![step, cond] }),
            };
        }
        Expr::List(list) => list.elements.iter_mut().for_each(rewrite),
        Expr::Map(map) => map.entries.iter_mut().for_each(|entry| match &mut entry.expr {
            EntryExpr::MapEntry(m) => {
                rewrite(&mut m.key);
                rewrite(&mut m.value);
            }
            EntryExpr::StructField(f) => rewrite(&mut f.value),
        }),
        Expr::Struct(s) => s.entries.iter_mut().for_each(|entry| match &mut entry.expr {
            EntryExpr::MapEntry(m) => {
                rewrite(&mut m.key);
                rewrite(&mut m.value);
            }
            EntryExpr::StructField(f) => rewrite(&mut f.value),
        }),
        Expr::Select(s) => rewrite(&mut s.operand),
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => {}
    }
}

fn equal(a: &cel::Value, b: &cel::Value) -> Result<bool, ExecutionError> {
    if is_unknown(a) || is_unknown(b) {
        return Err(unknown_error());
    }
    // Inside lists and maps too: `[x] == [y]` with `x` unknown is unknown.
    match (a, b) {
        (cel::Value::List(x), cel::Value::List(y)) if x.len() == y.len() => {
            let mut undecided = false;
            for (i, j) in x.iter().zip(y.iter()) {
                match equal(i, j) {
                    Ok(true) => {}
                    Ok(false) => return Ok(false),
                    Err(_) => undecided = true,
                }
            }
            if undecided {
                Err(unknown_error())
            } else {
                Ok(true)
            }
        }
        (cel::Value::Map(x), cel::Value::Map(y)) if x.map.len() == y.map.len() => {
            let mut undecided = false;
            for (k, v) in x.map.iter() {
                let Some(w) = y.map.get(k) else { return Ok(false) };
                match equal(v, w) {
                    Ok(true) => {}
                    Ok(false) => return Ok(false),
                    Err(_) => undecided = true,
                }
            }
            if undecided {
                Err(unknown_error())
            } else {
                Ok(true)
            }
        }
        _ => Ok(a == b),
    }
}

fn contains(needle: &cel::Value, haystack: &cel::Value) -> Result<bool, ExecutionError> {
    if is_unknown(needle) || is_unknown(haystack) {
        return Err(unknown_error());
    }
    match haystack {
        cel::Value::List(items) => {
            let mut undecided = false;
            for item in items.iter() {
                match equal(needle, item) {
                    Ok(true) => return Ok(true),
                    Ok(false) => {}
                    Err(_) => undecided = true,
                }
            }
            if undecided {
                Err(unknown_error())
            } else {
                Ok(false)
            }
        }
        cel::Value::Map(map) => {
            let key = match needle {
                cel::Value::String(s) => Key::String(s.clone()),
                cel::Value::Int(i) => Key::Int(*i),
                cel::Value::UInt(u) => Key::Uint(*u),
                cel::Value::Bool(b) => Key::Bool(*b),
                other => return Err(ExecutionError::function_error("in", format!("{other:?} cannot be a map key"))),
            };
            Ok(map.get(&key).is_some())
        }
        other => Err(ExecutionError::function_error("in", format!("{other:?} is not a list or a map"))),
    }
}

fn matches(
    cache: &std::sync::Mutex<HashMap<String, Arc<regex::Regex>>>,
    text: &cel::Value,
    pattern: &cel::Value,
) -> Result<bool, ExecutionError> {
    if is_unknown(text) || is_unknown(pattern) {
        return Err(unknown_error());
    }
    let (cel::Value::String(text), cel::Value::String(pattern)) = (text, pattern) else {
        return Err(ExecutionError::function_error("matches", "takes a string and a pattern (a string)"));
    };
    let mut compiled = cache.lock().unwrap_or_else(|e| e.into_inner());
    let regex = match compiled.get(pattern.as_str()) {
        Some(r) => r.clone(),
        None => {
            let r = Arc::new(
                regex::Regex::new(pattern).map_err(|e| ExecutionError::function_error("matches", e.to_string()))?,
            );
            if compiled.len() < MAX_PATTERNS {
                compiled.insert(pattern.to_string(), r.clone());
            }
            r
        }
    };
    drop(compiled);
    Ok(regex.is_match(text))
}

/// Evaluates conditions; made once per policy and scan (CEL's standard library, and
/// the functions of [`rewrite`]).
pub(super) struct Evaluator {
    root: Context<'static, 'static>,
}

impl Evaluator {
    pub(super) fn new() -> Evaluator {
        Evaluator::with_budget(MAX_STEPS)
    }

    /// An evaluator whose loops may take `budget` steps in all.
    fn with_budget(budget: u64) -> Evaluator {
        let mut root = Context::default();
        // Names no CEL program can collide with (they are not in CEL's library).
        let _ = root.add_function(EQ, |a: cel::Value, b: cel::Value| equal(&a, &b));
        let _ = root.add_function(NE, |a: cel::Value, b: cel::Value| equal(&a, &b).map(|e| !e));
        let _ = root.add_function(IN, |a: cel::Value, b: cel::Value| contains(&a, &b));
        let cache = std::sync::Mutex::new(HashMap::new());
        let _ = root.add_function(MATCHES, move |a: cel::Value, b: cel::Value| matches(&cache, &a, &b));
        let steps = std::sync::atomic::AtomicU64::new(0);
        let _ = root.add_function(STEP, move || {
            if steps.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < budget {
                Ok(true)
            } else {
                Err(ExecutionError::function_error("loop", BUDGET))
            }
        });
        Evaluator { root }
    }

    /// The condition over `resource` whose attributes are `r`.
    pub(super) fn denies(&self, condition: &Condition, resource: &Resource, r: cel::Value) -> Outcome {
        let mut scope = self.root.new_inner_scope();
        scope.add_variable_from_value("r", r);
        let lang = if resource.lang == Lang::CloudFormation { "cloudformation" } else { "terraform" };
        scope.add_variable_from_value("lang", lang);
        match cel::Value::resolve(&condition.expr, &scope) {
            Ok(cel::Value::Bool(true)) => Outcome::Deny,
            Ok(cel::Value::Bool(false)) => Outcome::Allow,
            Ok(v) if is_unknown(&v) => Outcome::Unknown,
            Ok(other) => Outcome::Error(format!("`deny` must be true or false, not {}", shown(&other))),
            Err(e) => {
                let text = format!("{e} {e:?}");
                if text.contains(UNKNOWN) {
                    Outcome::Unknown
                } else {
                    Outcome::Error(e.to_string())
                }
            }
        }
    }
}

fn shown(v: &cel::Value) -> String {
    match v {
        cel::Value::String(s) => format!("the string {s:?}"),
        cel::Value::Int(i) => format!("the number {i}"),
        cel::Value::Float(f) => format!("the number {f}"),
        cel::Value::Null => "null".to_string(),
        cel::Value::List(_) => "a list".to_string(),
        cel::Value::Map(_) => "a map".to_string(),
        other => format!("{other:?}"),
    }
}

/// A key as policies name it: CloudFormation property names the awscc way, except
/// inside free-form values; Terraform names as written.
fn key_name(lang: Lang, key: &str, free: bool) -> Cow<'_, str> {
    if lang == Lang::CloudFormation && !free {
        Cow::Owned(awscc::attribute_name(key))
    } else {
        Cow::Borrowed(key)
    }
}

/// Whether the value under `key` (in the property `parent`) is free-form data.
fn enters_free_form(lang: Lang, parent: &str, key: &str, value: &Value, free: bool) -> bool {
    free || (lang == Lang::CloudFormation && matches!(value.kind, Kind::Map(_)) && free_form(parent, key))
}

/// A value as CEL sees it; `at` is the property it is written under.
fn to_cel(v: &Value, lang: Lang, free: bool, at: &str) -> cel::Value {
    match &v.kind {
        Kind::Null => cel::Value::Null,
        Kind::Bool(b) => cel::Value::Bool(*b),
        // Whole numbers are CEL ints, so that `r.size > 10` compares as written.
        Kind::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => cel::Value::Int(*n as i64),
        Kind::Number(n) => cel::Value::Float(*n),
        Kind::String(s) => cel::Value::String(Arc::new(s.clone())),
        Kind::List(items) => cel::Value::List(Arc::new(items.iter().map(|i| to_cel(i, lang, free, at)).collect())),
        Kind::Map(entries) => {
            let mut map = HashMap::with_capacity(entries.len());
            for e in entries {
                let inner = enters_free_form(lang, at, &e.key, &e.value, free);
                map.insert(
                    Key::String(Arc::new(key_name(lang, &e.key, free).into_owned())),
                    to_cel(&e.value, lang, inner, &e.key),
                );
            }
            cel::Value::Map(Map { map: Arc::new(map) })
        }
        Kind::Unknown(_) | Kind::Error(_) => unknown(),
    }
}

/// `r`: the attributes `attrs` of `resource` (its own, or narrowed), with `type` and
/// `address`.
pub(super) fn resource_value(resource: &Resource, attrs: &Value) -> cel::Value {
    let mut r = match to_cel(attrs, resource.lang, false, "") {
        cel::Value::Map(m) => Arc::unwrap_or_clone(m.map),
        _ => HashMap::new(),
    };
    r.insert(Key::String(Arc::new("type".into())), cel::Value::String(Arc::new(resource.written_type().to_string())));
    r.insert(Key::String(Arc::new("address".into())), cel::Value::String(Arc::new(resource.address.clone())));
    cel::Value::Map(Map { map: Arc::new(r) })
}

/// The first list `at` crosses: the keys (as written) that lead to it, and its length.
pub(super) fn crossed_list(attrs: &Value, lang: Lang, at: &[String]) -> Option<(Vec<String>, usize)> {
    let mut current = attrs;
    let mut free = false;
    let mut keys: Vec<String> = Vec::new();
    for step in at {
        let (key, value) =
            current.entries().iter().find(|e| key_name(lang, &e.key, free) == *step).map(|e| (&e.key, &e.value))?;
        free = enters_free_form(lang, keys.last().map_or("", |k| k.as_str()), key, value, free);
        keys.push(key.clone());
        current = value;
        if let Kind::List(items) = &current.kind {
            return Some((keys, items.len()));
        }
    }
    None
}

fn walk<'v>(attrs: &'v Value, keys: &[String]) -> Option<&'v Value> {
    keys.iter().try_fold(attrs, |v, k| v.get(k))
}

/// Whether the value the keys lead to is free-form.
pub(super) fn free_at(attrs: &Value, lang: Lang, keys: &[String]) -> bool {
    let mut current = attrs;
    let mut free = false;
    let mut parent = "";
    for key in keys {
        let Some(value) = current.get(key) else { return free };
        free = enters_free_form(lang, parent, key, value, free);
        current = value;
        parent = key;
    }
    free
}

/// Element `i` of the list the keys lead to.
pub(super) fn element<'v>(attrs: &'v Value, keys: &[String], i: usize) -> Option<&'v Value> {
    walk(attrs, keys)?.items().get(i)
}

/// The attributes with the list the keys lead to narrowed to its element `i`.
pub(super) fn narrowed(attrs: &Value, keys: &[String], i: usize) -> Value {
    let mut out = attrs.clone();
    let mut current = &mut out;
    for key in keys {
        let Kind::Map(entries) = &mut current.kind else { return out.clone() };
        let Some(e) = entries.iter_mut().find(|e| e.key == *key) else { return out.clone() };
        current = &mut e.value;
    }
    if let Kind::List(items) = &mut current.kind {
        if i < items.len() {
            let kept = items.swap_remove(i);
            *items = vec![kept];
        }
    }
    out
}

/// The first value at `steps` under `v` (written under the property `at`), fanning
/// out over lists in order.
pub(super) fn first_at<'v>(v: &'v Value, lang: Lang, free: bool, at: &str, steps: &[String]) -> Option<&'v Value> {
    let Some((step, rest)) = steps.split_first() else { return Some(v) };
    for item in v.items() {
        let Some(e) = item.entries().iter().find(|e| key_name(lang, &e.key, free) == *step) else { continue };
        let inner = enters_free_form(lang, at, &e.key, &e.value, free);
        if let Some(found) = first_at(&e.value, lang, inner, &e.key, rest) {
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(source: &str, vars: &[(&str, cel::Value)]) -> Result<cel::Value, String> {
        eval_within(source, vars, MAX_STEPS)
    }

    fn eval_within(source: &str, vars: &[(&str, cel::Value)], budget: u64) -> Result<cel::Value, String> {
        let mut expr = cel::parser::Parser::new().parse(source).map_err(|e| e.to_string())?;
        rewrite(&mut expr);
        let evaluator = Evaluator::with_budget(budget);
        let mut scope = evaluator.root.new_inner_scope();
        for (name, v) in vars {
            scope.add_variable_from_value(*name, v.clone());
        }
        cel::Value::resolve(&expr, &scope).map_err(|e| format!("{e} {e:?}"))
    }

    fn is_unknown_result(r: &Result<cel::Value, String>) -> bool {
        matches!(r, Err(e) if e.contains(UNKNOWN))
    }

    #[test]
    fn an_unknown_decides_nothing_unless_the_other_side_does() {
        let u = [("u", unknown()), ("l", cel::Value::List(Arc::new(vec![unknown(), "a".into()])))];
        assert_eq!(eval("true || u == 'x'", &u), Ok(cel::Value::Bool(true)));
        assert_eq!(eval("u == 'x' || true", &u), Ok(cel::Value::Bool(true)));
        assert_eq!(eval("false && u.x", &u), Ok(cel::Value::Bool(false)));
        for source in [
            "false || u == 'x'",
            "u != 'x'",
            "!(u in ['a'])",
            "u.field == 1",
            "size(u) > 0",
            "u.startsWith('x')",
            "u > 3",
            "l.exists(v, v != 'a')",
            "!('b' in l)",
            "has(u.x)",
            "u ? true : false",
        ] {
            assert!(is_unknown_result(&eval(source, &u)), "{source}: {:?}", eval(source, &u));
        }
        assert_eq!(eval("'a' in l", &u), Ok(cel::Value::Bool(true)));
        assert_eq!(eval("'acme-ml'.matches('-ml$') && matches('x', '^x')", &u), Ok(cel::Value::Bool(true)));
        assert!(is_unknown_result(&eval("u.matches('x')", &u)));
        assert!(!is_unknown_result(&eval("'x'.matches('(')", &u)));
        assert_eq!(eval("[1, 2, 3].map(x, x * 2).filter(x, x > 2) == [4, 6]", &u), Ok(cel::Value::Bool(true)));
        assert_eq!(eval("l.exists(v, v == 'a')", &u), Ok(cel::Value::Bool(true)));
        assert_eq!(eval("[1, 2] == [1, 2] && {'a': 1} != {'a': 2}", &u), Ok(cel::Value::Bool(true)));
        // An error that is not about an unknown stays an error.
        let e = eval("{'a': 1}.b == 1", &u).unwrap_err();
        assert!(!e.contains(UNKNOWN), "{e}");
    }

    #[test]
    fn loops_stop_at_the_budget() {
        // 100 x 100 steps: past a budget of 1,000, an error (not about unknowns).
        let list: Vec<cel::Value> = (0..100).map(cel::Value::Int).collect();
        let l = [("l", cel::Value::List(Arc::new(list)))];
        let e = eval_within("l.all(x, l.all(y, x + y >= 0))", &l, 1_000).unwrap_err();
        assert!(e.contains("loop steps") && !e.contains(UNKNOWN), "{e}");
        assert_eq!(eval_within("l.all(x, x >= 0)", &l, 1_000), Ok(cel::Value::Bool(true)));
    }
}
