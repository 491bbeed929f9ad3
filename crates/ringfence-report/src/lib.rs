//! Stage 5 of the pipeline: findings and diagnostics into what people and machines
//! read. Every format takes lines and columns from the files' line indexes.

mod human;
mod machine;
mod source;

pub use human::render_human;
pub use machine::{render_concise, render_json, render_sarif};

use ringfence_rules::{Finding, Rule};
use ringfence_syntax::{Diagnostic, SourceMap};

/// Everything a report shows.
pub struct Report<'a> {
    pub sources: &'a SourceMap,
    pub findings: &'a [Finding],
    pub diagnostics: &'a [Diagnostic],
    /// The rules that ran (SARIF lists them).
    pub rules: &'a [&'static dyn Rule],
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
}

impl Format {
    pub fn render(self, report: &Report<'_>, color: bool) -> String {
        match self {
            Format::Human => render_human(report, color),
            Format::Concise => render_concise(report),
            Format::Json => render_json(report),
            Format::Sarif => render_sarif(report),
        }
    }
}
