use crate::Report;
use ringfence_rules::{Finding, Severity, SuppressionKind};
use ringfence_syntax::{Diagnostic, Level, SourceMap, Span};
use serde::Serialize;
use serde_json::{json, Value as Json};

/// A span as every machine format writes it: 1-based lines and columns (Unicode
/// scalar values); the end is exclusive.
#[derive(Serialize)]
struct Location {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn location(sources: &SourceMap, span: Span) -> Location {
    let file = sources.get(span.file);
    let (start, end) = file.span_line_cols(span);
    Location {
        file: file.display_path(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// The resource, and how many other instances share the finding.
fn with_instances(f: &Finding) -> String {
    match f.instances.len() {
        0 => f.resource.clone(),
        1 => format!("{} +1 instance", f.resource),
        n => format!("{} +{n} instances", f.resource),
    }
}

/// `path:line:col: severity CODE message [resource]`, one finding per line.
pub fn render_concise(report: &Report<'_>) -> String {
    let mut out = String::new();
    for f in report.findings {
        let at = location(report.sources, f.primary);
        out += &format!(
            "{}:{}:{}: {} {} {} [{}]\n",
            one_line(&at.file),
            at.line,
            at.column,
            f.severity,
            f.rule.code,
            one_line(&f.message),
            one_line(&with_instances(f))
        );
    }
    for d in report.diagnostics {
        let (file, line, column) = diagnostic_position(report.sources, d);
        let file = one_line(&file);
        out += &format!("{file}:{line}:{column}: {} {}\n", level_name(d.level), one_line(&d.message));
    }
    out
}

/// Text from the input on one line, safe for a terminal: a value quoted in a message
/// may hold line breaks or escape sequences.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    crate::clean::printable(text)
}

pub(crate) fn diagnostic_position(sources: &SourceMap, d: &Diagnostic) -> (String, usize, usize) {
    let file = sources.get(d.file);
    match d.span {
        Some(span) => {
            let at = file.line_col(span.start as usize);
            (file.display_path(), at.line, at.column)
        }
        None => (file.display_path(), 1, 1),
    }
}

pub(crate) fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: JsonTool,
    summary: JsonSummary,
    findings: Vec<JsonFinding<'a>>,
    /// Findings a suppression accepts: reported, not counted.
    suppressed: Vec<JsonFinding<'a>>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonTool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    findings: usize,
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    errors: usize,
    warnings: usize,
    suppressed: usize,
    /// Left out because the baseline records them.
    baseline: usize,
    /// Left out because they are outside the lines changed since `--changed-since`.
    unchanged: usize,
    /// Left out because they are below `--severity`.
    below_severity: usize,
    /// Reported findings `--fix` would fix.
    fixable: usize,
    /// Inputs read and parsed.
    checked: usize,
    /// Inputs that could not be read or parsed (each has an error).
    unreadable: usize,
    /// Terraform files left out of their module's evaluation for exceeding a budget.
    over_budget: usize,
    /// YAML and JSON found while walking that are neither templates nor plans.
    not_iac: usize,
    /// Terraform files ignore rules hide and git does not track.
    ignored: usize,
    /// `.tf` files a `.tofu` file of the same base name replaces.
    shadowed: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    name: &'a str,
    severity: SeverityName,
    message: &'a str,
    #[serde(flatten)]
    location: Location,
    resource: JsonResource<'a>,
    /// The other resources with this problem at this place (module, `count` and
    /// `for_each` instances), by address.
    instances: &'a [String],
    labels: Vec<JsonLabel<'a>>,
    /// Controls the rule gives evidence for, as `framework:control`.
    compliance: Vec<String>,
    /// Where to read about the rule: the command that prints its page.
    help: String,
    /// Its page under the configuration's `docs-url`, when one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    /// What `--fix` would change, when the rule's safe fix applies here.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<JsonSuppression<'a>>,
}

#[derive(Serialize)]
struct JsonSuppression<'a> {
    /// `comment` or `metadata`.
    kind: &'static str,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<&'a str>,
    #[serde(flatten)]
    location: Location,
}

fn suppression_kind(kind: SuppressionKind) -> &'static str {
    match kind {
        SuppressionKind::Comment => "comment",
        SuppressionKind::Metadata => "metadata",
    }
}

fn json_finding<'a>(sources: &SourceMap, f: &'a Finding, docs_url: Option<&str>) -> JsonFinding<'a> {
    JsonFinding {
        code: &f.rule.code,
        name: &f.rule.name,
        severity: SeverityName(f.severity),
        message: &f.message,
        location: location(sources, f.primary),
        resource: JsonResource { address: &f.resource, rtype: &f.resource_type },
        instances: &f.instances,
        labels: f
            .labels
            .iter()
            .map(|l| JsonLabel { message: &l.message, location: location(sources, l.span) })
            .collect(),
        compliance: f.rule.controls().iter().map(|c| c.tag()).collect(),
        help: format!("ringfence rule {}", f.rule.code),
        url: crate::rule_url(docs_url, &f.rule.code, &f.rule.name),
        fix: f.fix.as_ref().map(|fix| fix.describe()),
        suppression: f.suppression.as_ref().map(|s| JsonSuppression {
            kind: suppression_kind(s.kind),
            reason: &s.reason,
            until: s.until.as_deref(),
            location: location(sources, s.span),
        }),
    }
}

#[derive(Serialize)]
struct JsonResource<'a> {
    address: &'a str,
    #[serde(rename = "type")]
    rtype: &'a str,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    level: &'static str,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

impl Serialize for SeverityName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

struct SeverityName(Severity);

/// The stable JSON schema documented in `docs/output.md`.
pub fn render_json(report: &Report<'_>) -> String {
    let sources = report.sources;
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    let doc = JsonReport {
        version: 1,
        tool: JsonTool { name: "ringfence", version: env!("CARGO_PKG_VERSION") },
        summary: JsonSummary {
            files: sources.len(),
            findings: report.findings.len(),
            critical: count(Severity::Critical),
            high: count(Severity::High),
            medium: count(Severity::Medium),
            low: count(Severity::Low),
            errors: report.diagnostics.iter().filter(|d| d.level == Level::Error).count(),
            warnings: report.diagnostics.iter().filter(|d| d.level == Level::Warning).count(),
            suppressed: report.suppressed.len(),
            baseline: report.hidden.baseline,
            unchanged: report.hidden.unchanged,
            below_severity: report.hidden.below_severity.map_or(0, |(_, n)| n),
            fixable: crate::fixable(report),
            checked: report.inputs.checked,
            unreadable: report.inputs.unreadable,
            over_budget: report.inputs.over_budget,
            not_iac: report.inputs.not_iac,
            ignored: report.inputs.ignored,
            shadowed: report.inputs.shadowed,
        },
        findings: report.findings.iter().map(|f| json_finding(sources, f, report.docs_url)).collect(),
        suppressed: report.suppressed.iter().map(|f| json_finding(sources, f, report.docs_url)).collect(),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| {
                let file = sources.get(d.file);
                let at = d.span.map(|s| file.line_col(s.start as usize));
                JsonDiagnostic {
                    level: level_name(d.level),
                    file: file.display_path(),
                    line: at.map(|a| a.line),
                    column: at.map(|a| a.column),
                    message: &d.message,
                }
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub code scanning ranks security results by this score (0-10).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
    }
}

fn sarif_region(sources: &SourceMap, span: Span) -> Json {
    let at = location(sources, span);
    json!({
        "artifactLocation": { "uri": at.file },
        "region": {
            "startLine": at.line,
            "startColumn": at.column,
            "endLine": at.end_line,
            "endColumn": at.end_column,
        }
    })
}

fn sarif_result(report: &Report<'_>, f: &Finding, rule_index: Option<usize>) -> Json {
    let sources = report.sources;
    let mut result = json!({
        "ruleId": f.rule.code,
        "level": sarif_level(f.severity),
        "message": { "text": f.message },
        "locations": [{ "physicalLocation": sarif_region(sources, f.primary) }],
        "properties": { "severity": f.severity.as_str(), "resourceType": f.resource_type },
    });
    if !f.resource.is_empty() {
        // Every instance with the problem at this place is a logical location of it.
        let logical: Vec<Json> = std::iter::once(&f.resource)
            .chain(&f.instances)
            .map(|address| json!({ "fullyQualifiedName": address, "kind": "resource" }))
            .collect();
        result["locations"][0]["logicalLocations"] = Json::Array(logical);
    }
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if let Some(fingerprint) = report.fingerprint {
        // What code scanning follows a result by across commits: the baseline's
        // fingerprint, which no line number or checkout directory enters.
        result["partialFingerprints"] = json!({ "ringfence/v1": fingerprint(f) });
    }
    if let Some(s) = &f.suppression {
        // Written in the file or the template: SARIF's "inSource"; GitHub code
        // scanning shows such results as dismissed.
        let mut suppression = json!({
            "kind": "inSource",
            "status": "accepted",
            "justification": s.reason,
            "location": { "physicalLocation": sarif_region(sources, s.span) },
        });
        if let Some(until) = &s.until {
            suppression["properties"] = json!({ "until": until });
        }
        result["suppressions"] = json!([suppression]);
    }
    if !f.labels.is_empty() {
        result["relatedLocations"] = Json::Array(
            f.labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i + 1,
                        "physicalLocation": sarif_region(sources, l.span),
                        "message": { "text": l.message },
                    })
                })
                .collect(),
        );
    }
    result
}

/// SARIF 2.1.0, with every rule that ran in `tool.driver.rules`.
pub fn render_sarif(report: &Report<'_>) -> String {
    let sources = report.sources;
    let rules: Vec<Json> = report
        .rules
        .iter()
        .map(|r| {
            let m = r.meta();
            let summary = r.summary();
            let full = r.section("Why it matters").unwrap_or_else(|| summary.clone());
            let tags: Vec<String> = ["security".to_string(), m.family().to_string()]
                .into_iter()
                .chain(r.controls().iter().map(|c| c.tag()))
                .collect();
            let mut rule = json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": summary },
                "fullDescription": { "text": full },
                "help": { "text": r.doc(), "markdown": r.doc() },
                "defaultConfiguration": { "level": sarif_level(m.severity), "enabled": m.default_enabled },
                "properties": {
                    "tags": tags,
                    "security-severity": security_severity(m.severity),
                    "severity": m.severity.as_str(),
                },
            });
            if let Some(url) = crate::rule_url(report.docs_url, &m.code, &m.name) {
                rule["helpUri"] = json!(url);
            }
            rule
        })
        .collect();
    let results: Vec<Json> = report
        .findings
        .iter()
        .chain(report.suppressed)
        .map(|f| sarif_result(report, f, report.rules.iter().position(|r| r.meta().code == f.rule.code)))
        .collect();
    let notifications: Vec<Json> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut n = json!({
                "level": if d.level == Level::Error { "error" } else { "warning" },
                "message": { "text": d.message },
            });
            let location = match d.span {
                Some(span) => sarif_region(sources, span),
                None => {
                    json!({ "artifactLocation": { "uri": sources.get(d.file).display_path() } })
                }
            };
            n["locations"] = json!([{ "physicalLocation": location }]);
            n
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ringfence",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": !report.diagnostics.iter().any(|d| d.level == Level::Error),
                "toolExecutionNotifications": notifications,
            }],
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
