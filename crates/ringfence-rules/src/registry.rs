//! The rules a scan can run: the built-in ones and any made at run time, held the
//! same way, so that selection, suppressions and reports do not tell them apart.

use crate::{Checker, Control, Framework, Rule, RuleMeta};
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, LazyLock};

/// A shared handle on a rule: what registries, selections and findings hold. It reads
/// as the rule's metadata (`rule.code`, `rule.severity`).
#[derive(Clone)]
pub struct RuleRef(Arc<dyn Rule>);

impl RuleRef {
    pub fn new(rule: impl Rule + 'static) -> RuleRef {
        RuleRef(Arc::new(rule))
    }

    pub fn rule(&self) -> &dyn Rule {
        &*self.0
    }

    pub fn meta(&self) -> &RuleMeta {
        self.0.meta()
    }

    pub fn check(&self, checker: &mut Checker<'_>) {
        self.0.check(checker)
    }

    /// The rule's page.
    pub fn doc(&self) -> &str {
        self.0.doc()
    }

    /// The controls the rule gives evidence for.
    pub fn controls(&self) -> &[Control] {
        self.0.controls()
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

    /// The first paragraph of a `## Heading` section of the doc page.
    pub fn section(&self, heading: &str) -> Option<String> {
        let doc = self.doc();
        let start = doc.find(&format!("## {heading}\n"))? + heading.len() + 4;
        let paragraph: Vec<&str> =
            doc[start..].lines().skip_while(|l| l.trim().is_empty()).take_while(|l| !l.trim().is_empty()).collect();
        (!paragraph.is_empty()).then(|| paragraph.join(" "))
    }
}

impl Deref for RuleRef {
    type Target = RuleMeta;

    fn deref(&self) -> &RuleMeta {
        self.0.meta()
    }
}

impl fmt::Debug for RuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.meta().fmt(f)
    }
}

/// Every rule a scan can run, in code order.
#[derive(Clone, Debug)]
pub struct Registry {
    rules: Vec<RuleRef>,
}

/// Two rules that cannot both be registered.
#[derive(Debug, PartialEq, Eq)]
pub struct RegistryError(pub String);

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RegistryError {}

static BUILTIN: LazyLock<Registry> = LazyLock::new(|| Registry { rules: crate::builtin_rules() });

/// The built-in rules.
impl Default for Registry {
    fn default() -> Registry {
        Registry::builtin().clone()
    }
}

impl Registry {
    /// The rules compiled in (one file each under `src/rules/`).
    pub fn builtin() -> &'static Registry {
        &BUILTIN
    }

    /// These rules and `extra`, in code order. A code, or a name, used twice is an
    /// error: every lookup and suppression must name one rule.
    pub fn with_rules(&self, extra: impl IntoIterator<Item = RuleRef>) -> Result<Registry, RegistryError> {
        let mut rules = self.rules.clone();
        for rule in extra {
            if let Some(taken) = rules.iter().find(|r| r.is(&rule.code) || r.is(&rule.name)) {
                return Err(RegistryError(format!(
                    "rule {} `{}` clashes with rule {} `{}`",
                    rule.code, rule.name, taken.code, taken.name
                )));
            }
            if rule.family().is_empty() || crate::select::is_all(&rule.code) {
                return Err(RegistryError(format!("rule code `{}` needs letters then digits (`ORG001`)", rule.code)));
            }
            rules.push(rule);
        }
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(Registry { rules })
    }

    pub fn rules(&self) -> &[RuleRef] {
        &self.rules
    }

    /// The rule with this code or name.
    pub fn find(&self, code_or_name: &str) -> Option<&RuleRef> {
        self.rules.iter().find(|r| r.is(code_or_name))
    }

    /// Whether `select` and `ignore` may take `pattern`: `ALL`, or a code, name or
    /// family of a rule here.
    pub fn knows(&self, pattern: &str) -> bool {
        crate::select::is_all(pattern) || self.matching(pattern).next().is_some()
    }

    /// The rules a code, name or family stands for, in code order.
    pub fn matching<'r>(&'r self, pattern: &'r str) -> impl Iterator<Item = &'r RuleRef> + 'r {
        self.rules.iter().filter(move |r| r.matches(pattern))
    }
}

/// Looks a built-in rule up by code or name.
pub fn find_rule(code_or_name: &str) -> Option<&'static RuleRef> {
    Registry::builtin().find(code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Selection, Severity};
    use std::borrow::Cow;

    /// A rule made at run time, as a custom policy will be: every bucket, reported.
    struct EveryBucket {
        meta: RuleMeta,
        controls: Vec<Control>,
    }

    impl Rule for EveryBucket {
        fn meta(&self) -> &RuleMeta {
            &self.meta
        }

        fn check(&self, c: &mut Checker<'_>) {
            for (_, r) in c.model.resources().filter(|(_, r)| r.rtype == "aws_s3_bucket") {
                c.report_missing(r, "a bucket");
            }
        }

        fn doc(&self) -> &str {
            "# ORG001: every-bucket\n\nEvery bucket, reported.\n"
        }

        fn controls(&self) -> &[Control] {
            &self.controls
        }
    }

    fn custom() -> RuleRef {
        RuleRef::new(EveryBucket {
            meta: RuleMeta {
                code: Cow::Owned("ORG001".to_string()),
                name: Cow::Owned("every-bucket".to_string()),
                severity: Severity::Medium,
                default_enabled: true,
                fix: false,
            },
            controls: vec![Control {
                framework: Framework::Soc2,
                control: Cow::Owned("CC6.1".to_string()),
                evidence: Cow::Borrowed("buckets are looked at"),
            }],
        })
    }

    #[test]
    fn a_rule_made_at_run_time_is_found_selected_and_described_like_a_built_in() {
        let registry = Registry::builtin().with_rules([custom()]).unwrap();
        assert_eq!(registry.rules().len(), Registry::builtin().rules().len() + 1);
        assert!(registry.rules().windows(2).all(|w| w[0].code < w[1].code), "code order");
        let rule = registry.find("every-bucket").unwrap();
        assert_eq!(rule.code, "ORG001");
        assert_eq!(rule.summary(), "Every bucket, reported.");
        assert_eq!(rule.frameworks(), vec![Framework::Soc2]);
        assert_eq!(registry.matching("org").count(), 1);

        let codes =
            |s: &Selection| -> Vec<String> { s.rules(&registry).unwrap().iter().map(|r| r.code.to_string()).collect() };
        let only = Selection { select: vec!["ORG".into()], ..Selection::default() };
        assert_eq!(codes(&only), vec!["ORG001"]);
        let soc2 = Selection { compliance: vec!["soc2".into()], ..Selection::default() };
        assert!(codes(&soc2).contains(&"ORG001".to_string()));
        let ignored = Selection { ignore: vec!["every-bucket".into()], ..Selection::default() };
        assert!(!codes(&ignored).contains(&"ORG001".to_string()));
        // Unknown to the built-in registry.
        assert!(only.rules(Registry::builtin()).is_err());
    }

    #[test]
    fn a_code_or_name_taken_twice_is_refused() {
        let registry = Registry::builtin().with_rules([custom()]).unwrap();
        assert!(registry.with_rules([custom()]).is_err());
    }
}
