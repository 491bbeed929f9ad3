//! Terraform's built-in functions, for the values configurations use them on.
//!
//! Written by hand: no crate implements Terraform's function library. A function that
//! is not here, needs the network or the clock, or gets an unknown argument, yields
//! unknown, never an error.
//!
//! The functions are looked up by name in one table per category of Terraform's
//! documentation, each in its own file. None of the date and time or the hash and
//! crypto functions is implemented: they are unknown like any function not listed.
//!
//! Functions see evaluated arguments and a narrow [`FunctionContext`]; expressions
//! implement it, so this module depends on neither expressions nor module instances.

mod collections;
mod conversion;
mod encoding;
mod filesystem;
mod network;
mod numeric;
mod strings;

use super::derived::{error_at, merged_origins, unknown_from};
use crate::budget::Budget;
use crate::{Kind, Value};
use hcl_edit::template::Template;
use ringfence_syntax::confine::Root;
use ringfence_syntax::{FileId, SourceMap, Span};

/// What functions need from the place they are called.
pub(crate) trait FunctionContext {
    /// The files of the scan; `file()` adds the files it reads.
    fn sources(&self) -> &SourceMap;
    /// Where the paths functions read may lead.
    fn root(&self) -> &Root;
    /// A located error: a function refused its argument (a path outside the root).
    fn error(&self, span: Span, message: String);
    /// Renders `template`, the text of `file`, with only `vars` in scope (`templatefile()`).
    fn render_template(&self, file: FileId, template: &Template, vars: Vec<(String, Value)>, span: Span) -> Value;
    /// What the unit may still spend: a function whose result can be much larger
    /// than its arguments asks before building it.
    fn budget(&self) -> &Budget;
}

/// One call: its evaluated arguments (a final `...` already expanded) and its place.
struct Call<'c> {
    cx: &'c dyn FunctionContext,
    args: Vec<Value>,
    span: Span,
}

/// How a function meets unknown arguments.
#[derive(Clone, Copy)]
enum Body {
    /// Runs only when no argument is unknown; `None` (arguments it cannot use) is unknown.
    Known(fn(&Call<'_>) -> Option<Value>),
    /// Sees unknown arguments and decides itself (`length` of a list of unknowns is known).
    Any(fn(&Call<'_>) -> Value),
    /// Catches its arguments' failures ([`Kind::Error`]): `try` and `can`, the only
    /// functions that see an argument that failed.
    Catching(fn(&Call<'_>) -> Value),
}

/// One category's functions, sorted by name.
type Table = &'static [(&'static str, Body)];

const CATEGORIES: &[Table] = &[
    collections::FUNCTIONS,
    conversion::FUNCTIONS,
    encoding::FUNCTIONS,
    filesystem::FUNCTIONS,
    network::FUNCTIONS,
    numeric::FUNCTIONS,
    strings::FUNCTIONS,
];

fn lookup(name: &str) -> Option<Body> {
    CATEGORIES.iter().find_map(|table| table.binary_search_by_key(&name, |(n, _)| n).ok().map(|i| table[i].1))
}

/// Calls the function `name`; unknown when it is not implemented.
pub(crate) fn call(cx: &dyn FunctionContext, name: &str, args: Vec<Value>, span: Span) -> Value {
    let call = Call { cx, args, span };
    let body = lookup(name);
    // An argument that failed fails the call, unless the function catches failures.
    if !matches!(body, Some(Body::Catching(_))) {
        if let Some(error) = call.args.iter().find(|a| a.is_error()) {
            return error_at(error, span);
        }
    }
    match body {
        Some(Body::Any(f) | Body::Catching(f)) => f(&call),
        Some(Body::Known(f)) if call.args.iter().all(|a| !a.is_unknown()) => f(&call).unwrap_or_else(|| call.unknown()),
        _ => call.unknown(),
    }
}

impl Call<'_> {
    fn arg(&self, i: usize) -> Option<&Value> {
        self.args.get(i)
    }

    fn text(&self, i: usize) -> Option<String> {
        self.arg(i).and_then(Value::to_text)
    }

    /// Whether a string of `bytes` may be built here (a budget error when not).
    fn allows_text(&self, bytes: usize) -> bool {
        self.cx.budget().allows_text(self.span, bytes)
    }

    /// Whether a collection of `n` elements may be built here.
    fn allows_elements(&self, n: usize) -> bool {
        self.cx.budget().allows_elements(self.span, n)
    }

    /// Whether `steps` of work (comparisons) may be done here.
    fn allows_work(&self, steps: usize) -> bool {
        self.cx.budget().allows(self.span, steps)
    }

    fn num(&self, i: usize) -> Option<f64> {
        self.arg(i).and_then(Value::as_f64)
    }

    /// Unknown, waiting on what the arguments wait on.
    fn unknown(&self) -> Value {
        unknown_from(self.span, &self.args.iter().collect::<Vec<_>>())
    }

    /// The call fails: Terraform would report `message` (only `try`/`can` catch it).
    fn error(&self, message: impl Into<String>) -> Value {
        Value::error(self.span, message)
    }

    /// A result computed from every argument, which keeps their origins.
    fn string(&self, s: impl Into<String>) -> Value {
        string(s, self.span, &self.args)
    }

    fn number(&self, n: f64) -> Value {
        number(n, self.span, &self.args)
    }

    fn boolean(&self, b: bool) -> Value {
        boolean(b, self.span, &self.args)
    }

    /// A list at the call; its elements keep their own origins.
    fn list(&self, items: Vec<Value>) -> Value {
        Value::new(Kind::List(items), self.span)
    }
}

fn new(kind: Kind, span: Span, from: &[Value]) -> Value {
    let mut v = Value::new(kind, span);
    v.origins = merged_origins(&from.iter().collect::<Vec<_>>());
    v
}

/// A string computed from `from` (not always every argument: `split` keeps the origins
/// of the text, not of the separator).
fn string(s: impl Into<String>, span: Span, from: &[Value]) -> Value {
    new(Kind::String(s.into()), span, from)
}

fn number(n: f64, span: Span, from: &[Value]) -> Value {
    new(Kind::Number(n), span, from)
}

fn boolean(b: bool, span: Span, from: &[Value]) -> Value {
    new(Kind::Bool(b), span, from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_is_sorted_and_names_are_unique() {
        let mut all = Vec::new();
        for table in CATEGORIES {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0), "not sorted: {:?}", names(table));
            all.extend(names(table));
        }
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "a function is in two categories");
    }

    #[test]
    fn every_function_is_found_and_others_are_not() {
        for (name, _) in CATEGORIES.iter().flat_map(|t| t.iter()) {
            assert!(lookup(name).is_some(), "{name}");
        }
        assert!(lookup("timestamp").is_none());
        assert!(lookup("").is_none());
    }

    fn names(table: Table) -> Vec<&'static str> {
        table.iter().map(|(n, _)| *n).collect()
    }
}
