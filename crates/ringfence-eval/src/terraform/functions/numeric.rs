//! Numeric functions.

use super::Body::Known;
use super::{Call, Table};
use crate::Value;

pub(super) const FUNCTIONS: Table =
    &[("abs", Known(abs)), ("ceil", Known(ceil)), ("floor", Known(floor)), ("max", Known(max)), ("min", Known(min))];

fn abs(c: &Call<'_>) -> Option<Value> {
    c.num(0).map(|x| c.number(x.abs()))
}

fn ceil(c: &Call<'_>) -> Option<Value> {
    c.num(0).map(|x| c.number(x.ceil()))
}

fn floor(c: &Call<'_>) -> Option<Value> {
    c.num(0).map(|x| c.number(x.floor()))
}

fn max(c: &Call<'_>) -> Option<Value> {
    numbers(c).map(|v| c.number(v.iter().cloned().fold(f64::MIN, f64::max)))
}

fn min(c: &Call<'_>) -> Option<Value> {
    numbers(c).map(|v| c.number(v.iter().cloned().fold(f64::MAX, f64::min)))
}

/// Every argument as a number; `None` if one is not, or there are none.
fn numbers(c: &Call<'_>) -> Option<Vec<f64>> {
    c.args.iter().map(Value::as_f64).collect::<Option<Vec<_>>>().filter(|v| !v.is_empty())
}
