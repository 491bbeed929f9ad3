use crate::{apply_suppressions, run, Date, Examined, Finding, Framework, Ran, Registry, RuleRef, Severity};
use globset::GlobSet;
use ringfence_model::Model;
use ringfence_syntax::{Diagnostic, FileId, SourceMap};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Which rules run, and what becomes of their findings: `select` and `ignore` take
/// codes (`KMS001`), names (`key-rotation-disabled`), families (`KMS`) or `ALL`.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Keep only rules mapped to one of these frameworks (`hipaa`, `cis`, ...).
    pub compliance: Vec<String>,
    /// The severity a rule's findings get, by code (the configuration's `[severity]`).
    pub severity: BTreeMap<String, Severity>,
    /// Rules turned off for some files (the configuration's `[per-path-ignores]`).
    pub path_ignores: PathIgnores,
}

#[derive(Debug, PartialEq, Eq)]
pub struct SelectionError(pub String);

impl std::fmt::Display for SelectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `ALL`: every rule, in `select` and `ignore` (in `select`, only those on by default).
pub(crate) fn is_all(pattern: &str) -> bool {
    pattern.eq_ignore_ascii_case("ALL")
}

/// Whether a `select`/`ignore` pattern takes the rule.
fn takes(rule: &RuleRef, pattern: &str) -> bool {
    is_all(pattern) || rule.matches(pattern)
}

impl Selection {
    /// The rules of `registry` this selection runs, with what it does to their findings.
    pub fn resolve(&self, registry: &Registry) -> Result<RuleSet, SelectionError> {
        Ok(RuleSet { registry: registry.clone(), rules: self.rules(registry)?, selection: self.clone() })
    }

    /// The rules of `registry` to run. Without `select`, every rule on by default; a
    /// rule off by default runs only when selected by code, name or family (not by `ALL`).
    pub fn rules(&self, registry: &Registry) -> Result<Vec<RuleRef>, SelectionError> {
        for pattern in self.select.iter().chain(&self.ignore) {
            if !registry.knows(pattern) {
                return Err(SelectionError(format!("unknown rule, name or family `{pattern}`")));
            }
        }
        let frameworks = self
            .compliance
            .iter()
            .map(|name| {
                Framework::parse(name).ok_or_else(|| {
                    let known: Vec<&str> = Framework::ALL.iter().map(|f| f.id()).collect();
                    SelectionError(format!("unknown compliance framework `{name}` (one of: {})", known.join(", ")))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(registry
            .rules()
            .iter()
            .filter(|r| {
                let selected = if self.select.is_empty() {
                    r.default_enabled
                } else {
                    self.select.iter().any(|p| takes(r, p) && (r.default_enabled || !is_all(p)))
                };
                let mapped = frameworks.is_empty() || r.frameworks().iter().any(|f| frameworks.contains(f));
                selected && mapped && !self.ignore.iter().any(|p| takes(r, p))
            })
            .cloned()
            .collect())
    }

    /// The severity the configuration gives a rule's findings, if it changes it.
    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.severity.get(code).copied()
    }

    /// Whether `[per-path-ignores]` turns the rule off for this file.
    pub fn ignored_at(&self, path: &Path, code: &str) -> bool {
        self.path_ignores.codes_at(path).contains(&code)
    }

    /// Drops the findings per-path ignores turn off and gives the rest the severity
    /// the configuration sets (after suppressions: an ignored finding leaves no
    /// unused suppression behind, and an RF finding can be re-rated too).
    pub fn apply(&self, sources: &SourceMap, findings: &mut Vec<Finding>) {
        if !self.path_ignores.is_empty() {
            let mut ignored: HashMap<FileId, Vec<&str>> = HashMap::new();
            findings.retain(|f| {
                let codes = ignored
                    .entry(f.primary.file)
                    .or_insert_with(|| self.path_ignores.codes_at(&sources.get(f.primary.file).path));
                !codes.contains(&&*f.rule.code)
            });
        }
        for f in findings.iter_mut() {
            if let Some(severity) = self.severity_of(&f.rule.code) {
                f.severity = severity;
            }
        }
    }
}

/// What a scan runs: the rules a selection takes from a registry, and what becomes
/// of their findings.
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// Every rule known: a suppression may name any of them.
    pub registry: Registry,
    /// The rules that run, in code order.
    pub rules: Vec<RuleRef>,
    /// Its severities and per-path ignores.
    pub selection: Selection,
}

impl RuleSet {
    /// Every rule of `registry`, on by default or not, findings as the rules report them.
    pub fn all(registry: &Registry) -> RuleSet {
        RuleSet { registry: registry.clone(), rules: registry.rules().to_vec(), selection: Selection::default() }
    }

    /// The findings over the model: the rules run, suppressions judged (as of `today`),
    /// then per-path ignores and severities applied; and an error for each rule that
    /// failed (an internal error: its findings are missing, the others' are not); and
    /// what each rule examined.
    pub fn check(
        &self,
        model: &Model,
        sources: &SourceMap,
        today: Date,
    ) -> (Vec<Finding>, Vec<Diagnostic>, Vec<Examined>) {
        let Ran { mut findings, panicked, errors, examined } = run(model, &self.rules);
        apply_suppressions(model, sources, &mut findings, &self.registry, &self.rules, today);
        self.selection.apply(sources, &mut findings);
        let mut failed: Vec<Diagnostic> = panicked
            .iter()
            .map(|rule| {
                let id = sources.add(PathBuf::from(format!("<rule {}>", rule.code)), String::new());
                let message = format!(
                    "internal error in rule {} ({}), please report it: its findings are missing, the other rules' \
                     are reported",
                    rule.code, rule.name
                );
                Diagnostic::error(id, None, message)
            })
            .collect();
        for e in errors {
            // The rule's own file, added once (the loader never reads it).
            let id = sources.find(&e.path).unwrap_or_else(|| sources.add(e.path.clone(), e.text.to_string()));
            let span = ringfence_syntax::Span::new(id, e.start, e.end);
            failed.push(Diagnostic::error(id, Some(span), e.message));
        }
        (findings, failed, examined)
    }
}

/// `[per-path-ignores]`: globs, matched against paths relative to `base` (the
/// configuration's directory), and the rule codes each turns off.
#[derive(Clone, Debug, Default)]
pub struct PathIgnores {
    base: PathBuf,
    globs: Vec<(GlobSet, Vec<String>)>,
}

impl PathIgnores {
    pub fn new(base: PathBuf) -> PathIgnores {
        PathIgnores { base, globs: Vec::new() }
    }

    /// Turns `codes` off for the files `globs` match.
    pub fn add(&mut self, globs: GlobSet, codes: Vec<String>) {
        self.globs.push((globs, codes));
    }

    pub fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    /// The rule codes turned off for this file.
    pub fn codes_at(&self, path: &Path) -> Vec<&str> {
        if self.globs.is_empty() {
            return Vec::new();
        }
        let Ok(absolute) = std::path::absolute(path) else { return Vec::new() };
        let normalized = ringfence_syntax::normalize(&absolute);
        let Ok(relative) = normalized.strip_prefix(&self.base) else { return Vec::new() };
        let relative = relative.to_string_lossy().replace('\\', "/");
        self.globs
            .iter()
            .filter(|(set, _)| set.is_match(&relative))
            .flat_map(|(_, codes)| codes.iter().map(String::as_str))
            .collect()
    }
}
