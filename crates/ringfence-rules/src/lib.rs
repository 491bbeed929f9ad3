//! Stage 4 of the pipeline: the rule catalog.
//!
//! One file per rule under `src/rules/<family>/`, each declared once with
//! [`declare_rule!`] (code, name, severity, default, fix) and checked against the
//! model's typed views. The built-in rules ([`Registry::builtin`]) and the embedded
//! doc pages ([`DOCS`]) are derived by `build.rs`; a [`Registry`] also takes rules
//! made at run time, which are selected, run, suppressed and reported the same way.

mod checker;
pub mod fix;
pub mod policy;
mod registry;
mod require;
mod select;
mod suppress;

pub use checker::{
    collapse_instances, Checker, Examined, Finding, Fix, FixValue, Label, RuleError, Suppression, SuppressionKind,
};
pub use jiff::civil::Date;
pub use registry::{find_rule, Registry, RegistryError, RuleRef};
pub use require::{is_false, is_text, Requirement};
pub use select::{PathIgnores, RuleSet, Selection, SelectionError};
pub use suppress::{apply_suppressions, today, MARKER};

use rayon::prelude::*;
use ringfence_model::Model;
use std::borrow::Cow;
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Control {
    pub framework: Framework,
    /// `3.6`, `164.312(a)(2)(iv)`, `CC6.1`, `Art. 32(1)(a)`, `3.7.4`.
    pub control: Cow<'static, str>,
    /// What a passing check shows for the control.
    pub evidence: Cow<'static, str>,
}

impl Control {
    /// `hipaa:164.312(b)`: how SARIF tags and JSON name the control.
    pub fn tag(&self) -> String {
        format!("{}:{}", self.framework.id(), self.control.replace(' ', ""))
    }

    /// A sort key for control numbers as people order them: `3.10` after `3.9`,
    /// `164.312(b)` after `164.312(a)(2)(iv)`.
    pub fn sort_key(control: &str) -> Vec<(u64, String)> {
        let mut key = Vec::new();
        let mut digits = String::new();
        let mut text = String::new();
        for ch in control.chars() {
            if ch.is_ascii_digit() {
                if !text.is_empty() {
                    key.push((0, std::mem::take(&mut text)));
                }
                digits.push(ch);
            } else {
                if !digits.is_empty() {
                    key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
                    digits.clear();
                }
                text.push(ch);
            }
        }
        if !digits.is_empty() {
            key.push((digits.parse().unwrap_or(u64::MAX), String::new()));
        }
        if !text.is_empty() {
            key.push((0, text));
        }
        key
    }
}

/// What a rule is: declared once, in its file for a built-in rule ([`declare_rule!`]),
/// or built at run time. Owned text, so that a rule read from a file can have one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    pub code: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub severity: Severity,
    /// Rules off by default run only when selected.
    pub default_enabled: bool,
    /// The rule offers a safe fix (`ringfence check --fix`) where the value is written
    /// in the resource itself.
    pub fix: bool,
}

impl RuleMeta {
    /// `IAM`, `NET`, `KMS`, `LOG`, `DATA`, `RF`.
    pub fn family(&self) -> &str {
        self.code.trim_end_matches(|c: char| c.is_ascii_digit())
    }

    /// Whether `code_or_name` is this rule's code or name, in any case.
    pub fn is(&self, code_or_name: &str) -> bool {
        self.code.eq_ignore_ascii_case(code_or_name) || self.name.eq_ignore_ascii_case(code_or_name)
    }

    /// Whether `pattern` stands for this rule: its code, its name or its family, in
    /// any case. The one matching of `--select`/`--ignore`, the configuration and
    /// suppressions (`ALL` is the selection's own word, not a pattern of the rule's).
    pub fn matches(&self, pattern: &str) -> bool {
        self.is(pattern) || self.family().eq_ignore_ascii_case(pattern)
    }
}

/// A rule: its declaration and its check. Implemented for every type that is
/// declared with [`declare_rule!`] and implements [`Check`]; a rule made at run time
/// implements it directly and gives its own page and controls.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;

    fn check(&self, checker: &mut Checker<'_>);

    /// The rule's page (Markdown). A built-in rule's is its `rules/CODE/README.md`.
    fn doc(&self) -> &str {
        builtin_doc(&self.meta().code)
    }

    /// The controls the rule gives evidence for. A built-in rule's come from the
    /// `## Compliance` table of its page.
    fn controls(&self) -> &[Control] {
        builtin_controls(&self.meta().code)
    }
}

/// The page of a built-in rule, by code ("" for no such rule).
fn builtin_doc(code: &str) -> &'static str {
    DOCS.iter().find(|(c, _)| *c == code).map_or("", |(_, doc)| doc)
}

/// The controls of a built-in rule's page, by code.
fn builtin_controls(code: &str) -> &'static [Control] {
    COMPLIANCE.iter().find(|(c, _)| *c == code).map_or(&[], |(_, controls)| controls)
}

/// The metadata half of a rule, written by [`declare_rule!`].
pub trait Declared {
    /// The rule's code: how other code names a built-in rule by its type
    /// (`checker.runs::<WildcardAction>()`), never by a string.
    const CODE: &'static str;

    fn meta(&self) -> &'static RuleMeta;
}

/// The check half of a rule, written in the rule's file.
pub trait Check {
    fn check(&self, checker: &mut Checker<'_>);
}

impl<T: Declared + Check + Send + Sync> Rule for T {
    fn meta(&self) -> &RuleMeta {
        Declared::meta(self)
    }

    fn check(&self, checker: &mut Checker<'_>) {
        Check::check(self, checker)
    }
}

/// What every rule file needs; `rules::WildcardAction` names another built-in rule.
pub(crate) mod prelude {
    pub(crate) use crate::rules;
    pub use crate::{declare_rule, is_false, is_text, Check, Checker, FixValue, Severity};
    pub use ringfence_model::{Setting, Value};
}

/// Declares a rule struct and its metadata. The struct is named after the file.
/// `fix: true` says the rule offers a safe fix (it may only then call `fix_set`).
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            severity: $severity:ident,
            default_enabled: $enabled:literal
            $(, fix: $fix:literal)? $(,)?
        }
    ) => {
        $(#[$attr])*
        pub struct $name;

        impl $crate::Declared for $name {
            const CODE: &'static str = $code;

            fn meta(&self) -> &'static $crate::RuleMeta {
                static META: $crate::RuleMeta = $crate::RuleMeta {
                    code: ::std::borrow::Cow::Borrowed($code),
                    name: ::std::borrow::Cow::Borrowed($rule_name),
                    severity: $crate::Severity::$severity,
                    default_enabled: $enabled,
                    fix: false $(|| $fix)?,
                };
                &META
            }
        }
    };
}

/// What the rules made of a model: [`run`]'s result.
#[derive(Default)]
pub struct Ran {
    /// Sorted by file, position and code.
    pub findings: Vec<Finding>,
    /// Rules that panicked: their findings are lost, the others' are not.
    pub panicked: Vec<RuleRef>,
    /// Errors rules found in themselves, in rule order.
    pub errors: Vec<RuleError>,
    /// What each rule judged, in rule order, then in the order the rule looked.
    pub examined: Vec<Examined>,
}

/// Runs the rules over the model in parallel. Findings are sorted by file, position
/// and code, so the result is the same whatever the number of threads. A rule that
/// panics (a bug a hostile input trips) loses its findings, not the run: its code is
/// returned, for an error that names it.
pub fn run(model: &Model, rules: &[RuleRef]) -> Ran {
    let running: Vec<&str> = rules.iter().map(|r| &*r.code).collect();
    type Checked = (Vec<Finding>, Vec<RuleError>, Vec<Examined>);
    let results: Vec<(Result<Checked, RuleRef>, std::time::Duration)> = rules
        .par_iter()
        .map(|rule| {
            let started = std::time::Instant::now();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut checker = Checker::new(model, rule.clone(), &running);
                rule.check(&mut checker);
                checker.into_findings()
            }))
            .map_err(|_| rule.clone());
            (result, started.elapsed())
        })
        .collect();
    // The costliest rules first (`RINGFENCE_TIMINGS`); the first to ask for a view the
    // model keeps (policies, AI roles) pays for it.
    if ringfence_syntax::timings::enabled() {
        let mut spent: Vec<(std::time::Duration, &str)> =
            rules.iter().zip(&results).map(|(rule, (_, took))| (*took, &*rule.code)).collect();
        spent.sort_by(|a, b| b.cmp(a));
        for (took, code) in spent.iter().take(10) {
            ringfence_syntax::timings::note(&format!("rule {code}"), *took);
        }
    }
    let results = results.into_iter().map(|(result, _)| result);
    let mut ran = Ran::default();
    for result in results {
        match result {
            Ok((found, failed, examined)) => {
                ran.findings.extend(found);
                ran.errors.extend(failed);
                ran.examined.extend(examined);
            }
            Err(rule) => ran.panicked.push(rule),
        }
    }
    // Instances at one span are still apart here (`collapse_instances` joins them
    // once the scan's filters have seen each resource).
    ran.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    ran
}
