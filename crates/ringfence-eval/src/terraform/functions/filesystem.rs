//! Filesystem functions.

use super::Body::Known;
use super::{Call, Table};
use crate::{Kind, Value};
use ringfence_syntax::confine::{read_regular, ReadError};
use ringfence_syntax::limits::MAX_FUNCTION_FILE_BYTES;
use ringfence_syntax::{normalize, Span};
use std::path::{Path, PathBuf};

pub(super) const FUNCTIONS: Table = &[
    ("abspath", Known(abspath)),
    ("basename", Known(basename)),
    ("dirname", Known(dirname)),
    ("file", Known(file)),
    ("fileexists", Known(fileexists)),
    ("pathexpand", Known(pathexpand)),
    ("templatefile", Known(templatefile)),
];

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

/// Whether a file exists tells about the machine too: only asked inside the root.
fn fileexists(c: &Call<'_>) -> Option<Value> {
    let path = confined(c, "fileexists", &c.text(0)?)?;
    Some(c.boolean(path.is_file()))
}

fn file(c: &Call<'_>) -> Option<Value> {
    read_file(c, "file", &c.text(0)?)
}

/// Where `path` really is, when inside the root; else a located error at the call
/// (never a silent unknown: a rule would be switched off without a word).
fn confined(c: &Call<'_>, function: &str, path: &str) -> Option<PathBuf> {
    match c.cx.root().resolve(&normalize(Path::new(path))) {
        Ok(real) => Some(real),
        Err(refused) => {
            c.cx.error(argument_span(c), format!("`{function}()` not read: {refused}"));
            None
        }
    }
}

/// The path argument's place, else the call's.
fn argument_span(c: &Call<'_>) -> Span {
    c.arg(0).map_or(c.span, |a| a.span)
}

/// Renders a template file; a policy in it is decoded later like any policy string,
/// each element located where its text stands in the template.
fn templatefile(c: &Call<'_>) -> Option<Value> {
    let (path, vars) = (c.text(0)?, c.arg(1)?);
    let raw = read_file(c, "templatefile", &path)?;
    let template = hcl_edit::parser::parse_template(&c.cx.sources().get(raw.span.file).text).ok()?;
    let vars = vars.entries().iter().map(|e| (e.key.clone(), e.value.clone())).collect();
    let mut v = c.cx.render_template(raw.span.file, &template, vars, raw.span);
    if v.rendered.is_none() && matches!(v.kind, Kind::String(_)) {
        // No interpolation: the text is the file.
        v.span = raw.span;
    }
    Some(v)
}

/// Reads a file the configuration names, inside the root only; it joins the scan so
/// findings in it (a policy in `policy.json`) are located there. A file that is not
/// there (or not text) is unknown, as before; one that is not a regular file or is too
/// large is an error at the call.
fn read_file(c: &Call<'_>, function: &str, path: &str) -> Option<Value> {
    let real = confined(c, function, path)?;
    let path = normalize(Path::new(path));
    let sources = c.cx.sources();
    let mut failed = None;
    let id =
        sources.get_or_read(&path, || read_regular(&real, MAX_FUNCTION_FILE_BYTES).map_err(|e| failed = Some(e)).ok());
    if let Some(e @ (ReadError::NotRegular { .. } | ReadError::TooLarge { .. } | ReadError::Refused(_))) = failed {
        c.cx.error(argument_span(c), format!("`{function}()`: {e}"));
    }
    let file = sources.get(id?);
    Some(Value::new(Kind::String(file.text.clone()), file.span(0, file.text.len())))
}
