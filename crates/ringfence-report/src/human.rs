use crate::source::IndexedSource;
use crate::Report;
use miette::{Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use ringfence_rules::{Finding, Severity};
use ringfence_syntax::{Diagnostic, FileId, Level, SourceMap, Span};
use std::fmt;

/// Source-annotated output: each finding with its code, severity, message, the
/// offending span and every secondary label (labels in other files follow as
/// related snippets), then a summary line.
pub fn render_human(report: &Report<'_>, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(110).with_links(false);
    let mut out = String::new();
    for finding in report.findings {
        let shown = from_finding(report.sources, finding);
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    for diagnostic in report.diagnostics {
        let shown = from_diagnostic(report.sources, diagnostic);
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn summary(report: &Report<'_>) -> String {
    let files = report.sources.len();
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let mut line = if report.findings.is_empty() {
        format!("No problems found in {files} file{}", plural(files))
    } else {
        let by: Vec<String> = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low]
            .into_iter()
            .filter(|s| count(*s) > 0)
            .map(|s| format!("{} {s}", count(s)))
            .collect();
        let n = report.findings.len();
        format!("Found {n} problem{} ({}) in {files} file{}", plural(n), by.join(", "), plural(files))
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
        line += &format!(" ({} not shown)", left_out.join(", "));
    }
    let errors = report.diagnostics.iter().filter(|d| d.level == Level::Error).count();
    if errors > 0 {
        line += &format!("; {errors} error{} in files that could not be fully read", plural(errors));
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
struct Shown<'a> {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<IndexedSource<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown<'a>>,
}

fn source(sources: &SourceMap, file: FileId) -> IndexedSource<'_> {
    let file = sources.get(file);
    IndexedSource { file, name: file.display_path() }
}

fn labeled(span: Span, text: Option<String>, primary: bool) -> LabeledSpan {
    let span = miette::SourceSpan::new((span.start as usize).into(), span.len());
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

fn from_finding<'a>(sources: &'a SourceMap, f: &Finding) -> Shown<'a> {
    let file = f.primary.file;
    let mut labels = vec![labeled(f.primary, Some(f.rule.name.to_string()), true)];
    let mut related = Vec::new();
    for label in &f.labels {
        if label.span.file == file {
            labels.push(labeled(label.span, Some(label.message.clone()), false));
        } else {
            related.push(Shown {
                message: label.message.clone(),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                source: Some(source(sources, label.span.file)),
                labels: vec![labeled(label.span, Some(label.message.clone()), true)],
                related: Vec::new(),
            });
        }
    }
    Shown {
        message: format!("{} [{}] {}", f.rule.code, f.severity, f.message),
        code: None,
        severity: match f.severity {
            Severity::Critical | Severity::High => miette::Severity::Error,
            Severity::Medium => miette::Severity::Warning,
            Severity::Low => miette::Severity::Advice,
        },
        help: Some(if f.resource.is_empty() {
            format!("details: ringfence rule {}", f.rule.code)
        } else {
            format!("in {} `{}` · details: ringfence rule {}", f.resource_type, f.resource, f.rule.code)
        }),
        source: Some(source(sources, file)),
        labels,
        related,
    }
}

fn from_diagnostic<'a>(sources: &'a SourceMap, d: &Diagnostic) -> Shown<'a> {
    let path = sources.get(d.file).display_path();
    Shown {
        message: format!("{path}: {}", d.message),
        code: None,
        severity: match d.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        },
        help: None,
        source: d.span.map(|_| source(sources, d.file)),
        labels: d.span.map(|s| labeled(s, Some("here".to_string()), true)).into_iter().collect(),
        related: Vec::new(),
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl MietteDiagnostic for Shown<'_> {
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
