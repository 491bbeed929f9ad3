//! Stage 4 of the pipeline: the rule catalog.
//!
//! One file per rule under `src/rules/<family>/`, each declared once with
//! [`declare_rule!`] and checked against the model's typed views. The registry
//! ([`RULES`]) and the embedded doc pages ([`DOCS`]) are derived by `build.rs`.

mod checker;
pub mod fix;
mod require;
mod select;
mod suppress;

pub use checker::{Checker, Finding, Fix, FixValue, Label, Suppression, SuppressionKind};
pub use jiff::civil::Date;
pub use require::{is_false, is_text, Requirement};
pub use select::{Selection, SelectionError};
pub use suppress::{apply_suppressions, today, MARKER};

use rayon::prelude::*;
use ringfence_model::Model;
use std::fmt;

include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// How bad a finding is. Ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A compliance framework a rule can give evidence for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Framework {
    Cis,
    Hipaa,
    Soc2,
    Gdpr,
    Pci,
}

impl Framework {
    pub const ALL: [Framework; 5] =
        [Framework::Cis, Framework::Hipaa, Framework::Soc2, Framework::Gdpr, Framework::Pci];

    /// The name `--compliance` takes.
    pub fn id(self) -> &'static str {
        match self {
            Framework::Cis => "cis",
            Framework::Hipaa => "hipaa",
            Framework::Soc2 => "soc2",
            Framework::Gdpr => "gdpr",
            Framework::Pci => "pci",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Framework::Cis => "CIS AWS Foundations v3.0",
            Framework::Hipaa => "HIPAA",
            Framework::Soc2 => "SOC 2",
            Framework::Gdpr => "GDPR",
            Framework::Pci => "PCI DSS v4.0",
        }
    }

    /// By id (`hipaa`), also accepting a few common spellings (`soc-2`, `pci-dss`).
    pub fn parse(name: &str) -> Option<Framework> {
        let key: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        match key.as_str() {
            "cis" | "cisaws" | "cisawsfoundations" => Some(Framework::Cis),
            "hipaa" => Some(Framework::Hipaa),
            "soc2" => Some(Framework::Soc2),
            "gdpr" => Some(Framework::Gdpr),
            "pci" | "pcidss" => Some(Framework::Pci),
            _ => None,
        }
    }
}

/// One control of a framework a rule gives evidence for.
#[derive(Debug)]
pub struct Control {
    pub framework: Framework,
    /// `3.6`, `164.312(a)(2)(iv)`, `CC6.1`, `Art. 32(1)(a)`, `3.7.4`.
    pub control: &'static str,
    /// What a passing check shows for the control.
    pub evidence: &'static str,
}

impl Control {
    /// `hipaa:164.312(b)`: how SARIF tags and JSON name the control.
    pub fn tag(&self) -> String {
        format!("{}:{}", self.framework.id(), self.control.replace(' ', ""))
    }
}

/// What a rule is: declared once in its file.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Rules off by default run only when selected.
    pub default_enabled: bool,
}

impl RuleMeta {
    /// `IAM`, `NET`, `KMS`, `LOG`, `DATA`.
    pub fn family(&self) -> &'static str {
        self.code.trim_end_matches(|c: char| c.is_ascii_digit())
    }

    /// The rule's doc page.
    pub fn doc(&self) -> &'static str {
        DOCS.iter().find(|(code, _)| *code == self.code).map_or("", |(_, doc)| doc)
    }

    /// The controls the rule gives evidence for (its doc page's compliance table).
    pub fn controls(&self) -> &'static [Control] {
        COMPLIANCE.iter().find(|(code, _)| *code == self.code).map_or(&[], |(_, c)| c)
    }

    /// The frameworks the rule is mapped to, each once, in framework order.
    pub fn frameworks(&self) -> Vec<Framework> {
        let mut f: Vec<Framework> = self.controls().iter().map(|c| c.framework).collect();
        f.sort();
        f.dedup();
        f
    }

    /// One line: the first paragraph of the doc page after its title.
    pub fn summary(&self) -> String {
        self.doc()
            .lines()
            .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A rule: its declaration and its check. Implemented for every type that is
/// declared with [`declare_rule!`] and implements [`Check`].
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, checker: &mut Checker<'_>);
}

/// The metadata half of a rule, written by [`declare_rule!`].
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

/// The check half of a rule, written in the rule's file.
pub trait Check {
    fn check(&self, checker: &mut Checker<'_>);
}

impl<T: Declared + Check + Sync> Rule for T {
    fn meta(&self) -> &'static RuleMeta {
        Declared::meta(self)
    }

    fn check(&self, checker: &mut Checker<'_>) {
        Check::check(self, checker)
    }
}

/// What every rule file needs.
pub(crate) mod prelude {
    pub use crate::{declare_rule, is_false, is_text, Check, Checker, FixValue, Severity};
    pub use ringfence_model::{Setting, Value};
}

/// Declares a rule struct and its metadata. The struct is named after the file.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            default_enabled: $enabled:literal $(,)?
        }
    ) => {
        $(#[$attr])*
        pub struct $name;

        impl $crate::Declared for $name {
            fn meta(&self) -> &'static $crate::RuleMeta {
                static META: $crate::RuleMeta = $crate::RuleMeta {
                    code: $code,
                    name: $rule_name,
                    severity: $crate::Severity::$severity,
                    default_enabled: $enabled,
                };
                &META
            }
        }
    };
}

/// Looks a rule up by code or name.
pub fn find_rule(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().code.eq_ignore_ascii_case(code_or_name) || r.meta().name.eq_ignore_ascii_case(code_or_name))
}

/// Runs the rules over the model in parallel. Findings are sorted by file, position
/// and code, so the result is the same whatever the number of threads.
pub fn run(model: &Model, rules: &[&'static dyn Rule]) -> Vec<Finding> {
    let running: Vec<&str> = rules.iter().map(|r| r.meta().code).collect();
    let mut findings: Vec<Finding> = rules
        .par_iter()
        .flat_map_iter(|rule| {
            let mut checker = Checker::new(model, rule.meta(), &running);
            rule.check(&mut checker);
            checker.into_findings()
        })
        .collect();
    // Two instances of one module rule are two problems, even at the same span.
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

impl RuleMeta {
    /// The first paragraph of a `## Heading` section of the doc page.
    pub fn section(&self, heading: &str) -> Option<String> {
        let doc = self.doc();
        let start = doc.find(&format!("## {heading}\n"))? + heading.len() + 4;
        let paragraph: Vec<&str> =
            doc[start..].lines().skip_while(|l| l.trim().is_empty()).take_while(|l| !l.trim().is_empty()).collect();
        (!paragraph.is_empty()).then(|| paragraph.join(" "))
    }
}
