//! A policy file: YAML read with the project's YAML layer (spans for every error),
//! checked key by key, each condition parsed by CEL once.

use super::{eval, Condition, Policy, Source};
use crate::{Registry, RuleMeta, RuleRef, Severity};
use ringfence_syntax::{FileId, Node, NodeKind, SourceFile, Span};
use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// How deeply a condition may nest (CEL's parser refuses deeper ones).
const MAX_CONDITION_DEPTH: u16 = 32;
/// The longest condition accepted, in bytes.
const MAX_CONDITION_BYTES: usize = 16 * 1024;

/// A malformed policy file, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    pub path: std::path::PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending line, for showing under the message.
    pub excerpt: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)?;
        if !self.excerpt.is_empty() {
            write!(f, "\n  | {}\n  | {}^", self.excerpt, " ".repeat(self.column.saturating_sub(1)))?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}

const KEYS: [&str; 8] = ["code", "name", "severity", "summary", "resources", "at", "deny", "message"];

struct Reader<'f> {
    file: &'f SourceFile,
}

impl Reader<'_> {
    fn error(&self, offset: usize, message: impl Into<String>) -> PolicyError {
        let text = &self.file.text;
        let offset = offset.min(text.len());
        let at = self.file.line_col(offset);
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        PolicyError {
            path: self.file.path.clone(),
            line: at.line,
            column: at.column,
            message: message.into(),
            excerpt: text[line_start..line_end].trim_end_matches('\r').to_string(),
        }
    }

    fn at(&self, span: Span, message: impl Into<String>) -> PolicyError {
        self.error(span.start as usize, message)
    }

    fn string<'n>(&self, node: &'n Node, key: &str) -> Result<&'n str, PolicyError> {
        match &node.kind {
            NodeKind::String(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(self.at(node.span, format!("`{key}` must be a non-empty string"))),
        }
    }
}

/// The policies of a policy file, as rules. `taken` holds the rules already known
/// (the built-in ones, earlier policy files): a code or name used there, or a code in a
/// built-in family, is an error, as is anything malformed; each error is located.
pub fn parse_policies(path: &Path, text: &str, taken: &Registry) -> Result<Vec<RuleRef>, PolicyError> {
    let file = SourceFile::new(FileId(0), path.to_path_buf(), text.to_string());
    let reader = Reader { file: &file };
    let root = ringfence_syntax::parse_yaml(&file).map_err(|d| {
        let offset = d.span.map_or(0, |s| s.start as usize);
        reader.error(offset, format!("not a policy file: {}", d.message))
    })?;
    let source = Arc::new(Source { path: path.to_path_buf(), text: Arc::from(file.text.as_str()) });
    let Some(entries) = root.entries() else {
        return Err(reader.at(root.span, "a policy file is a map with a `policies` list"));
    };
    let mut list = None;
    for (key, value) in entries {
        match key.name.as_str() {
            "policies" => list = Some(value),
            other => return Err(reader.at(key.span, format!("unknown key `{other}` (a policy file has `policies`)"))),
        }
    }
    let Some(list) = list else {
        return Err(reader.at(root.span, "a policy file is a map with a `policies` list"));
    };
    let Some(items) = list.items() else {
        return Err(reader.at(list.span, "`policies` must be a list"));
    };
    let builtin_families: Vec<String> = Registry::builtin().rules().iter().map(|r| r.family().to_string()).collect();
    let mut out: Vec<RuleRef> = Vec::new();
    for item in items {
        let policy = policy(&reader, item, &source, &builtin_families, taken, &out)?;
        out.push(RuleRef::new(policy));
    }
    Ok(out)
}

fn policy(
    reader: &Reader<'_>,
    item: &Node,
    source: &Arc<Source>,
    builtin_families: &[String],
    taken: &Registry,
    earlier: &[RuleRef],
) -> Result<Policy, PolicyError> {
    let Some(entries) = item.entries() else {
        return Err(reader.at(item.span, "a policy is a map (code, name, severity, summary, resources, deny, ...)"));
    };
    for (key, _) in entries {
        if !KEYS.contains(&key.name.as_str()) {
            return Err(reader.at(key.span, format!("unknown key `{}` (a policy has: {})", key.name, KEYS.join(", "))));
        }
    }
    let required = |key: &str| item.get(key).ok_or_else(|| reader.at(item.span, format!("this policy has no `{key}`")));
    let clash = |name: &str| taken.find(name).or_else(|| earlier.iter().find(|r| r.is(name)));

    let code_node = required("code")?;
    let code = reader.string(code_node, "code")?.to_string();
    let letters = code.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = code.len() - letters.len();
    if !(2..=5).contains(&letters.len()) || !letters.chars().all(|c| c.is_ascii_uppercase()) || digits != 3 {
        return Err(
            reader.at(code_node.span, format!("code `{code}` must be 2 to 5 capitals then 3 digits (`ORG001`)"))
        );
    }
    if builtin_families.iter().any(|f| f == letters) || letters == "ALL" {
        return Err(reader.at(
            code_node.span,
            format!("code `{code}` is in the built-in family {letters}: choose letters of your own (`ORG001`)"),
        ));
    }
    if let Some(other) = clash(&code) {
        return Err(
            reader.at(code_node.span, format!("code `{code}` is taken by rule {} `{}`", other.code, other.name))
        );
    }

    let name_node = required("name")?;
    let name = reader.string(name_node, "name")?.to_string();
    let kebab = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !kebab {
        return Err(reader.at(name_node.span, format!("name `{name}` must be lowercase words joined by `-`")));
    }
    if let Some(other) = clash(&name) {
        return Err(
            reader.at(name_node.span, format!("name `{name}` is taken by rule {} `{}`", other.code, other.name))
        );
    }

    let severity_node = required("severity")?;
    let severity = match reader.string(severity_node, "severity")?.to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        "high" => Severity::High,
        "medium" => Severity::Medium,
        "low" => Severity::Low,
        other => {
            return Err(
                reader.at(severity_node.span, format!("severity `{other}` must be one of critical, high, medium, low"))
            )
        }
    };
    let summary = reader.string(required("summary")?, "summary")?.trim().to_string();

    let resources_node = required("resources")?;
    let Some(resource_items) = resources_node.items().filter(|i| !i.is_empty()) else {
        return Err(reader.at(resources_node.span, "`resources` must be a non-empty list of resource types"));
    };
    let mut resources = Vec::new();
    for r in resource_items {
        let t = reader.string(r, "resources")?;
        let terraform = (t.starts_with("aws_") || t.starts_with("awscc_"))
            && t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        let parts: Vec<&str> = t.split("::").collect();
        let cloudformation =
            parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if !terraform && !cloudformation {
            return Err(reader.at(
                r.span,
                format!("`{t}` is not a resource type (`aws_s3_bucket`, `awscc_s3_bucket`, `AWS::S3::Bucket`)"),
            ));
        }
        resources.push(t.to_string());
    }

    let at = match item.get("at") {
        None => Vec::new(),
        Some(node) => {
            let path = reader.string(node, "at")?;
            let steps: Vec<String> = path.split('.').map(|s| s.trim().to_string()).collect();
            if steps.iter().any(|s| s.is_empty()) {
                return Err(reader.at(node.span, format!("`at` must be an attribute path (`a.b.c`), not `{path}`")));
            }
            steps
        }
    };

    let deny_node = required("deny")?;
    let (terraform, cloudformation) = match &deny_node.kind {
        NodeKind::String(_) => {
            let c = condition(reader, deny_node)?;
            (Some(c.clone()), Some(c))
        }
        NodeKind::Map(entries) => {
            let (mut tf, mut cfn) = (None, None);
            for (key, value) in entries {
                match key.name.as_str() {
                    "terraform" => tf = Some(condition(reader, value)?),
                    "cloudformation" => cfn = Some(condition(reader, value)?),
                    other => {
                        return Err(reader.at(
                            key.span,
                            format!("unknown key `{other}` in `deny` (it has `terraform` and `cloudformation`)"),
                        ))
                    }
                }
            }
            if tf.is_none() && cfn.is_none() {
                return Err(reader.at(deny_node.span, "`deny` needs `terraform`, `cloudformation` or both"));
            }
            (tf, cfn)
        }
        _ => {
            return Err(reader.at(
                deny_node.span,
                "`deny` is a CEL condition, or a map of one per language (`terraform`, `cloudformation`)",
            ))
        }
    };
    let message = match item.get("message") {
        Some(node) => reader.string(node, "message")?.trim().to_string(),
        None => summary.clone(),
    };

    let line = reader.file.line_col(item.span.start as usize).line;
    let page = page(&code, &name, severity, &summary, &resources, &at, &message, deny_node, reader, line);
    Ok(Policy {
        meta: RuleMeta { code: Cow::Owned(code), name: Cow::Owned(name), severity, default_enabled: true, fix: false },
        page,
        resources,
        at,
        terraform,
        cloudformation,
        message,
        source: source.clone(),
    })
}

/// A condition, parsed and rewritten once. A CEL syntax error is located at its place
/// in the condition as written in the file, as far as that can be told.
fn condition(reader: &Reader<'_>, node: &Node) -> Result<Condition, PolicyError> {
    let text = reader.string(node, "deny")?;
    if text.len() > MAX_CONDITION_BYTES {
        return Err(reader.at(node.span, format!("a condition is at most {MAX_CONDITION_BYTES} bytes")));
    }
    let parsed = cel::parser::Parser::new().max_recursion_depth(MAX_CONDITION_DEPTH).parse(text);
    let mut expr = match parsed {
        Ok(expr) => expr,
        Err(errors) => {
            let first = errors.errors.first();
            let message = first.map_or_else(|| errors.to_string(), |e| e.msg.clone());
            let (line, column) = first.map_or((1, 0), |e| (e.pos.0.max(1) as usize, e.pos.1.max(0) as usize));
            let offset = written_offset(reader, node, text, line, column);
            return Err(reader.error(offset, format!("CEL syntax error in `deny`: {message}")));
        }
    };
    eval::rewrite(&mut expr);
    Ok(Condition { expr, start: node.span.start as usize, end: node.span.end as usize })
}

/// The file offset of (line, 0-based column) of a condition's text: its characters
/// that are not spaces are found in order in the scalar as written (folding and
/// indentation only move spaces and line breaks); the scalar's start otherwise.
fn written_offset(reader: &Reader<'_>, node: &Node, text: &str, line: usize, column: usize) -> usize {
    let start = node.span.start as usize;
    let written = &reader.file.text[start..(node.span.end as usize).min(reader.file.text.len())];
    let target: usize = text.split('\n').take(line - 1).map(|l| l.len() + 1).sum::<usize>()
        + text.split('\n').nth(line - 1).map_or(0, |l| l.char_indices().nth(column).map_or(l.len(), |(i, _)| i));
    let mut cursor = written.char_indices().peekable();
    // Skip a block scalar's header (`>-`, `|`) and a quote.
    if written.starts_with(['>', '|']) {
        let header_end = written.find('\n').map_or(written.len(), |i| i + 1);
        while cursor.peek().is_some_and(|(i, _)| *i < header_end) {
            cursor.next();
        }
    } else if written.starts_with(['"', '\'']) {
        cursor.next();
    }
    let mut last = start;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let Some(found) = cursor.by_ref().find(|(_, w)| *w == c) else { return start };
        last = start + found.0;
        if i >= target {
            return last;
        }
    }
    last
}

#[allow(clippy::too_many_arguments)]
fn page(
    code: &str,
    name: &str,
    severity: Severity,
    summary: &str,
    resources: &[String],
    at: &[String],
    message: &str,
    deny: &Node,
    reader: &Reader<'_>,
    line: usize,
) -> String {
    let types: Vec<String> = resources.iter().map(|t| format!("`{t}`")).collect();
    let place = if at.is_empty() { "the resource header".to_string() } else { format!("`{}`", at.join(".")) };
    let mut page = format!(
        "# {code}: {name}\n\n{summary}\n\nA custom policy, defined in `{}` (line {line}).\n\n\
         - Severity: {severity}\n- Resources: {}\n- Finding at: {place}\n- Message: {message}\n\n## Condition\n\n",
        ringfence_syntax::display_path(&reader.file.path),
        types.join(", "),
    );
    let block = |label: &str, text: &str| format!("{label}\n\n```cel\n{}\n```\n", text.trim());
    match &deny.kind {
        NodeKind::String(s) => page += &block("Denied when:", s),
        _ => {
            for (key, value) in deny.entries().unwrap_or(&[]) {
                page += &block(&format!("Denied ({}) when:", key.name), value.as_str().unwrap_or(""));
                page.push('\n');
            }
        }
    }
    page
}
