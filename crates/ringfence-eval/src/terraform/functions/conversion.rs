//! Type conversion functions, and `try`/`can`.

use super::collections::distinct;
use super::Body::{Catching, Known};
use super::{boolean, Call, Table};
use crate::{Kind, Value};

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

/// The first argument that is fully known.
fn try_(c: &Call<'_>) -> Value {
    c.args.iter().find(|a| known(a)).cloned().unwrap_or_else(|| c.unknown())
}

fn can(c: &Call<'_>) -> Value {
    if c.args.iter().all(known) {
        boolean(true, c.span, &[])
    } else {
        c.unknown()
    }
}

/// Deep check: a collection with an unknown element cannot be fully known.
fn known(v: &Value) -> bool {
    match &v.kind {
        Kind::Unknown(_) => false,
        Kind::List(items) => items.iter().all(known),
        Kind::Map(entries) => entries.iter().all(|e| known(&e.value)),
        _ => true,
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
        v.as_f64().map(|x| c.number(x))
    }
}

fn tobool(c: &Call<'_>) -> Option<Value> {
    let v = c.arg(0)?;
    if v.is_null() {
        Some(v.clone())
    } else {
        v.as_bool().map(|b| c.boolean(b))
    }
}
