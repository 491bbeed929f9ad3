//! Filesystem functions.

use super::Body::Known;
use super::{Call, FunctionContext, Table};
use crate::{Kind, Value};
use ringfence_syntax::normalize;
use std::path::Path;

pub(super) const FUNCTIONS: Table = &[
    ("abspath", Known(abspath)),
    ("basename", Known(basename)),
    ("dirname", Known(dirname)),
    ("file", Known(file)),
    ("fileexists", Known(fileexists)),
    ("pathexpand", Known(pathexpand)),
    ("templatefile", Known(templatefile)),
];

/// Largest file `file()`/`templatefile()` read.
const MAX_FILE_BYTES: u64 = 10 << 20;

fn basename(c: &Call<'_>) -> Option<Value> {
    c.text(0).map(|p| c.string(p.trim_end_matches('/').rsplit('/').next().unwrap_or("")))
}

fn dirname(c: &Call<'_>) -> Option<Value> {
    let p = c.text(0)?;
    let trimmed = p.trim_end_matches('/');
    Some(c.string(trimmed.rsplit_once('/').map_or(".", |(d, _)| if d.is_empty() { "/" } else { d })))
}

fn abspath(c: &Call<'_>) -> Option<Value> {
    c.text(0).map(|p| c.string(normalize(Path::new(&p)).to_string_lossy()))
}

/// A home directory (`~`) is not known offline.
fn pathexpand(c: &Call<'_>) -> Option<Value> {
    c.text(0).filter(|p| !p.starts_with('~')).map(|p| c.string(p))
}

fn fileexists(c: &Call<'_>) -> Option<Value> {
    c.text(0).map(|p| c.boolean(Path::new(&p).is_file()))
}

fn file(c: &Call<'_>) -> Option<Value> {
    read_file(c.cx, &c.text(0)?)
}

/// Renders a template file; a policy in it is decoded later like any policy string,
/// each element located where its text stands in the template.
fn templatefile(c: &Call<'_>) -> Option<Value> {
    let (path, vars) = (c.text(0)?, c.arg(1)?);
    let raw = read_file(c.cx, &path)?;
    let template = hcl_edit::parser::parse_template(&c.cx.sources().get(raw.span.file).text).ok()?;
    let vars = vars.entries().iter().map(|e| (e.key.clone(), e.value.clone())).collect();
    let mut v = c.cx.render_template(raw.span.file, &template, vars, raw.span);
    if v.rendered.is_none() && matches!(v.kind, Kind::String(_)) {
        // No interpolation: the text is the file.
        v.span = raw.span;
    }
    Some(v)
}

/// Reads a file the configuration names; it joins the scan so findings in it (a
/// policy in `policy.json`) are located there.
fn read_file(cx: &dyn FunctionContext, path: &str) -> Option<Value> {
    let path = normalize(Path::new(path));
    let sources = cx.sources();
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
