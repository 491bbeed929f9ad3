use crate::clean::printable;
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
    let handler = GraphicalReportHandler::new_themed(theme).with_width(110).with_links(false);
    let mut out = String::new();
    let mut files = Files { sources: report.sources, secrets: HashMap::new() };
    for finding in report.findings {
        let shown = from_finding(&mut files, finding);
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

/// "Found 3 problems (1 critical, 2 high), 1 suppressed not shown; checked 12 files, 1
/// could not be read, 4 not IaC, 2 ignored by .gitignore; 1 error." Every input is
/// counted, so that a run that checked less than it was given says so.
fn summary(report: &Report<'_>) -> String {
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
    if !left_out.is_empty() {
        line += &format!(", {} not shown", left_out.join(", "));
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

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
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

fn from_finding(files: &mut Files<'_>, f: &Finding) -> Shown {
    let file = f.primary.file;
    let mut here = vec![(f.primary, Some(f.rule.name.to_string()), true)];
    let mut related = Vec::new();
    for label in &f.labels {
        if label.span.file == file {
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
    let help = if f.resource.is_empty() {
        format!("details: ringfence rule {}", f.rule.code)
    } else {
        format!("in {} `{}`{} · details: ringfence rule {}", f.resource_type, f.resource, others(f), f.rule.code)
    };
    Shown {
        message: printable(&format!("{} [{}] {}", f.rule.code, f.severity, f.message)).into_owned(),
        code: None,
        severity: match f.severity {
            Severity::Critical | Severity::High => miette::Severity::Error,
            Severity::Medium => miette::Severity::Warning,
            Severity::Low => miette::Severity::Advice,
        },
        help: Some(printable(&help).into_owned()),
        source: Some(excerpt),
        labels,
        related,
    }
}

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
