//! `--fix` and `--diff`: the rules' safe fixes turned into minimal text edits that keep
//! every other byte (formatting, comments, quoting style) as it is.
//!
//! A fix replaces a literal where it is written, or adds the missing attribute as one
//! line among its siblings (Terraform: after the resource's `{`; CloudFormation YAML:
//! under `Properties:` with the siblings' indentation, or a new `Properties:`; JSON: a
//! member before the first property, or a new `"Properties"` member).

use crate::{Finding, Fix, FixValue};
use ringfence_model::Lang;
use ringfence_syntax::{FileId, SourceFile, SourceMap, Span};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One replacement of bytes `start..end` of a file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
}

/// The fixed texts of the files the findings' fixes touch, and how many findings each
/// file's edits resolve.
pub struct Fixed {
    pub files: Vec<(PathBuf, String, String, usize)>,
    /// Per file of `files`, in the same order: the edits applied, as byte ranges of the
    /// text read (without its byte order mark) and their replacements, in order. What
    /// an editor applies instead of replacing the whole text.
    pub edits: Vec<Vec<(usize, usize, String)>>,
    /// Indexes (into the findings given) of the findings with a fix that could not be
    /// placed: it overlaps another fix, or the text around it has no place for a line.
    pub unapplied: Vec<usize>,
}

/// Computes every file's new text from the findings' fixes. Identical edits (one
/// module file fixed for each of its instances) are applied once; the attributes
/// missing from one resource are added together (one new `Properties` for all of
/// them); an edit that overlaps another is left out (its finding stays).
pub fn fixed_texts(sources: &SourceMap, findings: &[Finding]) -> Fixed {
    // Each edit with the findings it resolves.
    let mut by_file: BTreeMap<FileId, Vec<(Edit, Vec<usize>)>> = BTreeMap::new();
    let mut inserts: BTreeMap<(FileId, Span), Vec<(usize, &Fix)>> = BTreeMap::new();
    let mut unapplied = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let Some(fix) = &f.fix else { continue };
        let file = sources.get(fix.header.file);
        match fix.current {
            Some(span) => by_file.entry(file.id).or_default().push((replace(file, fix, span), vec![i])),
            None => inserts.entry((file.id, fix.header)).or_default().push((i, fix)),
        }
    }
    for ((id, _), mut fixes) in inserts {
        let file = sources.get(id);
        let resolved: Vec<usize> = fixes.iter().map(|(i, _)| *i).collect();
        // One attribute once, however many instances of a module asked for it.
        fixes.sort_by(|a, b| a.1.path.cmp(&b.1.path));
        fixes.dedup_by(|a, b| a.1.path == b.1.path);
        let fixes: Vec<&Fix> = fixes.into_iter().map(|(_, f)| f).collect();
        let edit = match fixes[0].lang {
            Lang::Terraform => insert_terraform(file, &fixes, false),
            Lang::Awscc => insert_terraform(file, &fixes, true),
            Lang::CloudFormation if is_json(file) => insert_json(file, &fixes),
            Lang::CloudFormation => insert_yaml(file, &fixes),
        };
        match edit {
            Some(edit) => by_file.entry(id).or_default().push((edit, resolved)),
            None => unapplied.extend(resolved),
        }
    }
    let mut files = Vec::new();
    let mut applied = Vec::new();
    for (id, mut edits) in by_file {
        let mut made = Vec::new();
        edits.sort();
        let file = sources.get(id);
        let mut text = String::with_capacity(file.text.len() + 64);
        let mut at = 0;
        let mut count = 0;
        let mut previous: Option<Edit> = None;
        for (edit, resolved) in edits {
            if previous.as_ref() == Some(&edit) {
                count += resolved.len(); // the same edit, for another instance
                continue;
            }
            if edit.start < at {
                unapplied.extend(resolved); // overlaps the previous edit
                continue;
            }
            text.push_str(&file.text[at..edit.start]);
            text.push_str(&edit.text);
            at = edit.end;
            count += resolved.len();
            made.push((edit.start, edit.end, edit.text.clone()));
            previous = Some(edit);
        }
        text.push_str(&file.text[at..]);
        if text != file.text {
            // What is written back keeps the byte order mark the file was read with.
            files.push((file.path.clone(), file.with_bom(file.text.clone()), file.with_bom(text), count));
            applied.push(made);
        }
    }
    unapplied.sort_unstable();
    Fixed { files, edits: applied, unapplied }
}

/// A unified diff of the fixes, file by file.
pub fn diff(fixed: &Fixed) -> String {
    let mut out = String::new();
    for (path, old, new, _) in &fixed.files {
        let name = ringfence_syntax::display_path(path);
        out += &similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string();
    }
    out
}

fn is_json(file: &SourceFile) -> bool {
    file.text.trim_start().starts_with('{')
}

/// Replaces the literal written at `span`, keeping its quoting style.
fn replace(file: &SourceFile, fix: &Fix, span: Span) -> Edit {
    let written = literal_extent(file.slice(span));
    let text = match fix.value {
        FixValue::Bool(b) => b.to_string(),
        FixValue::Text(t) => match written.chars().next() {
            Some(q @ ('"' | '\'')) => format!("{q}{t}{q}"),
            _ => t.to_string(),
        },
    };
    Edit { start: span.start as usize, end: span.start as usize + written.len(), text }
}

/// The literal itself at the start of a value's text: a quoted string to its closing
/// quote, a plain scalar up to a comment or the line's end (a YAML scalar's span can
/// reach past it).
fn literal_extent(text: &str) -> &str {
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, q @ ('"' | '\''))) => {
            let mut escaped = false;
            for (i, c) in chars {
                if c == q && !escaped {
                    return &text[..i + 1];
                }
                escaped = c == '\\' && !escaped && q == '"';
            }
            text
        }
        _ => {
            let line = &text[..text.find('\n').unwrap_or(text.len())];
            let line = &line[..line.find(" #").unwrap_or(line.len())];
            line.trim_end()
        }
    }
}

fn literal(value: FixValue, quoted: bool) -> String {
    match value {
        FixValue::Bool(b) => b.to_string(),
        FixValue::Text(t) if quoted => format!("\"{t}\""),
        FixValue::Text(t) => t.to_string(),
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn indentation_at(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let line = &text[start..];
    &line[..line.len() - line.trim_start().len()]
}

/// After the `{` that opens the resource: one line per attribute, indented like the
/// first attribute (or two spaces deeper than the header).
fn insert_terraform(file: &SourceFile, fixes: &[&Fix], objects: bool) -> Option<Edit> {
    let text = &file.text;
    let fix = fixes[0];
    let open = fix.header.end as usize + text[fix.header.end as usize..].find('{')?;
    let header_indent = indentation_at(text, fix.header.start as usize).to_string();
    let indent = match fix.first_attribute {
        Some(span) => indentation_at(text, span.start as usize).to_string(),
        None => format!("{header_indent}  "),
    };
    let attributes = fixes
        .iter()
        .map(|fix| match fix.path.as_slice() {
            [name] => Some(format!("{indent}{name} = {}\n", literal(fix.value, true))),
            // awscc writes nested objects as attribute objects, not blocks.
            [block, name] if objects => {
                Some(format!("{indent}{block} = {{\n{indent}  {name} = {}\n{indent}}}\n", literal(fix.value, true)))
            }
            [block, name] => {
                Some(format!("{indent}{block} {{\n{indent}  {name} = {}\n{indent}}}\n", literal(fix.value, true)))
            }
            _ => None,
        })
        .collect::<Option<String>>()?;
    let after = &text[open + 1..];
    let rest_of_line = &after[..after.find('\n').unwrap_or(after.len())];
    if rest_of_line.trim_start().starts_with('}') {
        // `resource "t" "n" {}`: open the block.
        let close = open + 1 + after.find('}')?;
        return Some(Edit { start: open, end: close + 1, text: format!("{{\n{attributes}{header_indent}}}") });
    }
    let at = open + 1 + rest_of_line.len() + 1;
    (at <= text.len()).then_some(Edit { start: at, end: at, text: attributes })
}

/// Under `Properties:` before the first property, with its indentation (in a flow
/// mapping, `Key: value, ` before the first); without properties, a new `Properties:`
/// first in the resource body.
fn insert_yaml(file: &SourceFile, fixes: &[&Fix]) -> Option<Edit> {
    let text = &file.text;
    let fix = fixes[0];
    let entries = |indent: &str| {
        fixes
            .iter()
            .map(|fix| match fix.path.as_slice() {
                [name] => Some(format!("{indent}{name}: {}\n", literal(fix.value, false))),
                [block, name] => Some(format!("{indent}{block}:\n{indent}  {name}: {}\n", literal(fix.value, false))),
                _ => None,
            })
            .collect::<Option<String>>()
    };
    if let Some(first) = fix.first_attribute {
        let start = line_start(text, first.start as usize);
        if !text[start..first.start as usize].trim().is_empty() {
            // A flow mapping: `{Key: value, ...}`.
            let members = fixes
                .iter()
                .map(|fix| match fix.path.as_slice() {
                    [name] => Some(format!("{name}: {}, ", literal(fix.value, false))),
                    [block, name] => Some(format!("{block}: {{{name}: {}}}, ", literal(fix.value, false))),
                    _ => None,
                })
                .collect::<Option<String>>()?;
            let before = text[..first.start as usize].trim_end();
            return (before.ends_with('{') || before.ends_with(',')).then_some(Edit {
                start: first.start as usize,
                end: first.start as usize,
                text: members,
            });
        }
        return entries(indentation_at(text, first.start as usize)).map(|t| Edit { start, end: start, text: t });
    }
    if text[fix.header.end as usize..].starts_with(':') && fix.attrs == fix.header {
        // No properties at all: the body's first line shows the indentation.
        let body = fix.header.end as usize + text[fix.header.end as usize..].find('\n')? + 1;
        let indent = indentation_at(text, body).to_string();
        if indent.len() <= indentation_at(text, fix.header.start as usize).len() {
            return None;
        }
        let properties = entries(&format!("{indent}  "))?;
        return Some(Edit { start: body, end: body, text: format!("{indent}Properties:\n{properties}") });
    }
    None
}

/// A member before the first property (`"Key": value,`), or a new `"Properties"` member
/// first in the resource object.
fn insert_json(file: &SourceFile, fixes: &[&Fix]) -> Option<Edit> {
    let text = &file.text;
    let fix = fixes[0];
    let members = fixes
        .iter()
        .map(|fix| match fix.path.as_slice() {
            [name] => Some(format!("\"{name}\": {}", literal(fix.value, true))),
            [block, name] => Some(format!("\"{block}\": {{ \"{name}\": {} }}", literal(fix.value, true))),
            _ => None,
        })
        .collect::<Option<Vec<String>>>()?;
    if let Some(first) = fix.first_attribute {
        let start = first.start as usize;
        let line = line_start(text, start);
        if text[line..start].trim().is_empty() {
            let indent = indentation_at(text, start);
            let lines: String = members.iter().map(|m| format!("{indent}{m},\n")).collect();
            return Some(Edit { start: line, end: line, text: lines });
        }
        let inline: String = members.iter().map(|m| format!("{m}, ")).collect();
        return Some(Edit { start, end: start, text: inline });
    }
    if fix.attrs != fix.header {
        return None;
    }
    let open = fix.header.end as usize + text[fix.header.end as usize..].find('{')?;
    let after = &text[open + 1..];
    let next = after.find(|c: char| !c.is_whitespace())?;
    let at = open + 1 + next;
    let indent = indentation_at(text, at);
    let separator = if after[..next].contains('\n') { format!(",\n{indent}") } else { ", ".to_string() };
    Some(Edit { start: at, end: at, text: format!("\"Properties\": {{ {} }}{separator}", members.join(", ")) })
}
