//! Terraform's built-in functions, for the values configurations use them on.
//!
//! Written by hand: no crate implements Terraform's function library. A function that
//! is not here, needs the network or the clock, or gets an unknown argument, yields
//! unknown, never an error.

use super::expr::{merged_origins, unknown_from, Ctx, Scope};
use super::instance::normalize;
use crate::value::format_number;
use crate::{Entry, Kind, Value};
use ringfence_syntax::Span;
use std::net::IpAddr;
use std::path::Path;

/// Most elements a function may build (`range(1e12)` must not exhaust memory).
const MAX_ELEMENTS: usize = 100_000;
/// Largest file `file()`/`templatefile()` read.
const MAX_FILE_BYTES: u64 = 10 << 20;

fn new(kind: Kind, span: Span, from: &[Value]) -> Value {
    let mut v = Value::new(kind, span);
    v.origins = merged_origins(&from.iter().collect::<Vec<_>>());
    v
}

fn string(s: impl Into<String>, span: Span, from: &[Value]) -> Value {
    new(Kind::String(s.into()), span, from)
}

fn number(n: f64, span: Span, from: &[Value]) -> Value {
    new(Kind::Number(n), span, from)
}

fn boolean(b: bool, span: Span, from: &[Value]) -> Value {
    new(Kind::Bool(b), span, from)
}

fn list(items: Vec<Value>, span: Span) -> Value {
    Value::new(Kind::List(items), span)
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

fn text(v: &Value) -> Option<String> {
    v.to_text()
}

pub(crate) fn call(ctx: &Ctx<'_, '_>, name: &str, args: Vec<Value>, span: Span) -> Value {
    let unknown = || unknown_from(span, &args.iter().collect::<Vec<_>>());
    // Functions that cope with unknown arguments themselves.
    match name {
        "try" => return args.iter().find(|a| known(a)).cloned().unwrap_or_else(unknown),
        "can" => return if args.iter().all(known) { boolean(true, span, &[]) } else { unknown() },
        "coalesce" => {
            for a in &args {
                match &a.kind {
                    Kind::Unknown(_) => return unknown(),
                    Kind::Null => continue,
                    Kind::String(s) if s.is_empty() => continue,
                    _ => return a.clone(),
                }
            }
            return unknown();
        }
        "length" => {
            return match args.first().map(|a| &a.kind) {
                Some(Kind::List(items)) => number(items.len() as f64, span, &args),
                Some(Kind::Map(entries)) => number(entries.len() as f64, span, &args),
                Some(Kind::String(s)) => number(s.chars().count() as f64, span, &args),
                _ => unknown(),
            };
        }
        "jsonencode" | "yamlencode" => {
            // The structure itself: a policy keeps the spans of its HCL.
            return args.into_iter().next().unwrap_or_else(|| Value::unknown(span));
        }
        _ => {}
    }
    if !args.iter().all(|a| !a.is_unknown()) {
        return unknown();
    }
    let a = |i: usize| args.get(i);
    let s = |i: usize| a(i).and_then(text);
    let n = |i: usize| a(i).and_then(Value::as_f64);
    let result: Option<Value> = match name {
        "jsondecode" => a(0).and_then(|v| jsondecode(ctx, v)),
        "merge" => {
            let mut entries: Vec<Entry> = Vec::new();
            for arg in &args {
                match &arg.kind {
                    Kind::Map(e) => {
                        for entry in e {
                            entries.retain(|x| x.key != entry.key);
                            entries.push(entry.clone());
                        }
                    }
                    Kind::Null => {}
                    _ => return unknown(),
                }
            }
            Some(Value::new(Kind::Map(entries), span))
        }
        "concat" => {
            let mut items = Vec::new();
            for arg in &args {
                match &arg.kind {
                    Kind::List(i) => items.extend(i.iter().cloned()),
                    _ => return unknown(),
                }
            }
            Some(list(items, span))
        }
        "flatten" => a(0).map(|v| list(flatten(v), span)),
        "distinct" | "toset" => a(0).map(|v| {
            let mut out: Vec<Value> = Vec::new();
            for item in v.items() {
                if !out.iter().any(|x| x.same(item)) {
                    out.push(item.clone());
                }
            }
            list(out, span)
        }),
        "compact" => a(0).map(|v| {
            list(v.items().iter().filter(|i| !i.is_null() && i.as_str() != Some("")).cloned().collect(), span)
        }),
        "coalescelist" => args.iter().find(|l| !l.items().is_empty()).cloned(),
        "lookup" => match (a(0), s(1)) {
            (Some(m), Some(k)) => m.get(&k).cloned().or_else(|| a(2).cloned()),
            _ => None,
        },
        "element" => match (a(0), n(1)) {
            (Some(l), Some(i)) if !l.items().is_empty() => {
                let len = l.items().len() as i64;
                l.items().get(((i as i64 % len + len) % len) as usize).cloned()
            }
            _ => None,
        },
        "index" => match (a(0), a(1)) {
            (Some(l), Some(v)) => l.items().iter().position(|x| x.same(v)).map(|i| number(i as f64, span, &args)),
            _ => None,
        },
        "contains" => match (a(0), a(1)) {
            (Some(l), Some(v)) => Some(boolean(l.items().iter().any(|x| x.same(v)), span, &args)),
            _ => None,
        },
        "keys" => a(0).map(|m| {
            let mut keys: Vec<&Entry> = m.entries().iter().collect();
            keys.sort_by(|x, y| x.key.cmp(&y.key));
            list(keys.into_iter().map(|e| Value::new(Kind::String(e.key.clone()), e.key_span)).collect(), span)
        }),
        "values" => a(0).map(|m| {
            let mut entries: Vec<&Entry> = m.entries().iter().collect();
            entries.sort_by(|x, y| x.key.cmp(&y.key));
            list(entries.into_iter().map(|e| e.value.clone()).collect(), span)
        }),
        "zipmap" => match (a(0), a(1)) {
            (Some(k), Some(v)) => {
                let mut entries = Vec::new();
                for (key, value) in k.items().iter().zip(v.items()) {
                    let Some(name) = text(key) else { return unknown() };
                    entries.retain(|e: &Entry| e.key != name);
                    entries.push(Entry { key: name, key_span: key.span, value: value.clone() });
                }
                Some(Value::new(Kind::Map(entries), span))
            }
            _ => None,
        },
        "slice" => match (a(0), n(1), n(2)) {
            (Some(l), Some(from), Some(to)) => {
                let items = l.items();
                let (from, to) = (from.max(0.0) as usize, (to.max(0.0) as usize).min(items.len()));
                (from <= to).then(|| list(items[from..to].to_vec(), span))
            }
            _ => None,
        },
        "range" => {
            let nums: Option<Vec<f64>> = args.iter().map(Value::as_f64).collect();
            let (start, limit, step) = match nums.as_deref() {
                Some([limit]) => (0.0, *limit, 1.0),
                Some([start, limit]) => (*start, *limit, if start <= limit { 1.0 } else { -1.0 }),
                Some([start, limit, step]) => (*start, *limit, *step),
                _ => return unknown(),
            };
            if step == 0.0 {
                return unknown();
            }
            let mut items = Vec::new();
            let mut x = start;
            while (step > 0.0 && x < limit) || (step < 0.0 && x > limit) {
                if items.len() >= MAX_ELEMENTS {
                    return unknown();
                }
                items.push(number(x, span, &[]));
                x += step;
            }
            Some(list(items, span))
        }
        "format" => s(0).and_then(|f| format(&f, &args[1..])).map(|t| string(t, span, &args)),
        "formatlist" => {
            let Some(f) = s(0) else { return unknown() };
            let len = args[1..].iter().filter_map(|v| match &v.kind {
                Kind::List(i) => Some(i.len()),
                _ => None,
            });
            let len = len.max().unwrap_or(1);
            let mut out = Vec::new();
            for i in 0..len.min(MAX_ELEMENTS) {
                let row: Vec<Value> = args[1..]
                    .iter()
                    .map(|v| match &v.kind {
                        Kind::List(items) => items.get(i).cloned().unwrap_or_else(|| Value::unknown(span)),
                        _ => v.clone(),
                    })
                    .collect();
                match format(&f, &row) {
                    Some(t) => out.push(string(t, span, &row)),
                    None => return unknown(),
                }
            }
            Some(list(out, span))
        }
        "join" => {
            let Some(sep) = s(0) else { return unknown() };
            let mut parts = Vec::new();
            for l in &args[1..] {
                for item in l.items() {
                    match text(item) {
                        Some(t) => parts.push(t),
                        None => return unknown(),
                    }
                }
            }
            Some(string(parts.join(&sep), span, &args))
        }
        "split" => match (s(0), s(1)) {
            (Some(sep), Some(t)) if !sep.is_empty() => {
                let from = &args[1..2];
                Some(list(t.split(sep.as_str()).map(|p| string(p, span, from)).collect(), span))
            }
            _ => None,
        },
        "replace" => match (s(0), s(1), s(2)) {
            (Some(t), Some(from), Some(to)) if !(from.starts_with('/') && from.ends_with('/') && from.len() > 1) => {
                Some(string(t.replace(&from, &to), span, &args))
            }
            _ => None,
        },
        "trimprefix" => match (s(0), s(1)) {
            (Some(t), Some(p)) => Some(string(t.strip_prefix(p.as_str()).unwrap_or(&t), span, &args)),
            _ => None,
        },
        "trimsuffix" => match (s(0), s(1)) {
            (Some(t), Some(p)) => Some(string(t.strip_suffix(p.as_str()).unwrap_or(&t), span, &args)),
            _ => None,
        },
        "trimspace" => s(0).map(|t| string(t.trim(), span, &args)),
        "trim" => match (s(0), s(1)) {
            (Some(t), Some(chars)) => Some(string(t.trim_matches(|c| chars.contains(c)), span, &args)),
            _ => None,
        },
        "lower" => s(0).map(|t| string(t.to_lowercase(), span, &args)),
        "upper" => s(0).map(|t| string(t.to_uppercase(), span, &args)),
        "title" => s(0).map(|t| {
            let titled = t
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
                })
                .collect::<Vec<_>>()
                .join(" ");
            string(titled, span, &args)
        }),
        "substr" => match (s(0), n(1), n(2)) {
            (Some(t), Some(off), Some(len)) => {
                let chars: Vec<char> = t.chars().collect();
                let start =
                    if off < 0.0 { chars.len().saturating_sub(-off as usize) } else { (off as usize).min(chars.len()) };
                let end = if len < 0.0 { chars.len() } else { (start + len as usize).min(chars.len()) };
                Some(string(chars[start..end].iter().collect::<String>(), span, &args))
            }
            _ => None,
        },
        "startswith" => match (s(0), s(1)) {
            (Some(t), Some(p)) => Some(boolean(t.starts_with(&p), span, &args)),
            _ => None,
        },
        "endswith" => match (s(0), s(1)) {
            (Some(t), Some(p)) => Some(boolean(t.ends_with(&p), span, &args)),
            _ => None,
        },
        "strcontains" => match (s(0), s(1)) {
            (Some(t), Some(p)) => Some(boolean(t.contains(&p), span, &args)),
            _ => None,
        },
        "tostring" => {
            a(0).and_then(|v| if v.is_null() { Some(v.clone()) } else { text(v).map(|t| string(t, span, &args)) })
        }
        "tonumber" => {
            a(0).and_then(|v| if v.is_null() { Some(v.clone()) } else { v.as_f64().map(|x| number(x, span, &args)) })
        }
        "tobool" => {
            a(0).and_then(|v| if v.is_null() { Some(v.clone()) } else { v.as_bool().map(|b| boolean(b, span, &args)) })
        }
        "tolist" | "tomap" | "sensitive" | "nonsensitive" => a(0).cloned(),
        "one" => a(0).and_then(|l| match l.items() {
            [] => Some(Value::new(Kind::Null, span)),
            [one] => Some(one.clone()),
            _ => None,
        }),
        "reverse" => a(0).map(|l| list(l.items().iter().rev().cloned().collect(), span)),
        "sort" => a(0).and_then(|l| {
            let mut items: Vec<(String, Value)> =
                l.items().iter().map(|v| Some((text(v)?, v.clone()))).collect::<Option<_>>()?;
            items.sort_by(|x, y| x.0.cmp(&y.0));
            Some(list(items.into_iter().map(|(_, v)| v).collect(), span))
        }),
        "max" | "min" | "sum" => {
            let nums: Option<Vec<f64>> = if name == "sum" {
                a(0).map(|l| l.items().iter().filter_map(Value::as_f64).collect())
            } else {
                args.iter().map(Value::as_f64).collect()
            };
            nums.filter(|v| !v.is_empty()).map(|v| {
                let x = match name {
                    "max" => v.iter().cloned().fold(f64::MIN, f64::max),
                    "min" => v.iter().cloned().fold(f64::MAX, f64::min),
                    _ => v.iter().sum(),
                };
                number(x, span, &args)
            })
        }
        "abs" => n(0).map(|x| number(x.abs(), span, &args)),
        "ceil" => n(0).map(|x| number(x.ceil(), span, &args)),
        "floor" => n(0).map(|x| number(x.floor(), span, &args)),
        "alltrue" => a(0)
            .and_then(|l| l.items().iter().map(Value::as_bool).collect::<Option<Vec<_>>>())
            .map(|b| boolean(b.iter().all(|x| *x), span, &args)),
        "anytrue" => a(0)
            .and_then(|l| l.items().iter().map(Value::as_bool).collect::<Option<Vec<_>>>())
            .map(|b| boolean(b.iter().any(|x| *x), span, &args)),
        "setunion" => {
            let mut out: Vec<Value> = Vec::new();
            for l in &args {
                for i in l.items() {
                    if !out.iter().any(|x| x.same(i)) {
                        out.push(i.clone());
                    }
                }
            }
            Some(list(out, span))
        }
        "setintersection" => a(0).map(|first| {
            list(
                first
                    .items()
                    .iter()
                    .filter(|i| args[1..].iter().all(|l| l.items().iter().any(|x| x.same(i))))
                    .cloned()
                    .collect(),
                span,
            )
        }),
        "setsubtract" => match (a(0), a(1)) {
            (Some(x), Some(y)) => {
                Some(list(x.items().iter().filter(|i| !y.items().iter().any(|z| z.same(i))).cloned().collect(), span))
            }
            _ => None,
        },
        "chunklist" => match (a(0), n(1)) {
            (Some(l), Some(size)) if size >= 1.0 => {
                Some(list(l.items().chunks(size as usize).map(|c| list(c.to_vec(), span)).collect(), span))
            }
            _ => None,
        },
        "cidrsubnet" => match (s(0), n(1), n(2)) {
            (Some(prefix), Some(bits), Some(num)) => {
                cidrsubnet(&prefix, bits as u32, num as u128).map(|c| string(c, span, &args))
            }
            _ => None,
        },
        "cidrhost" => match (s(0), n(1)) {
            (Some(prefix), Some(host)) => cidrhost(&prefix, host as i128).map(|c| string(c, span, &args)),
            _ => None,
        },
        "basename" => s(0).map(|p| string(p.trim_end_matches('/').rsplit('/').next().unwrap_or(""), span, &args)),
        "dirname" => s(0).map(|p| {
            let trimmed = p.trim_end_matches('/');
            string(trimmed.rsplit_once('/').map_or(".", |(d, _)| if d.is_empty() { "/" } else { d }), span, &args)
        }),
        "abspath" => s(0).map(|p| string(normalize(Path::new(&p)).to_string_lossy(), span, &args)),
        "pathexpand" => s(0).filter(|p| !p.starts_with('~')).map(|p| string(p, span, &args)),
        "fileexists" => s(0).map(|p| boolean(Path::new(&p).is_file(), span, &args)),
        "file" => s(0).and_then(|p| read_file(ctx, &p)),
        "templatefile" => match (s(0), a(1)) {
            (Some(p), Some(vars)) => templatefile(ctx, &p, vars),
            _ => None,
        },
        _ => None,
    };
    result.unwrap_or_else(unknown)
}

fn flatten(v: &Value) -> Vec<Value> {
    v.items().iter().flat_map(|i| if matches!(i.kind, Kind::List(_)) { flatten(i) } else { vec![i.clone()] }).collect()
}

/// `format` verbs: `%s %d %v %q %t %f %.Nf %%`.
fn format(spec: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut digits = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
            precision = digits.parse::<usize>().ok();
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' | 'v' | 't' => out.push_str(&args.next()?.to_text()?),
            'd' => out.push_str(&format_number(args.next()?.as_f64()?.trunc())),
            'f' => out.push_str(&format!("{:.*}", precision.unwrap_or(6), args.next()?.as_f64()?)),
            'q' => out.push_str(&format!("{:?}", args.next()?.to_text()?)),
            _ => return None,
        }
    }
    Some(out)
}

fn parse_cidr(prefix: &str) -> Option<(IpAddr, u32)> {
    let (addr, len) = prefix.split_once('/')?;
    Some((addr.parse().ok()?, len.parse().ok()?))
}

fn to_bits(addr: IpAddr) -> (u128, u32) {
    match addr {
        IpAddr::V4(a) => (u32::from(a) as u128, 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    }
}

fn from_bits(bits: u128, width: u32) -> String {
    if width == 32 {
        std::net::Ipv4Addr::from(bits as u32).to_string()
    } else {
        std::net::Ipv6Addr::from(bits).to_string()
    }
}

fn cidrsubnet(prefix: &str, newbits: u32, netnum: u128) -> Option<String> {
    let (addr, len) = parse_cidr(prefix)?;
    let (bits, width) = to_bits(addr);
    let new_len = len.checked_add(newbits).filter(|l| *l <= width)?;
    if newbits < 128 && netnum >> newbits != 0 {
        return None;
    }
    let mask =
        if len == 0 { 0 } else { (!0u128) << (width - len) & if width == 32 { u32::MAX as u128 } else { u128::MAX } };
    let network = bits & mask;
    let shift = width - new_len;
    let subnet = network | netnum.checked_shl(shift).unwrap_or(0);
    Some(format!("{}/{new_len}", from_bits(subnet, width)))
}

fn cidrhost(prefix: &str, hostnum: i128) -> Option<String> {
    let (addr, len) = parse_cidr(prefix)?;
    let (bits, width) = to_bits(addr);
    let host_bits = width.checked_sub(len)?;
    let size: u128 = 1u128.checked_shl(host_bits).unwrap_or(0);
    let network = if host_bits >= 128 { 0 } else { bits >> host_bits << host_bits };
    let offset = if hostnum < 0 { size.checked_sub(hostnum.unsigned_abs())? } else { hostnum as u128 };
    if size != 0 && offset >= size {
        return None;
    }
    Some(from_bits(network + offset, width))
}

fn jsondecode(ctx: &Ctx<'_, '_>, v: &Value) -> Option<Value> {
    if matches!(v.kind, Kind::Map(_) | Kind::List(_)) {
        return Some(v.clone());
    }
    let mut decoded = crate::decode_json_string(v, ctx.inst.sources())?.ok()?;
    decoded.origins = v.origins.clone();
    Some(decoded)
}

/// Reads a file the configuration names; it joins the scan so findings in it (a
/// policy in `policy.json`) are located there.
fn read_file(ctx: &Ctx<'_, '_>, path: &str) -> Option<Value> {
    let path = normalize(Path::new(path));
    let sources = ctx.inst.sources();
    let id = sources.get_or_read(&path, || {
        let meta = std::fs::metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return None;
        }
        std::fs::read_to_string(&path).ok()
    })?;
    let file = sources.get(id);
    Some(Value::new(Kind::String(file.text.clone()), file.span(0, file.text.len())))
}

/// Renders a template file; a policy in it is decoded later like any policy string,
/// each element located where its text stands in the template.
fn templatefile(ctx: &Ctx<'_, '_>, path: &str, vars: &Value) -> Option<Value> {
    let raw = read_file(ctx, path)?;
    let file = ctx.inst.sources().get(raw.span.file);
    let template = hcl_edit::parser::parse_template(&file.text).ok()?;
    let scope = Scope { vars: vars.entries().iter().map(|e| (e.key.clone(), e.value.clone())).collect(), parent: None };
    let inner = Ctx { inst: ctx.inst, file, base: 0, scope: Some(&scope) };
    let mut v = inner.template(&template, raw.span);
    if v.rendered.is_none() && matches!(v.kind, Kind::String(_)) {
        // No interpolation: the text is the file.
        v.span = raw.span;
    }
    Some(v)
}
