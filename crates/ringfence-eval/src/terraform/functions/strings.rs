//! String functions.

use super::Body::Known;
use super::{string, Call, Table};
use crate::value::format_number;
use crate::{Kind, Value};

pub(super) const FUNCTIONS: Table = &[
    ("endswith", Known(endswith)),
    ("format", Known(format)),
    ("formatlist", Known(formatlist)),
    ("join", Known(join)),
    ("lower", Known(lower)),
    ("replace", Known(replace)),
    ("split", Known(split)),
    ("startswith", Known(startswith)),
    ("strcontains", Known(strcontains)),
    ("substr", Known(substr)),
    ("title", Known(title)),
    ("trim", Known(trim)),
    ("trimprefix", Known(trimprefix)),
    ("trimspace", Known(trimspace)),
    ("trimsuffix", Known(trimsuffix)),
    ("upper", Known(upper)),
];

fn format(c: &Call<'_>) -> Option<Value> {
    c.text(0).and_then(|f| format_values(&f, &c.args[1..])).map(|t| c.string(t))
}

fn formatlist(c: &Call<'_>) -> Option<Value> {
    let spec = c.text(0)?;
    let values = &c.args[1..];
    let len = values.iter().filter_map(|v| match &v.kind {
        Kind::List(i) => Some(i.len()),
        _ => None,
    });
    let len = len.max().unwrap_or(1);
    if !c.allows_elements(len) {
        return None;
    }
    let mut out = Vec::new();
    for i in 0..len {
        let row: Vec<Value> = values
            .iter()
            .map(|v| match &v.kind {
                Kind::List(items) => items.get(i).cloned().unwrap_or_else(|| Value::unknown(c.span)),
                _ => v.clone(),
            })
            .collect();
        out.push(string(format_values(&spec, &row)?, c.span, &row));
    }
    Some(c.list(out))
}

fn join(c: &Call<'_>) -> Option<Value> {
    let sep = c.text(0)?;
    let mut parts = Vec::new();
    let mut bytes = 0;
    for l in &c.args[1..] {
        for item in l.items() {
            let part = item.to_text()?;
            bytes += part.len() + sep.len();
            parts.push(part);
        }
    }
    if !c.allows_text(bytes) {
        return None;
    }
    Some(c.string(parts.join(&sep)))
}

fn split(c: &Call<'_>) -> Option<Value> {
    let (sep, t) = (c.text(0)?, c.text(1)?);
    if sep.is_empty() {
        return None;
    }
    let from = &c.args[1..2];
    Some(c.list(t.split(sep.as_str()).map(|p| string(p, c.span, from)).collect()))
}

fn replace(c: &Call<'_>) -> Option<Value> {
    let (t, from, to) = (c.text(0)?, c.text(1)?, c.text(2)?);
    // `/.../` is a regular expression, which is not implemented.
    if from.starts_with('/') && from.ends_with('/') && from.len() > 1 {
        return None;
    }
    // Each match may grow the text: a short text can become gigabytes.
    let matches = if from.is_empty() { t.chars().count() + 1 } else { t.matches(from.as_str()).count() };
    if !c.allows_text(t.len() + matches.saturating_mul(to.len())) {
        return None;
    }
    Some(c.string(t.replace(&from, &to)))
}

fn trimprefix(c: &Call<'_>) -> Option<Value> {
    let (t, p) = (c.text(0)?, c.text(1)?);
    Some(c.string(t.strip_prefix(p.as_str()).unwrap_or(&t)))
}

fn trimsuffix(c: &Call<'_>) -> Option<Value> {
    let (t, p) = (c.text(0)?, c.text(1)?);
    Some(c.string(t.strip_suffix(p.as_str()).unwrap_or(&t)))
}

fn trimspace(c: &Call<'_>) -> Option<Value> {
    c.text(0).map(|t| c.string(t.trim()))
}

fn trim(c: &Call<'_>) -> Option<Value> {
    let (t, chars) = (c.text(0)?, c.text(1)?);
    Some(c.string(t.trim_matches(|ch| chars.contains(ch))))
}

fn lower(c: &Call<'_>) -> Option<Value> {
    c.text(0).map(|t| c.string(t.to_lowercase()))
}

fn upper(c: &Call<'_>) -> Option<Value> {
    c.text(0).map(|t| c.string(t.to_uppercase()))
}

fn title(c: &Call<'_>) -> Option<Value> {
    let t = c.text(0)?;
    let titled = t
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|f| f.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(c.string(titled))
}

fn substr(c: &Call<'_>) -> Option<Value> {
    let (t, off, len) = (c.text(0)?, c.num(1)?, c.num(2)?);
    let chars: Vec<char> = t.chars().collect();
    let start = if off < 0.0 { chars.len().saturating_sub(-off as usize) } else { (off as usize).min(chars.len()) };
    // `as usize` saturates a huge length; the sum must too.
    let end = if len < 0.0 { chars.len() } else { start.saturating_add(len as usize).min(chars.len()) };
    Some(c.string(chars[start..end].iter().collect::<String>()))
}

fn startswith(c: &Call<'_>) -> Option<Value> {
    let (t, p) = (c.text(0)?, c.text(1)?);
    Some(c.boolean(t.starts_with(&p)))
}

fn endswith(c: &Call<'_>) -> Option<Value> {
    let (t, p) = (c.text(0)?, c.text(1)?);
    Some(c.boolean(t.ends_with(&p)))
}

fn strcontains(c: &Call<'_>) -> Option<Value> {
    let (t, p) = (c.text(0)?, c.text(1)?);
    Some(c.boolean(t.contains(&p)))
}

/// `format` verbs: `%s %d %v %q %t %f %.Nf %%`.
fn format_values(spec: &str, args: &[Value]) -> Option<String> {
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
            // A precision in the thousands is no format a configuration means.
            'f' => out.push_str(&format!("{:.*}", precision.unwrap_or(6).min(100), args.next()?.as_f64()?)),
            'q' => out.push_str(&format!("{:?}", args.next()?.to_text()?)),
            _ => return None,
        }
    }
    Some(out)
}
