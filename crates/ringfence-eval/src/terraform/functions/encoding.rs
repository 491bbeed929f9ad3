//! Encoding functions.

use super::Body::{Any, Known};
use super::{Call, Table};
use crate::{Kind, Value};

pub(super) const FUNCTIONS: Table =
    &[("jsondecode", Known(jsondecode)), ("jsonencode", Any(encode)), ("yamlencode", Any(encode))];

/// The structure itself, not its text: a policy keeps the spans of its HCL.
fn encode(c: &Call<'_>) -> Value {
    c.arg(0).cloned().unwrap_or_else(|| Value::unknown(c.span))
}

fn jsondecode(c: &Call<'_>) -> Option<Value> {
    let v = c.arg(0)?;
    if matches!(v.kind, Kind::Map(_) | Kind::List(_)) {
        return Some(v.clone());
    }
    let mut decoded = crate::decode_json_string(v, c.cx.sources())?.ok()?;
    decoded.origins = v.origins.clone();
    Some(decoded)
}
