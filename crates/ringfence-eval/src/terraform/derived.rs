//! What a value computed from other values inherits from them: the references an
//! unknown result waits on, and the origins a known result came from.
//!
//! Below expressions and functions, which both build such values.

use crate::{Kind, Origin, Value};
use ringfence_syntax::Span;

/// Unknown at `span`, waiting on whatever `values` wait on.
pub(crate) fn unknown_from(span: Span, values: &[&Value]) -> Value {
    let refs = values.iter().flat_map(|v| v.owned_references()).collect();
    Value::new(Kind::Unknown(refs), span)
}

/// The origins of `values`, each place once.
pub(crate) fn merged_origins(values: &[&Value]) -> Vec<Origin> {
    let mut out: Vec<Origin> = Vec::new();
    for v in values {
        for o in &v.origins {
            if !out.iter().any(|x| x.span == o.span) {
                out.push(o.clone());
            }
        }
    }
    out
}
