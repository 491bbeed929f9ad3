use crate::prelude::*;

declare_rule! {
    /// A suppression whose end date has passed.
    pub struct ExpiredSuppression {
        code: "RF003",
        name: "expired-suppression",
        severity: Low,
        default_enabled: true,
    }
}

/// Suppressions are judged after every other rule has run, against their findings:
/// see `crate::suppress`, which reports this rule. There is nothing to read in the model.
impl Check for ExpiredSuppression {
    fn check(&self, _: &mut Checker<'_>) {}
}
