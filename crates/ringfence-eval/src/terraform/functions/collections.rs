//! Collection functions.

use super::Body::{Any, Known};
use super::{number, Call, Table};
use crate::terraform::derived::{Entries, Seen};
use crate::{Entry, Kind, Value};

pub(super) const FUNCTIONS: Table = &[
    ("alltrue", Known(alltrue)),
    ("anytrue", Known(anytrue)),
    ("chunklist", Known(chunklist)),
    ("coalesce", Any(coalesce)),
    ("coalescelist", Known(coalescelist)),
    ("compact", Known(compact)),
    ("concat", Known(concat)),
    ("contains", Known(contains)),
    ("distinct", Known(distinct)),
    ("element", Known(element)),
    ("flatten", Known(flatten)),
    ("index", Known(index)),
    ("keys", Known(keys)),
    ("length", Any(length)),
    ("lookup", Known(lookup)),
    ("merge", Known(merge)),
    ("one", Known(one)),
    ("range", Known(range)),
    ("reverse", Known(reverse)),
    ("setintersection", Known(setintersection)),
    ("setsubtract", Known(setsubtract)),
    ("setunion", Known(setunion)),
    ("slice", Known(slice)),
    ("sort", Known(sort)),
    ("sum", Known(sum)),
    ("values", Known(values)),
    ("zipmap", Known(zipmap)),
];

/// The first argument that is neither null nor `""`; unknown if an unknown comes first.
fn coalesce(c: &Call<'_>) -> Value {
    for a in &c.args {
        match &a.kind {
            Kind::Unknown(_) => return c.unknown(),
            Kind::Null => continue,
            Kind::String(s) if s.is_empty() => continue,
            _ => return a.clone(),
        }
    }
    c.error("coalesce: no argument is neither null nor an empty string")
}

/// Known for a collection of unknown elements.
fn length(c: &Call<'_>) -> Value {
    match c.arg(0).map(|a| &a.kind) {
        Some(Kind::List(items)) => c.number(items.len() as f64),
        Some(Kind::Map(entries)) => c.number(entries.len() as f64),
        Some(Kind::String(s)) => c.number(s.chars().count() as f64),
        _ => c.unknown(),
    }
}

fn merge(c: &Call<'_>) -> Option<Value> {
    let mut entries = Entries::default();
    for arg in &c.args {
        match &arg.kind {
            Kind::Map(e) => e.iter().for_each(|entry| entries.set(entry.clone())),
            Kind::Null => {}
            _ => return None,
        }
    }
    Some(Value::new(Kind::Map(entries.into_vec()), c.span))
}

fn concat(c: &Call<'_>) -> Option<Value> {
    let mut items = Vec::new();
    for arg in &c.args {
        match &arg.kind {
            Kind::List(i) => items.extend(i.iter().cloned()),
            _ => return None,
        }
    }
    Some(c.list(items))
}

fn flatten(c: &Call<'_>) -> Option<Value> {
    c.arg(0).map(|v| c.list(flattened(v)))
}

fn flattened(v: &Value) -> Vec<Value> {
    v.items()
        .iter()
        .flat_map(|i| if matches!(i.kind, Kind::List(_)) { flattened(i) } else { vec![i.clone()] })
        .collect()
}

/// Also `toset`: a set is a list without repeats here.
pub(super) fn distinct(c: &Call<'_>) -> Option<Value> {
    let v = c.arg(0)?;
    let charge = |n: usize| c.allows_work(n);
    let mut seen = Seen::default();
    let mut out = Vec::new();
    for item in v.items() {
        if seen.insert(item, &charge)? {
            out.push(item.clone());
        }
    }
    Some(c.list(out))
}

fn compact(c: &Call<'_>) -> Option<Value> {
    c.arg(0).map(|v| c.list(v.items().iter().filter(|i| !i.is_null() && i.as_str() != Some("")).cloned().collect()))
}

fn coalescelist(c: &Call<'_>) -> Option<Value> {
    c.args.iter().find(|l| !l.items().is_empty()).cloned()
}

fn lookup(c: &Call<'_>) -> Option<Value> {
    let (m, k) = (c.arg(0)?, c.text(1)?);
    match (m.get(&k), c.arg(2)) {
        (Some(v), _) => Some(v.clone()),
        (None, Some(default)) => Some(default.clone()),
        (None, None) if matches!(m.kind, Kind::Map(_)) => Some(c.error(format!("lookup: no key {k:?}"))),
        (None, None) => None,
    }
}

fn element(c: &Call<'_>) -> Option<Value> {
    let (l, i) = (c.arg(0)?, c.num(1)?);
    if l.items().is_empty() {
        return Some(c.error("element: the list is empty"));
    }
    let len = l.items().len() as i64;
    l.items().get(((i as i64 % len + len) % len) as usize).cloned()
}

fn index(c: &Call<'_>) -> Option<Value> {
    let (l, v) = (c.arg(0)?, c.arg(1)?);
    if l.items().iter().any(Value::is_unknown) {
        return None;
    }
    Some(match l.items().iter().position(|x| x.same(v)) {
        Some(i) => c.number(i as f64),
        None => c.error("index: the value is not in the list"),
    })
}

fn contains(c: &Call<'_>) -> Option<Value> {
    let (l, v) = (c.arg(0)?, c.arg(1)?);
    Some(c.boolean(l.items().iter().any(|x| x.same(v))))
}

fn keys(c: &Call<'_>) -> Option<Value> {
    c.arg(0).map(|m| {
        let mut keys: Vec<&Entry> = m.entries().iter().collect();
        keys.sort_by(|x, y| x.key.cmp(&y.key));
        c.list(keys.into_iter().map(|e| Value::new(Kind::String(e.key.clone()), e.key_span)).collect())
    })
}

fn values(c: &Call<'_>) -> Option<Value> {
    c.arg(0).map(|m| {
        let mut entries: Vec<&Entry> = m.entries().iter().collect();
        entries.sort_by(|x, y| x.key.cmp(&y.key));
        c.list(entries.into_iter().map(|e| e.value.clone()).collect())
    })
}

fn zipmap(c: &Call<'_>) -> Option<Value> {
    let (k, v) = (c.arg(0)?, c.arg(1)?);
    let mut entries = Entries::default();
    for (key, value) in k.items().iter().zip(v.items()) {
        entries.set(Entry { key: key.to_text()?, key_span: key.span, value: value.clone() });
    }
    Some(Value::new(Kind::Map(entries.into_vec()), c.span))
}

fn slice(c: &Call<'_>) -> Option<Value> {
    let (l, from, to) = (c.arg(0)?, c.num(1)?, c.num(2)?);
    let items = l.items();
    let (from, to) = (from.max(0.0) as usize, (to.max(0.0) as usize).min(items.len()));
    (from <= to).then(|| c.list(items[from..to].to_vec()))
}

fn range(c: &Call<'_>) -> Option<Value> {
    let nums: Option<Vec<f64>> = c.args.iter().map(Value::as_f64).collect();
    let (start, limit, step) = match nums.as_deref() {
        Some([limit]) => (0.0, *limit, 1.0),
        Some([start, limit]) => (*start, *limit, if start <= limit { 1.0 } else { -1.0 }),
        Some([start, limit, step]) => (*start, *limit, *step),
        _ => return None,
    };
    if step == 0.0 {
        return None;
    }
    let n = ((limit - start) / step).ceil();
    if !c.allows_elements(if n.is_finite() { n.max(0.0) as usize } else { usize::MAX }) {
        return None;
    }
    let mut items = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < limit) || (step < 0.0 && x > limit) {
        items.push(number(x, c.span, &[]));
        x += step;
    }
    Some(c.list(items))
}

fn one(c: &Call<'_>) -> Option<Value> {
    match c.arg(0)?.items() {
        [] => Some(Value::new(Kind::Null, c.span)),
        [one] => Some(one.clone()),
        _ => Some(c.error("one: the collection has more than one element")),
    }
}

fn reverse(c: &Call<'_>) -> Option<Value> {
    c.arg(0).map(|l| c.list(l.items().iter().rev().cloned().collect()))
}

/// By the elements' text.
fn sort(c: &Call<'_>) -> Option<Value> {
    let l = c.arg(0)?;
    let mut items: Vec<(String, Value)> =
        l.items().iter().map(|v| Some((v.to_text()?, v.clone()))).collect::<Option<_>>()?;
    items.sort_by(|x, y| x.0.cmp(&y.0));
    Some(c.list(items.into_iter().map(|(_, v)| v).collect()))
}

/// Elements that are not numbers are left out.
fn sum(c: &Call<'_>) -> Option<Value> {
    let nums: Vec<f64> = c.arg(0)?.items().iter().filter_map(Value::as_f64).collect();
    (!nums.is_empty()).then(|| c.number(nums.iter().sum()))
}

fn alltrue(c: &Call<'_>) -> Option<Value> {
    let bools = c.arg(0)?.items().iter().map(Value::as_bool).collect::<Option<Vec<_>>>()?;
    Some(c.boolean(bools.iter().all(|x| *x)))
}

fn anytrue(c: &Call<'_>) -> Option<Value> {
    let bools = c.arg(0)?.items().iter().map(Value::as_bool).collect::<Option<Vec<_>>>()?;
    Some(c.boolean(bools.iter().any(|x| *x)))
}

fn setunion(c: &Call<'_>) -> Option<Value> {
    let charge = |n: usize| c.allows_work(n);
    let mut seen = Seen::default();
    let mut out = Vec::new();
    for i in c.args.iter().flat_map(|l| l.items()) {
        if seen.insert(i, &charge)? {
            out.push(i.clone());
        }
    }
    Some(c.list(out))
}

fn setintersection(c: &Call<'_>) -> Option<Value> {
    let first = c.arg(0)?;
    let charge = |n: usize| c.allows_work(n);
    let rest: Vec<Seen<'_>> = c.args[1..].iter().map(|l| Seen::of(l.items(), &charge)).collect::<Option<_>>()?;
    let mut out = Vec::new();
    for i in first.items() {
        let mut everywhere = true;
        for seen in &rest {
            everywhere &= seen.contains(i, &charge)?;
        }
        if everywhere {
            out.push(i.clone());
        }
    }
    Some(c.list(out))
}

fn setsubtract(c: &Call<'_>) -> Option<Value> {
    let (x, y) = (c.arg(0)?, c.arg(1)?);
    let charge = |n: usize| c.allows_work(n);
    let seen = Seen::of(y.items(), &charge)?;
    let mut out = Vec::new();
    for i in x.items() {
        if !seen.contains(i, &charge)? {
            out.push(i.clone());
        }
    }
    Some(c.list(out))
}

fn chunklist(c: &Call<'_>) -> Option<Value> {
    let (l, size) = (c.arg(0)?, c.num(1).filter(|size| *size >= 1.0)?);
    Some(c.list(l.items().chunks(size as usize).map(|chunk| c.list(chunk.to_vec())).collect()))
}
