//! Stage 5 of the pipeline: findings and diagnostics into what people and machines
//! read. Every format takes lines and columns from the files' line indexes.

pub mod audit;
mod ci;
mod clean;
mod human;
mod machine;
mod source;

pub use ci::{render_github, render_junit, render_statistics};
pub use human::{render_human, summary};
pub use machine::{render_concise, render_json, render_sarif};

use ringfence_rules::{Finding, RuleRef, Severity};
use ringfence_syntax::{Diagnostic, FileId, SourceMap};

/// Everything a report shows.
pub struct Report<'a> {
    pub sources: &'a SourceMap,
    /// The findings that count (fail the run at or above the threshold).
    pub findings: &'a [Finding],
    /// Findings a suppression accepts: shown by JSON and SARIF, counted elsewhere.
    pub suppressed: &'a [Finding],
    pub diagnostics: &'a [Diagnostic],
    /// The rules that ran (SARIF lists them; JUnit has a test case per rule and file).
    pub rules: &'a [RuleRef],
    /// The files that were checked (held resources), in path order.
    pub checked: &'a [FileId],
    /// Findings left out before the report: what the summary says about them.
    pub hidden: Hidden,
    /// The inputs checked and those that were not: what the summary counts.
    pub inputs: Accounted,
    /// `docs-url` of the configuration: where each rule's page is read (`{code}` and
    /// `{name}` replaced, else the code appended).
    pub docs_url: Option<&'a str>,
    /// A finding's stable fingerprint (SARIF `partialFingerprints`); none: not given.
    pub fingerprint: Option<&'a dyn Fn(&Finding) -> String>,
}

/// How many reported findings `--fix` would fix.
pub fn fixable(report: &Report<'_>) -> usize {
    report.findings.iter().filter(|f| f.fix.is_some()).count()
}

/// The address of a finding's rule page under `docs-url`.
pub fn rule_url(docs_url: Option<&str>, code: &str, name: &str) -> Option<String> {
    let base = docs_url?;
    Some(if base.contains("{code}") || base.contains("{name}") {
        base.replace("{code}", code).replace("{name}", name)
    } else {
        format!("{}/{code}", base.trim_end_matches('/'))
    })
}

/// Counts of the inputs a scan was given: every file discovery found or the command
/// line named is one of these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Accounted {
    /// Read and parsed (Terraform files of every module loaded, variable files,
    /// templates, plans).
    pub checked: usize,
    /// Could not be read or parsed: each has an error.
    pub unreadable: usize,
    /// Left out of their module's evaluation for exceeding a budget: each has an error.
    pub over_budget: usize,
    /// YAML and JSON found while walking that are neither templates nor plans.
    pub not_iac: usize,
    /// Terraform files that `.gitignore` (or `.ignore`, git's excludes) hides and git
    /// does not track.
    pub ignored: usize,
    /// `.tf`/`.tf.json` files a `.tofu`/`.tofu.json` file of the same base name
    /// replaces (OpenTofu reads only that one).
    pub shadowed: usize,
}

/// Counts of findings that a baseline or a diff left out of the report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Hidden {
    /// Findings the baseline already records.
    pub baseline: usize,
    /// Findings outside the lines changed since `--changed-since`.
    pub unchanged: usize,
    /// `--severity`: the threshold, and how many findings below it are not shown.
    pub below_severity: Option<(Severity, usize)>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Junit,
    Github,
    /// The human report's summary line alone (`-q`).
    Summary,
}

impl Format {
    pub fn render(self, report: &Report<'_>, color: bool) -> String {
        match self {
            Format::Human => render_human(report, color),
            Format::Concise => render_concise(report),
            Format::Json => render_json(report),
            Format::Sarif => render_sarif(report),
            Format::Junit => render_junit(report),
            Format::Github => render_github(report),
            Format::Summary => summary(report) + "\n",
        }
    }
}

/// The plural ending of a count's noun: "1 finding", "2 findings".
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
