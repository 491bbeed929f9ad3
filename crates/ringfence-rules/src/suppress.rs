//! Suppressions: comments (`# ringfence:ignore[NET001] reason until=2026-12-31`) and
//! CloudFormation resource metadata (`Metadata: {ringfence: {ignore: [...]}}`) that
//! accept findings, and the RF findings about suppressions themselves (RF001 no
//! reason, RF002 suppresses nothing, RF003 expired, RF004 malformed): the RF rules'
//! behaviour lives here, their files only declare them.
//!
//! A comment applies to the line it ends (trailing) or, alone on its line, to the
//! next line of code; when that line opens a resource, to every finding of the
//! resource (in module instances too, and wherever the finding is located).

use crate::rules::{ExpiredSuppression, InvalidSuppression, SuppressionWithoutReason, UnusedSuppression};
use crate::{Declared, Finding, Registry, RuleRef, Suppression, SuppressionKind};
use jiff::civil::Date;
use ringfence_model::{Kind, Model, Value};
use ringfence_syntax::{FileId, SourceFile, SourceMap, Span};
use std::collections::{HashMap, HashSet};

/// What a suppression comment starts with.
pub const MARKER: &str = "ringfence:ignore";

/// One suppression as written.
struct Directive {
    kind: SuppressionKind,
    span: Span,
    targets: Vec<Target>,
    reason: String,
    /// As written, and parsed (`None` when it is not a date).
    until: Option<(String, Option<Date>)>,
    /// The resources it covers (a comment on or above a resource header, or the
    /// metadata's own resource).
    resources: Vec<String>,
    /// A comment's line (0-based): findings starting there.
    line: Option<(FileId, usize)>,
}

/// A rule a suppression names.
struct Target {
    written: String,
    span: Span,
    /// The codes the name stands for (one for a code or name, several for a family).
    codes: Vec<String>,
    used: bool,
}

impl Directive {
    fn expired(&self, today: Date) -> bool {
        matches!(self.until, Some((_, Some(until))) if until < today)
    }

    /// A date that does not parse makes the whole suppression void: failing closed
    /// keeps a typo from silencing a finding for ever.
    fn void(&self) -> bool {
        matches!(self.until, Some((_, None)))
    }

    fn covers(&self, code: &str) -> bool {
        self.targets.iter().any(|t| t.codes.iter().any(|c| c == code))
    }

    fn codes_written(&self) -> String {
        self.targets.iter().map(|t| format!("`{}`", t.written)).collect::<Vec<_>>().join(", ")
    }
}

/// Marks the findings that suppressions accept, and adds the RF findings about the
/// suppressions themselves (those of the RF rules that run). Names in suppressions
/// are looked up in `registry`.
pub fn apply_suppressions(
    model: &Model,
    sources: &SourceMap,
    findings: &mut Vec<Finding>,
    registry: &Registry,
    running: &[RuleRef],
    today: Date,
) {
    let mut problems: Vec<(Span, String, String)> = Vec::new();
    let mut directives = comment_directives(sources, registry, &mut problems);
    metadata_directives(model, registry, &mut directives, &mut problems);
    if directives.is_empty() && problems.is_empty() {
        return;
    }
    attach_resources(model, sources, &mut directives);

    let mut by_line: HashMap<(FileId, usize), Vec<usize>> = HashMap::new();
    let mut by_resource: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in directives.iter().enumerate() {
        if let Some(line) = d.line {
            by_line.entry(line).or_default().push(i);
        }
        for address in &d.resources {
            by_resource.entry(address.as_str()).or_default().push(i);
        }
    }
    let mut uses: Vec<(usize, RuleRef)> = Vec::new();
    for finding in findings.iter_mut() {
        let file = sources.get(finding.primary.file);
        let line = file.lines.line_of(finding.primary.start as usize);
        let mut candidates: Vec<usize> = by_line.get(&(finding.primary.file, line)).cloned().unwrap_or_default();
        candidates.extend(by_resource.get(finding.resource.as_str()).into_iter().flatten().copied());
        candidates.sort_unstable();
        candidates.dedup();
        for i in candidates {
            let d = &directives[i];
            if d.void() || !d.covers(&finding.rule.code) {
                continue;
            }
            uses.push((i, finding.rule.clone()));
            if d.expired(today) {
                let until = d.until.as_ref().map_or("", |(text, _)| text.as_str());
                finding.label(d.span, format!("suppressed until {until}: the suppression has expired"));
            } else if finding.suppression.is_none() {
                finding.suppression = Some(Suppression {
                    kind: d.kind,
                    span: d.span,
                    reason: d.reason.clone(),
                    until: d.until.as_ref().map(|(text, _)| text.clone()),
                });
            }
        }
    }
    for (i, rule) in uses {
        for t in directives[i].targets.iter_mut().filter(|t| t.codes.iter().any(|c| *c == rule.code)) {
            t.used = true;
        }
    }

    let running_codes: HashSet<&str> = running.iter().map(|r| &*r.code).collect();
    let meta = |code: &str| running.iter().find(|r| r.code == code).cloned();
    let mut reports: Vec<Finding> = Vec::new();
    let mut report = |rule: Option<RuleRef>, span: Span, resource: &str, message: String| {
        if let Some(rule) = rule {
            reports.push(Finding {
                severity: rule.severity,
                rule,
                message,
                primary: span,
                labels: Vec::new(),
                resource: resource.to_string(),
                resource_type: String::new(),
                instances: Vec::new(),
                used_at: None,
                suppression: None,
                fix: None,
                unfixable: None,
                unfixable_at: None,
            });
        }
    };
    for (span, resource, message) in problems {
        report(meta(InvalidSuppression::CODE), span, &resource, message);
    }
    for d in &directives {
        let resource = if d.kind == SuppressionKind::Metadata { d.resources.first().cloned() } else { None };
        let resource = resource.unwrap_or_default();
        if d.void() {
            let written = d.until.as_ref().map_or("", |(text, _)| text.as_str());
            let written = match d.kind {
                SuppressionKind::Comment => format!("until={written}"),
                SuppressionKind::Metadata => format!("until: {written}"),
            };
            let message = format!(
                "`{written}` is not a date (YYYY-MM-DD): this suppression of {} does not apply",
                d.codes_written()
            );
            report(meta(InvalidSuppression::CODE), d.span, &resource, message);
            continue;
        }
        if d.reason.is_empty() && !d.targets.is_empty() {
            let message = format!(
                "suppression of {} gives no reason: say why the finding is accepted after the rule codes",
                d.codes_written()
            );
            report(meta(SuppressionWithoutReason::CODE), d.span, &resource, message);
        } else if let Some(word) = placeholder(&d.reason).filter(|_| !d.targets.is_empty()) {
            let message = format!(
                "suppression of {} gives a placeholder, not a reason (`{word}`): say why the finding is accepted",
                d.codes_written()
            );
            report(meta(SuppressionWithoutReason::CODE), d.span, &resource, message);
        }
        if d.expired(today) {
            let until = d.until.as_ref().map_or("", |(text, _)| text.as_str());
            let message = format!(
                "suppression of {} expired after {until}: what it accepted is reported again; fix it or set a new date",
                d.codes_written()
            );
            report(meta(ExpiredSuppression::CODE), d.span, &resource, message);
            continue;
        }
        for t in d.targets.iter().filter(|t| !t.used) {
            // A rule that did not run may well have fired: nothing to say.
            if t.codes.is_empty() || !t.codes.iter().all(|c| running_codes.contains(c.as_str())) {
                continue;
            }
            let message = format!("suppression of `{}` matches no finding here: remove it", t.written);
            report(meta(UnusedSuppression::CODE), t.span, &resource, message);
        }
    }
    findings.extend(reports);
}

/// Today's date in UTC: the day suppressions' `until` dates are compared with.
pub fn today() -> Date {
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// The rules a name in a suppression stands for: a code, a rule name or a family.
fn resolve(registry: &Registry, name: &str) -> Vec<String> {
    registry.matching(name).map(|r| r.code.to_string()).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Hcl,
    Yaml,
}

fn syntax_of(file: &SourceFile) -> Option<Syntax> {
    let name = file.path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".tf") || name.ends_with(".tfvars") || name.ends_with(".hcl") {
        Some(Syntax::Hcl)
    } else if [".yaml", ".yml", ".template"].iter().any(|e| name.ends_with(e)) {
        Some(Syntax::Yaml)
    } else {
        None
    }
}

/// Every suppression comment of every file (only files that mention the marker are
/// read line by line).
fn comment_directives(
    sources: &SourceMap,
    registry: &Registry,
    problems: &mut Vec<(Span, String, String)>,
) -> Vec<Directive> {
    let mut out = Vec::new();
    for file in sources.files() {
        let Some(syntax) = syntax_of(file) else { continue };
        if !file.text.contains(MARKER) {
            continue;
        }
        let strings = string_lines(file, syntax);
        for (at, _) in file.text.match_indices(MARKER) {
            let line = file.lines.line_of(at);
            if strings.contains(&line) {
                continue; // inside a heredoc or a YAML block scalar: text, not a comment
            }
            let line_start = file.lines.line_start(line);
            let line_end = file.lines.line_end(line, file.text.len());
            let line_text = file.text[line_start..line_end].trim_end_matches(['\n', '\r']);
            let Some(opener) = comment_opener(&file.text, line_start, line_text, at - line_start, syntax) else {
                continue;
            };
            let own_line = line_text[..opener.offset].trim().is_empty();
            let end = match opener.block {
                true => line_text[at - line_start..].find("*/").map_or(line_text.len(), |e| e + at - line_start),
                false => line_text.len(),
            };
            let body = &line_text[at - line_start + MARKER.len()..end];
            let span = file.span(at, line_start + end);
            let mut d = parse_comment(file, registry, at + MARKER.len(), body, span, problems);
            d.line = Some((file.id, scope_line(file, line, line_text, end, own_line, opener.block, syntax)));
            if d.targets.is_empty() && d.until.is_none() && d.reason.is_empty() {
                continue; // already reported as malformed
            }
            out.push(d);
        }
    }
    out
}

struct Opener {
    /// Byte offset of the comment's start within the line.
    offset: usize,
    /// A `/* */` comment.
    block: bool,
}

/// The comment that holds the marker at `marker` (an offset within the line), if the
/// marker is in one: quotes are followed so that a marker inside a string is not a
/// comment. An HCL block comment opened on an earlier line counts too.
fn comment_opener(text: &str, line_start: usize, line: &str, marker: usize, syntax: Syntax) -> Option<Opener> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < marker {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'"' => quote = Some(b'"'),
                b'\'' if syntax == Syntax::Yaml && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) => {
                    quote = Some(b'\'')
                }
                b'#' if syntax == Syntax::Hcl || i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                    return Some(Opener { offset: i, block: false })
                }
                b'/' if syntax == Syntax::Hcl && bytes.get(i + 1) == Some(&b'/') => {
                    return Some(Opener { offset: i, block: false })
                }
                b'/' if syntax == Syntax::Hcl && bytes.get(i + 1) == Some(&b'*') => {
                    return Some(Opener { offset: i, block: true })
                }
                _ => {}
            },
        }
        i += 1;
    }
    if syntax == Syntax::Hcl && quote.is_none() {
        let before = &text[..line_start];
        let open = before.rfind("/*");
        if open.is_some() && open > before.rfind("*/").map(|c| c + 1) {
            return Some(Opener { offset: 0, block: true });
        }
    }
    None
}

/// The line a comment applies to: its own when code shares the line, otherwise the
/// next line of code (after the end of a block comment spread over several lines).
fn scope_line(
    file: &SourceFile,
    line: usize,
    line_text: &str,
    comment_end: usize,
    own_line: bool,
    block: bool,
    syntax: Syntax,
) -> usize {
    if !block {
        return if own_line { next_code_line(file, line, syntax) } else { line };
    }
    // A block comment: code may follow its `*/` on the same line, or the comment may
    // close on a later line.
    if line_text[comment_end..].starts_with("*/") {
        let after = line_text[comment_end + 2..].trim();
        let code_after = !after.is_empty() && !is_comment(after, syntax);
        return if own_line && !code_after { next_code_line(file, line, syntax) } else { line };
    }
    for later in line + 1..file.lines.line_count() {
        let text = line_text_of(file, later);
        if let Some(close) = text.find("*/") {
            let after = text[close + 2..].trim();
            return if after.is_empty() || is_comment(after, syntax) {
                next_code_line(file, later, syntax)
            } else {
                later
            };
        }
    }
    line
}

fn line_text_of(file: &SourceFile, line: usize) -> &str {
    let start = file.lines.line_start(line);
    file.text[start..file.lines.line_end(line, file.text.len())].trim_end_matches(['\n', '\r'])
}

fn is_comment(text: &str, syntax: Syntax) -> bool {
    text.starts_with('#') || (syntax == Syntax::Hcl && (text.starts_with("//") || text.starts_with("/*")))
}

/// The first line after `line` that holds code (not blank, not only a comment; block
/// comments skipped whole).
fn next_code_line(file: &SourceFile, line: usize, syntax: Syntax) -> usize {
    let count = file.lines.line_count();
    let mut next = line + 1;
    while next < count {
        let text = line_text_of(file, next).trim();
        if syntax == Syntax::Hcl && text.starts_with("/*") && !text.contains("*/") {
            while next + 1 < count && !line_text_of(file, next + 1).contains("*/") {
                next += 1;
            }
            next += 1; // the closing line
            let closing = line_text_of(file, next.min(count - 1));
            let rest = closing.find("*/").map_or("", |c| closing[c + 2..].trim());
            if !rest.is_empty() && !is_comment(rest, syntax) {
                return next;
            }
        } else if !text.is_empty() && !is_comment(text, syntax) {
            return next;
        }
        next += 1;
    }
    line
}

/// Lines (0-based) inside multi-line strings, where `#` is text: HCL heredocs
/// (`<<EOT` … `EOT`) and YAML block scalars (`key: |` and the lines indented under it).
fn string_lines(file: &SourceFile, syntax: Syntax) -> HashSet<usize> {
    let mut inside = HashSet::new();
    let count = file.lines.line_count();
    let mut line = 0;
    while line < count {
        let text = line_text_of(file, line);
        let opened = match syntax {
            Syntax::Hcl => heredoc_tag(text).map(|tag| (Some(tag), 0)),
            Syntax::Yaml => opens_block_scalar(text).then(|| (None, indentation(text))),
        };
        if let Some((tag, indent)) = opened {
            let mut next = line + 1;
            while next < count {
                let t = line_text_of(file, next);
                let ends = match tag {
                    Some(tag) => t.trim() == tag,
                    None => !t.trim().is_empty() && indentation(t) <= indent,
                };
                if ends {
                    break;
                }
                inside.insert(next);
                next += 1;
            }
            // A heredoc's closing line is code; a block scalar ends at the next key.
            line = if tag.is_some() { next } else { next - 1 };
        }
        line += 1;
    }
    inside
}

fn indentation(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// `<<EOT` or `<<-EOT` ending a line: the closing tag.
fn heredoc_tag(text: &str) -> Option<&str> {
    let at = text.rfind("<<")?;
    let tag = text[at + 2..].trim_start_matches('-').trim();
    (!tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(tag)
}

/// `key: |`, `- >-`, `key: |2+ # comment`: a line whose value is a block scalar.
fn opens_block_scalar(text: &str) -> bool {
    let text = match text.find(" #") {
        Some(comment) => &text[..comment],
        None => text,
    };
    let text = text.trim_end();
    let Some(indicator) = text.rsplit([' ', '\t']).next() else { return false };
    let mut chars = indicator.chars();
    let is_indicator =
        matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+') || c.is_ascii_digit());
    let before = text[..text.len() - indicator.len()].trim_end();
    is_indicator && (before.is_empty() || before.ends_with(':') || before.ends_with('-'))
}

/// `[CODE, name] reason until=YYYY-MM-DD` after the marker.
fn parse_comment(
    file: &SourceFile,
    registry: &Registry,
    body_start: usize,
    body: &str,
    span: Span,
    problems: &mut Vec<(Span, String, String)>,
) -> Directive {
    let mut d = Directive {
        kind: SuppressionKind::Comment,
        span,
        targets: Vec::new(),
        reason: String::new(),
        until: None,
        resources: Vec::new(),
        line: None,
    };
    let Some(rest) = body.strip_prefix('[') else {
        problems.push((
            span,
            String::new(),
            format!("a suppression names the rules it accepts: `{MARKER}[CODE] reason`"),
        ));
        return d;
    };
    let Some(close) = rest.find(']') else {
        problems.push((span, String::new(), format!("`{MARKER}[` is not closed with `]`")));
        return d;
    };
    let list_start = body_start + 1;
    if rest[..close].trim().is_empty() {
        problems.push((span, String::new(), "a suppression names at least one rule: `[CODE]`".to_string()));
    }
    let mut offset = 0;
    for token in rest[..close].split(',') {
        let trimmed = token.trim();
        let lead = token.len() - token.trim_start().len();
        let at = list_start + offset + lead;
        offset += token.len() + 1;
        if trimmed.is_empty() {
            continue;
        }
        let token_span = file.span(at, at + trimmed.len());
        let codes = resolve(registry, trimmed);
        if codes.is_empty() {
            problems.push((token_span, String::new(), format!("unknown rule `{trimmed}` in a suppression")));
            continue;
        }
        d.targets.push(Target { written: trimmed.to_string(), span: token_span, codes, used: false });
    }
    let (reason, until) = reason_and_until(&rest[close + 1..]);
    d.reason = reason;
    d.until = until.map(|u| (u.to_string(), u.parse::<Date>().ok()));
    d
}

/// Words that mark a reason as still to be written (the editor's suppress action
/// writes one), not a reason.
const PLACEHOLDERS: &[&str] = &["TODO", "FIXME", "TBD", "XXX"];

/// The placeholder word a reason starts with, if it does (`TODO: say why`, `fixme`).
fn placeholder(reason: &str) -> Option<&'static str> {
    let first = reason.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
    PLACEHOLDERS.iter().copied().find(|p| first.eq_ignore_ascii_case(p))
}

/// Splits the text after `]` into the reason and the `until=` date. The reason stops
/// where a further comment starts (` # `), so `ticket #123` stays whole.
fn reason_and_until(text: &str) -> (String, Option<&str>) {
    let text = match text.find(" # ") {
        Some(end) => &text[..end],
        None => text.strip_suffix(" #").unwrap_or(text),
    };
    let mut until = None;
    let mut words = Vec::new();
    let all: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < all.len() {
        let word = all[i];
        if let Some(date) = word.strip_prefix("until=").or_else(|| word.strip_prefix("until:")) {
            until = Some(date);
        } else if word.eq_ignore_ascii_case("until") && all.get(i + 1).is_some_and(|w| looks_like_date(w)) {
            // `until 2026-12-31`: a date this close to the syntax is meant as the end date.
            until = Some(all[i + 1]);
            i += 1;
        } else {
            words.push(word);
        }
        i += 1;
    }
    let reason = words.join(" ");
    let reason = reason.trim_start_matches([':', '-', '—', '–', ' ']).trim().to_string();
    (reason, until)
}

/// `2026-12-31`-shaped (whether the date exists is checked when it is parsed).
fn looks_like_date(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// `Metadata: {ringfence: {ignore: [{code, reason, until}]}}` of every CloudFormation
/// resource. `code` may be a list; an item may be a bare code (then it has no reason).
fn metadata_directives(
    model: &Model,
    registry: &Registry,
    out: &mut Vec<Directive>,
    problems: &mut Vec<(Span, String, String)>,
) {
    for (_, r) in model.resources() {
        let Some(ignore) = r.metadata.as_ref().and_then(|m| m.get("ringfence")).and_then(|m| m.get("ignore")) else {
            continue;
        };
        let items: Vec<&Value> = match &ignore.kind {
            Kind::List(items) => items.iter().collect(),
            _ => vec![ignore],
        };
        for item in items {
            let mut d = Directive {
                kind: SuppressionKind::Metadata,
                span: item.span,
                targets: Vec::new(),
                reason: String::new(),
                until: None,
                resources: vec![r.address.clone()],
                line: None,
            };
            let codes: Vec<&Value> = match item.get("code").or_else(|| item.get("codes")) {
                Some(v) if matches!(v.kind, Kind::List(_)) => v.items().iter().collect(),
                Some(v) => vec![v],
                None if item.as_str().is_some() => vec![item],
                None => {
                    let message = "a `ringfence` ignore entry needs `code` (and `reason`, optionally `until`)";
                    problems.push((item.span, r.address.clone(), message.to_string()));
                    continue;
                }
            };
            for code in codes {
                let written = code.to_text().unwrap_or_default();
                let resolved = resolve(registry, &written);
                if resolved.is_empty() {
                    problems.push((code.span, r.address.clone(), format!("unknown rule `{written}` in a suppression")));
                } else {
                    d.targets.push(Target { written, span: code.span, codes: resolved, used: false });
                }
            }
            d.reason = item.get("reason").and_then(Value::to_text).unwrap_or_default().trim().to_string();
            d.until = item.get("until").and_then(Value::to_text).map(|u| (u.clone(), u.parse::<Date>().ok()));
            if !d.targets.is_empty() {
                out.push(d);
            }
        }
    }
}

/// A comment whose line opens a resource covers the whole resource.
fn attach_resources(model: &Model, sources: &SourceMap, directives: &mut [Directive]) {
    let lines: HashSet<(FileId, usize)> = directives.iter().filter_map(|d| d.line).collect();
    if lines.is_empty() {
        return;
    }
    let files: HashSet<FileId> = lines.iter().map(|(f, _)| *f).collect();
    let mut headers: HashMap<(FileId, usize), Vec<String>> = HashMap::new();
    for (_, r) in model.resources().filter(|(_, r)| files.contains(&r.header.file)) {
        let line = sources.get(r.header.file).lines.line_of(r.header.start as usize);
        if lines.contains(&(r.header.file, line)) {
            headers.entry((r.header.file, line)).or_default().push(r.address.clone());
        }
    }
    for d in directives.iter_mut() {
        if let Some(addresses) = d.line.and_then(|l| headers.get(&l)) {
            d.resources.extend(addresses.iter().cloned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_stops_at_a_further_comment_and_until_is_taken_out() {
        let (reason, until) = reason_and_until(" - shared VPN range until=2099-01-31 # expect: NET001");
        assert_eq!(reason, "shared VPN range");
        assert_eq!(until, Some("2099-01-31"));
    }

    #[test]
    fn until_without_an_equals_sign_still_ends_the_suppression() {
        assert_eq!(reason_and_until(" legacy until 2001-01-01"), ("legacy".to_string(), Some("2001-01-01")));
        assert_eq!(reason_and_until(" until the migration").0, "until the migration");
    }

    #[test]
    fn placeholders_are_not_reasons() {
        assert_eq!(placeholder("TODO: say why this is accepted"), Some("TODO"));
        assert_eq!(placeholder("fixme later"), Some("FIXME"));
        assert_eq!(placeholder("TBD"), Some("TBD"));
        assert_eq!(placeholder("XXX(ops) review"), Some("XXX"));
        assert_eq!(placeholder("todos are tracked in JIRA-12"), None);
        assert_eq!(placeholder("bastion reached only over the VPN, TODO remove in Q3"), None);
    }

    #[test]
    fn a_hash_inside_the_reason_is_kept() {
        let (reason, until) = reason_and_until(" accepted in ticket #123");
        assert_eq!(reason, "accepted in ticket #123");
        assert_eq!(until, None);
    }

    #[test]
    fn a_marker_in_a_string_is_not_a_comment() {
        let line = r#"  description = "ringfence:ignore[NET001] x""#;
        let at = line.find(MARKER).unwrap();
        assert!(comment_opener(line, 0, line, at, Syntax::Hcl).is_none());
        let line = "  cidr = \"0.0.0.0/0\" # ringfence:ignore[NET001] x";
        let at = line.find(MARKER).unwrap();
        assert_eq!(comment_opener(line, 0, line, at, Syntax::Hcl).map(|o| o.offset), Some(21));
    }

    #[test]
    fn block_scalars_and_heredocs_are_text() {
        assert!(opens_block_scalar("    Content: |"));
        assert!(opens_block_scalar("  - >-"));
        assert!(opens_block_scalar("  script: |2+ # keep"));
        assert!(!opens_block_scalar("  Name: a|b"));
        assert_eq!(heredoc_tag("  policy = <<-EOT"), Some("EOT"));
        assert_eq!(heredoc_tag("  x = \"a<<b\""), None);
    }

    #[test]
    fn a_yaml_hash_inside_a_word_is_not_a_comment() {
        let line = "  Name: a#ringfence:ignore[NET001]";
        let at = line.find(MARKER).unwrap();
        assert!(comment_opener(line, 0, line, at, Syntax::Yaml).is_none());
    }

    #[test]
    fn an_hcl_block_comment_opened_above_holds_the_marker() {
        let text = "/*\n ringfence:ignore[NET001] reason\n*/\n";
        let line_start = 3;
        let line = " ringfence:ignore[NET001] reason";
        assert!(comment_opener(text, line_start, line, 1, Syntax::Hcl).is_some_and(|o| o.block));
    }
}
