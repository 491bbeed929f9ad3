//! Formats for CI systems: JUnit XML for test-report views, GitHub Actions workflow
//! commands for annotations on the diff, and per-rule statistics.

use crate::machine::{diagnostic_position, level_name};
use crate::Report;
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use ringfence_rules::{Finding, Severity};
use ringfence_syntax::{FileId, Level, SourceMap};
use std::collections::{BTreeMap, BTreeSet};

/// JUnit XML: a test suite per file and in it a test case per rule that ran, failed
/// when the rule found something there (each finding located in the failure text);
/// a file that could not be read has an `error` test case.
pub fn render_junit(report: &Report<'_>) -> String {
    let sources = report.sources;
    let mut files: BTreeSet<FileId> = report.checked.iter().copied().collect();
    files.extend(report.findings.iter().map(|f| f.primary.file));
    files.extend(report.diagnostics.iter().map(|d| d.file));
    // Control characters from names and messages are escaped: XML 1.0 forbids most C0
    // controls and discourages DEL and the C1 ones, which JUnit readers reject.
    let mut files: Vec<(String, FileId)> = files
        .into_iter()
        .map(|id| (crate::clean::printable(&sources.get(id).display_path()).into_owned(), id))
        .collect();
    files.sort();
    let mut by_file_rule: BTreeMap<(FileId, &str), Vec<&Finding>> = BTreeMap::new();
    for f in report.findings {
        by_file_rule.entry((f.primary.file, &f.rule.code)).or_default().push(f);
    }
    let mut junit = quick_junit::Report::new("ringfence");
    for (path, id) in files {
        let mut suite = TestSuite::new(path.clone());
        // A file that could not be read was not checked by any rule: it gets only
        // its error test case, never passes it did not earn.
        let unread = report.diagnostics.iter().any(|d| d.file == id && d.level == Level::Error);
        for rule in report.rules.iter().filter(|_| !unread) {
            let m = rule.meta();
            let found = by_file_rule.get(&(id, &m.code));
            let status = match found {
                None => TestCaseStatus::success(),
                Some(found) => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let worst = found.iter().map(|f| f.severity).max().unwrap_or(m.severity);
                    let first = &found[0];
                    status
                        .set_type(&*m.code)
                        .set_message(format!(
                            "{} {} finding{} ({worst}): {}",
                            found.len(),
                            m.code,
                            if found.len() == 1 { "" } else { "s" },
                            crate::clean::printable(&first.message)
                        ))
                        .set_description(found.iter().map(|f| finding_line(sources, f)).collect::<String>());
                    status
                }
            };
            let mut case = TestCase::new(format!("{} {}", m.code, m.name), status);
            case.set_classname(path.clone());
            case.extra.insert("file".into(), path.clone().into());
            if let Some(first) = found.and_then(|f| f.first()) {
                let line = sources.get(first.primary.file).line_col(first.primary.start as usize).line;
                case.extra.insert("line".into(), line.to_string().into());
            }
            suite.add_test_case(case);
        }
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.file == id && d.level == Level::Error)
            .map(|d| {
                let (file, line, column) = diagnostic_position(sources, d);
                format!("{}:{line}:{column}: {}\n", crate::clean::printable(&file), crate::clean::printable(&d.message))
            })
            .collect();
        if !errors.is_empty() {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_type("read").set_message(errors[0].trim_end().to_string()).set_description(errors.concat());
            let mut case = TestCase::new("read and parse", status);
            case.set_classname(path.clone());
            case.extra.insert("file".into(), path.clone().into());
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().unwrap_or_default()
}

fn finding_line(sources: &SourceMap, f: &Finding) -> String {
    let file = sources.get(f.primary.file);
    let at = file.line_col(f.primary.start as usize);
    let printable = crate::clean::printable;
    let resource = if f.resource.is_empty() { String::new() } else { format!(" [{}]", printable(&f.resource)) };
    format!(
        "{}:{}:{}: {} {} {}{resource}\n",
        printable(&file.display_path()),
        at.line,
        at.column,
        f.severity,
        f.rule.code,
        printable(&f.message)
    )
}

/// GitHub Actions workflow commands: `::error file=…,line=…::message`, one per finding
/// (critical and high are errors, medium warnings, low notices) and per diagnostic.
pub fn render_github(report: &Report<'_>) -> String {
    let mut out = String::new();
    for f in report.findings {
        let file = report.sources.get(f.primary.file);
        let (start, end) = file.span_line_cols(f.primary);
        let command = match f.severity {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low => "notice",
        };
        let resource = if f.resource.is_empty() { String::new() } else { format!(" ({})", f.resource) };
        out += &format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            property(&file.display_path()),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("{} {} ({})", f.rule.code, f.rule.name, f.severity)),
            data(&format!("{}{resource}", f.message)),
        );
    }
    for d in report.diagnostics {
        let (file, line, column) = diagnostic_position(report.sources, d);
        out += &format!(
            "::{} file={},line={line},col={column},title=ringfence::{}\n",
            level_name(d.level),
            property(&file),
            data(&d.message)
        );
    }
    out
}

/// Escapes a workflow command's message: GitHub's own escapes for `%` and line
/// breaks, and the other unsafe characters as text (a log is a terminal too).
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if crate::clean::is_unsafe(c) => crate::clean::escape_into(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Findings counted per rule, most frequent first, with the highest severity they have
/// (a configuration's `[severity]` or a rule's own escalation included).
pub fn render_statistics(report: &Report<'_>) -> String {
    struct Row<'a> {
        name: &'a str,
        count: usize,
        suppressed: usize,
        severity: Severity,
    }
    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    for (f, suppressed) in report.findings.iter().map(|f| (f, false)).chain(report.suppressed.iter().map(|f| (f, true)))
    {
        let row = rows.entry(&f.rule.code).or_insert(Row {
            name: &f.rule.name,
            count: 0,
            suppressed: 0,
            severity: f.severity,
        });
        if suppressed {
            row.suppressed += 1;
        } else {
            row.count += 1;
        }
        row.severity = row.severity.max(f.severity);
    }
    let mut rows: Vec<(&str, Row)> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    let mut out = format!("{:>6} {:>10}  {:<8} {:<36} {}\n", "COUNT", "SUPPRESSED", "CODE", "NAME", "SEVERITY");
    for (code, row) in &rows {
        out += &format!("{:>6} {:>10}  {code:<8} {:<36} {}\n", row.count, row.suppressed, row.name, row.severity);
    }
    let total: usize = rows.iter().map(|r| r.1.count).sum();
    let suppressed: usize = rows.iter().map(|r| r.1.suppressed).sum();
    out += &format!("{total:>6} {suppressed:>10}  total\n");
    out
}
