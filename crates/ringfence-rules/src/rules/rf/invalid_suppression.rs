use crate::prelude::*;

declare_rule! {
    /// A suppression that cannot be read: no rule list, an unknown rule, a date that is not a date.
    pub struct InvalidSuppression {
        code: "RF004",
        name: "invalid-suppression",
        severity: Low,
        default_enabled: true,
    }
}

/// Suppressions are judged after every other rule has run, against their findings:
/// see `crate::suppress`, which reports this rule. There is nothing to read in the model.
impl Check for InvalidSuppression {
    fn check(&self, _: &mut Checker<'_>) {}
}
