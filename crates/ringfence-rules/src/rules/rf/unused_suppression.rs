use crate::prelude::*;

declare_rule! {
    /// A suppression that matches no finding.
    pub struct UnusedSuppression {
        code: "RF002",
        name: "unused-suppression",
        severity: Low,
        default_enabled: true,
    }
}

/// Suppressions are judged after every other rule has run, against their findings:
/// see `crate::suppress`, which reports this rule. There is nothing to read in the model.
impl Check for UnusedSuppression {
    fn check(&self, _: &mut Checker<'_>) {}
}
