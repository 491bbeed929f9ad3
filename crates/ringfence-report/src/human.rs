use crate::clean::printable;
use crate::plural;
use crate::source::Excerpt;
use crate::Report;
use miette::{Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use ringfence_rules::{Finding, Severity};
use ringfence_syntax::{secrets, Diagnostic, FileId, Level, SourceMap, Span};
use std::collections::HashMap;
use std::fmt;

/// Source-annotated output: each finding with its code, severity, message, the
/// offending span and every secondary label (labels in other files follow as
/// related snippets), then a summary line.
pub fn render_human(report: &Report<'_>, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // Lines wrap between words only: a path or an address cut at a hyphen reads as two.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(110)
        .with_links(false)
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = String::new();
    let mut files = Files { sources: report.sources, secrets: HashMap::new() };
    for finding in report.findings {
        let shown = from_finding(&mut files, finding, report.docs_url);
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    for diagnostic in report.diagnostics {
        let shown = from_diagnostic(&mut files, diagnostic);
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// "Found 3 problems (1 critical, 2 high), 1 suppressed not shown; 2 fixable with
/// --fix; checked 12 files, 1 could not be read, 4 not IaC, 2 ignored by .gitignore; 1
/// error." Every input is counted, so that a run that checked less than it was given
/// says so.
pub fn summary(report: &Report<'_>) -> String {
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let mut line = if report.findings.is_empty() {
        "No problems found".to_string()
    } else {
        let by: Vec<String> = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low]
            .into_iter()
            .filter(|s| count(*s) > 0)
            .map(|s| format!("{} {s}", count(s)))
            .collect();
        let n = report.findings.len();
        format!("Found {n} problem{} ({})", plural(n), by.join(", "))
    };
    let mut left_out = Vec::new();
    if !report.suppressed.is_empty() {
        left_out.push(format!("{} suppressed", report.suppressed.len()));
    }
    if report.hidden.baseline > 0 {
        left_out.push(format!("{} in the baseline", report.hidden.baseline));
    }
    if report.hidden.unchanged > 0 {
        left_out.push(format!("{} outside the changed lines", report.hidden.unchanged));
    }
    if let Some((threshold, n)) = report.hidden.below_severity.filter(|(_, n)| *n > 0) {
        left_out.push(format!("{n} below {threshold}"));
    }
    if !left_out.is_empty() {
        line += &format!(", {} not shown", left_out.join(", "));
    }
    let fixable = crate::fixable(report);
    if fixable > 0 {
        line += &format!("; {fixable} fixable with --fix");
    }
    let inputs = report.inputs;
    line += &format!("; checked {} file{}", inputs.checked, plural(inputs.checked));
    if inputs.unreadable > 0 {
        line += &format!(", {} could not be read", inputs.unreadable);
    }
    if inputs.over_budget > 0 {
        line += &format!(", {} over the evaluation budget", inputs.over_budget);
    }
    if inputs.not_iac > 0 {
        line += &format!(", {} not IaC", inputs.not_iac);
    }
    if inputs.ignored > 0 {
        line += &format!(", {} ignored by .gitignore", inputs.ignored);
    }
    if inputs.shadowed > 0 {
        line += &format!(", {} ignored for a .tofu file of the same name", inputs.shadowed);
    }
    let errors = report.diagnostics.iter().filter(|d| d.level == Level::Error).count();
    if errors > 0 {
        line += &format!("; {errors} error{}", plural(errors));
    }
    line + "."
}

/// A finding or a diagnostic, as miette renders it.
struct Shown {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<Excerpt>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
}

/// The files snippets come from, with the credentials of each found once.
struct Files<'a> {
    sources: &'a SourceMap,
    secrets: HashMap<FileId, Vec<(usize, usize)>>,
}

impl Files<'_> {
    /// The excerpt of a file that shows these labels (span, text, primary).
    fn snippet(&mut self, file: FileId, labels: &[(Span, Option<String>, bool)]) -> (Excerpt, Vec<LabeledSpan>) {
        let source = self.sources.get(file);
        let secrets = self.secrets.entry(file).or_insert_with(|| secrets::credential_ranges(&source.text));
        let spans: Vec<Span> = labels.iter().map(|(s, _, _)| *s).collect();
        let name = printable(&source.display_path()).into_owned();
        let (excerpt, mapped) = Excerpt::new(source, name, &spans, secrets);
        let labeled = mapped
            .into_iter()
            .zip(labels)
            .map(|(span, (_, text, primary))| {
                let text = text.as_deref().map(|t| printable(t).into_owned());
                if *primary {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                }
            })
            .collect();
        (excerpt, labeled)
    }
}

fn from_finding(files: &mut Files<'_>, f: &Finding, docs_url: Option<&str>) -> Shown {
    let file = f.primary.file;
    // The primary label says what is wrong there; the rule's name is in the help.
    let mut here = vec![(f.primary, Some(problem(&f.message).to_string()), true)];
    let primary_line = files.sources.get(file).lines.line_of(f.primary.start as usize);
    let mut related = Vec::new();
    for label in &f.labels {
        // A label of this file stays in the finding's own snippet when it is after the
        // finding or close enough above to share its lines; one further up would be
        // drawn first, in a snippet of its own, and is shown after it instead.
        let near = label.span.file == file && {
            let last = files.sources.get(file).lines.line_of(label.span.end.max(label.span.start) as usize);
            label.span.start >= f.primary.start || last + NEAR_LINES >= primary_line
        };
        if near {
            here.push((label.span, Some(label.message.clone()), false));
        } else {
            let (excerpt, labels) = files.snippet(label.span.file, &[(label.span, Some(label.message.clone()), true)]);
            related.push(Shown {
                message: printable(&label.message).into_owned(),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                source: Some(excerpt),
                labels,
                related: Vec::new(),
            });
        }
    }
    let (excerpt, labels) = files.snippet(file, &here);
    let details = match crate::rule_url(docs_url, &f.rule.code, &f.rule.name) {
        Some(url) => format!("ringfence rule {} or {url}", f.rule.code),
        None => format!("ringfence rule {}", f.rule.code),
    };
    let what = if f.resource.is_empty() {
        f.rule.name.to_string()
    } else {
        format!("{} in {} `{}`{}", f.rule.name, f.resource_type, f.resource, others(f))
    };
    // The command on a line of its own, so that wrapping never splits it.
    let help = format!("{}\ndetails: {}", printable(&what), printable(&details));
    Shown {
        message: printable(&format!("{} [{}] {}", f.rule.code, f.severity, f.message)).into_owned(),
        code: None,
        severity: match f.severity {
            Severity::Critical | Severity::High => miette::Severity::Error,
            Severity::Medium => miette::Severity::Warning,
            Severity::Low => miette::Severity::Advice,
        },
        help: Some(help),
        source: Some(excerpt),
        labels,
        related,
    }
}

/// What a message says is wrong, without what it adds after a colon (the setting
/// behind it, the consequence): `KMS key rotation is turned off` of `KMS key rotation
/// is turned off: \`EnableKeyRotation\` is false`. A colon in backticks is code.
fn problem(message: &str) -> &str {
    let mut quoted = false;
    for (i, c) in message.char_indices() {
        match c {
            '`' => quoted = !quoted,
            ':' if !quoted && message[i + 1..].starts_with(' ') && i > 0 => return &message[..i],
            _ => {}
        }
    }
    message
}

/// How many lines above the finding a label of its file may end and still share its
/// snippet (miette merges snippets whose context lines touch).
const NEAR_LINES: usize = 2;

fn from_diagnostic(files: &mut Files<'_>, d: &Diagnostic) -> Shown {
    let path = files.sources.get(d.file).display_path();
    let (source, labels) = match d.span {
        Some(span) => {
            let (excerpt, labels) = files.snippet(d.file, &[(span, Some("here".to_string()), true)]);
            (Some(excerpt), labels)
        }
        None => (None, Vec::new()),
    };
    Shown {
        message: printable(&format!("{path}: {}", d.message)).into_owned(),
        code: None,
        severity: match d.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        },
        help: None,
        source,
        labels,
        related: Vec::new(),
    }
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl MietteDiagnostic for Shown {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn MietteDiagnostic> + 'b>> {
        (!self.related.is_empty())
            .then(|| Box::new(self.related.iter().map(|r| r as &dyn MietteDiagnostic)) as Box<dyn Iterator<Item = _>>)
    }
}

/// How many other instances share a finding, the first few by address.
fn others(f: &Finding) -> String {
    const SHOWN: usize = 3;
    let named: Vec<String> = f.instances.iter().take(SHOWN).map(|a| format!("`{a}`")).collect();
    let rest = f.instances.len().saturating_sub(SHOWN);
    match (f.instances.len(), rest) {
        (0, _) => String::new(),
        (1, _) => format!(" and 1 other instance ({})", named.join(", ")),
        (n, 0) => format!(" and {n} other instances ({})", named.join(", ")),
        (n, rest) => format!(" and {n} other instances ({}, {rest} more)", named.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn the_problem_is_the_message_before_its_colon_outside_backticks() {
        assert_eq!(
            problem("KMS key rotation is turned off: `EnableKeyRotation` is false"),
            "KMS key rotation is turned off"
        );
        assert_eq!(
            problem("`bedrock:InvokeModl` names no AWS action: did you mean it?"),
            "`bedrock:InvokeModl` names no AWS action"
        );
        assert_eq!(problem("ingress from 0.0.0.0/0 to port 22 (SSH)"), "ingress from 0.0.0.0/0 to port 22 (SSH)");
    }
}
