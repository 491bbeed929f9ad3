use crate::prelude::*;

declare_rule! {
    /// A suppression whose end date has passed.
    ///
    /// Reported by `crate::suppress` (`src/suppress.rs`), which judges suppressions once
    /// every other rule has run; this file only declares it.
    pub struct ExpiredSuppression {
        code: "RF003",
        name: "expired-suppression",
        severity: Low,
        default_enabled: true,
    }
}

/// Nothing to read in the model: see `crate::suppress`.
impl Check for ExpiredSuppression {
    fn check(&self, _: &mut Checker<'_>) {}
}
