use crate::{Framework, Rule, RULES};

/// Which rules run: `select` and `ignore` take codes (`KMS001`), names
/// (`key-rotation-disabled`), families (`KMS`) or `ALL`.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Keep only rules mapped to one of these frameworks (`hipaa`, `cis`, ...).
    pub compliance: Vec<String>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct SelectionError(pub String);

impl std::fmt::Display for SelectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn matches(rule: &dyn Rule, pattern: &str) -> bool {
    let m = rule.meta();
    pattern.eq_ignore_ascii_case("ALL")
        || m.code.eq_ignore_ascii_case(pattern)
        || m.name.eq_ignore_ascii_case(pattern)
        || m.family().eq_ignore_ascii_case(pattern)
}

impl Selection {
    /// The rules to run. Without `select`, every rule on by default; a rule off by
    /// default runs only when selected by code, name or family (not by `ALL`).
    pub fn rules(&self) -> Result<Vec<&'static dyn Rule>, SelectionError> {
        for pattern in self.select.iter().chain(&self.ignore) {
            if !RULES.iter().any(|r| matches(*r, pattern)) {
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
        Ok(RULES
            .iter()
            .copied()
            .filter(|r| {
                let selected = if self.select.is_empty() {
                    r.meta().default_enabled
                } else {
                    self.select
                        .iter()
                        .any(|p| matches(*r, p) && (r.meta().default_enabled || !p.eq_ignore_ascii_case("ALL")))
                };
                let mapped = frameworks.is_empty() || r.meta().frameworks().iter().any(|f| frameworks.contains(f));
                selected && mapped && !self.ignore.iter().any(|p| matches(*r, p))
            })
            .collect())
    }
}
