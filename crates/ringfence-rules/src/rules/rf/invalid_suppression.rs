use crate::prelude::*;

declare_rule! {
    /// A suppression that cannot be read: no rule list, an unknown rule, a date that is not a date.
    ///
    /// Reported by `crate::suppress` (`src/suppress.rs`), which judges suppressions once
    /// every other rule has run; this file only declares it.
    pub struct InvalidSuppression {
        code: "RF004",
        name: "invalid-suppression",
        severity: Low,
        default_enabled: true,
    }
}

/// Nothing to read in the model: see `crate::suppress`.
impl Check for InvalidSuppression {
    fn check(&self, _: &mut Checker<'_>) {}
}
