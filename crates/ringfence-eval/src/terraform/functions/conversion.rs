//! Type conversion functions, and `try`/`can`.

use super::super::derived::unknown_from;
use super::collections::distinct;
use super::Body::{Catching, Known};
use super::{boolean, Call, Table};
use crate::Value;

pub(super) const FUNCTIONS: Table = &[
    ("can", Catching(can)),
    ("nonsensitive", Known(unchanged)),
    ("sensitive", Known(unchanged)),
    ("tobool", Known(tobool)),
    ("tolist", Known(unchanged)),
    ("tomap", Known(unchanged)),
    ("tonumber", Known(tonumber)),
    ("toset", Known(distinct)),
    ("tostring", Known(tostring)),
    ("try", Catching(try_)),
];

/// The first argument that is not an error. One that is unknown makes the result
/// unknown (waiting on what it waits on): whether it will fail cannot be known yet.
/// A collection with unknown elements is taken as it is: errors never sit inside a
/// value (a list or object with a failed element fails whole), so it cannot fail
/// later, and it is what the result will be (Terraform's plan shows it unknown).
/// Every argument failing is an error.
fn try_(c: &Call<'_>) -> Value {
    match c.args.iter().find(|a| !a.is_error()) {
        Some(a) if a.is_unknown() => unknown_from(c.span, &[a]),
        Some(a) => a.clone(),
        None => Value::error(c.span, "try: every argument failed"),
    }
}

/// True when the argument is known and did not fail, false when it failed, unknown
/// when it is unknown (it may still fail).
fn can(c: &Call<'_>) -> Value {
    match c.arg(0) {
        Some(a) if a.is_error() => boolean(false, c.span, &[]),
        Some(a) if a.is_unknown() => unknown_from(c.span, &[a]),
        Some(_) => boolean(true, c.span, &[]),
        None => Value::error(c.span, "can: one argument expected"),
    }
}

/// Values carry no collection type or sensitivity: these change nothing.
fn unchanged(c: &Call<'_>) -> Option<Value> {
    c.arg(0).cloned()
}

fn tostring(c: &Call<'_>) -> Option<Value> {
    let v = c.arg(0)?;
    if v.is_null() {
        Some(v.clone())
    } else {
        v.to_text().map(|t| c.string(t))
    }
}

fn tonumber(c: &Call<'_>) -> Option<Value> {
    let v = c.arg(0)?;
    if v.is_null() {
        Some(v.clone())
    } else {
        Some(v.as_f64().map_or_else(|| c.error("tonumber: not a number"), |x| c.number(x)))
    }
}

fn tobool(c: &Call<'_>) -> Option<Value> {
    let v = c.arg(0)?;
    if v.is_null() {
        Some(v.clone())
    } else {
        Some(v.as_bool().map_or_else(|| c.error("tobool: not a bool"), |b| c.boolean(b)))
    }
}
