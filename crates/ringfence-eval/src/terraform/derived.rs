//! What a value computed from other values inherits from them: the references an
//! unknown result waits on, and the origins a known result came from.
//!
//! Below expressions and functions, which both build such values.

use crate::{Entry, Kind, Origin, Value};
use ringfence_syntax::Span;

/// Unknown at `span`, waiting on whatever `values` wait on; an error when one of
/// `values` is an error (in Terraform, an error anywhere fails the whole expression).
pub(crate) fn unknown_from(span: Span, values: &[&Value]) -> Value {
    if let Some(error) = first_error(values) {
        return error_at(error, span);
    }
    let refs = values.iter().flat_map(|v| v.owned_references()).collect();
    Value::new(Kind::Unknown(refs), span)
}

/// The first of `values` that is an error.
pub(crate) fn first_error<'v>(values: &[&'v Value]) -> Option<&'v Value> {
    values.iter().copied().find(|v| v.is_error())
}

/// An error moved to where the expression that failed because of it is written.
pub(crate) fn error_at(error: &Value, span: Span) -> Value {
    let mut v = error.clone();
    v.span = span;
    v
}

/// The origins of `values`, each place once (in the order first met).
pub(crate) fn merged_origins(values: &[&Value]) -> Vec<Origin> {
    let mut seen = std::collections::HashSet::new();
    values.iter().flat_map(|v| &v.origins).filter(|o| seen.insert(o.span)).cloned().collect()
}

/// Map entries as they are built: a key written again replaces the earlier value in
/// place, found through an index (a hostile object with 100,000 keys stays linear).
#[derive(Default)]
pub(crate) struct Entries {
    entries: Vec<Entry>,
    index: std::collections::HashMap<String, usize>,
}

impl Entries {
    pub fn set(&mut self, entry: Entry) {
        match self.index.get(&entry.key) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.index.insert(entry.key.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.index.get(key).map(|&i| &mut self.entries[i])
    }

    pub fn into_vec(self) -> Vec<Entry> {
        self.entries
    }
}

/// The elements a set function has seen: scalars by hash, collections by comparison
/// (each comparison charged: `distinct` of 100,000 lists must not run for hours).
#[derive(Default)]
pub(crate) struct Seen<'v> {
    scalars: std::collections::HashSet<Scalar>,
    others: Vec<&'v Value>,
}

#[derive(PartialEq, Eq, Hash)]
enum Scalar {
    Null,
    Bool(bool),
    Number(u64),
    String(String),
}

fn scalar(v: &Value) -> Option<Scalar> {
    Some(match &v.kind {
        Kind::Null => Scalar::Null,
        Kind::Bool(b) => Scalar::Bool(*b),
        // `0.0 == -0.0`, as `Value::same` has it.
        Kind::Number(n) => Scalar::Number(if *n == 0.0 { 0 } else { n.to_bits() }),
        Kind::String(s) => Scalar::String(s.clone()),
        _ => return None,
    })
}

impl<'v> Seen<'v> {
    pub fn of(items: &'v [Value], charge: &dyn Fn(usize) -> bool) -> Option<Seen<'v>> {
        let mut seen = Seen::default();
        for item in items {
            seen.insert(item, charge)?;
        }
        Some(seen)
    }

    /// Whether `v` was seen; `charge` pays for the comparisons (false: stop).
    pub fn contains(&self, v: &Value, charge: &dyn Fn(usize) -> bool) -> Option<bool> {
        match scalar(v) {
            Some(key) => Some(self.scalars.contains(&key)),
            None => charge(self.others.len()).then(|| self.others.iter().any(|x| x.same(v))),
        }
    }

    /// Adds `v`; whether it was new.
    pub fn insert(&mut self, v: &'v Value, charge: &dyn Fn(usize) -> bool) -> Option<bool> {
        if let Some(key) = scalar(v) {
            return Some(self.scalars.insert(key));
        }
        if self.contains(v, charge)? {
            return Some(false);
        }
        self.others.push(v);
        Some(true)
    }
}
