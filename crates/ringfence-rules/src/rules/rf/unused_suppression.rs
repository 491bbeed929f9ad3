use crate::prelude::*;

declare_rule! {
    /// A suppression that matches no finding.
    ///
    /// Reported by `crate::suppress` (`src/suppress.rs`), which judges suppressions once
    /// every other rule has run; this file only declares it.
    pub struct UnusedSuppression {
        code: "RF002",
        name: "unused-suppression",
        severity: Low,
        default_enabled: true,
    }
}

/// Nothing to read in the model: see `crate::suppress`.
impl Check for UnusedSuppression {
    fn check(&self, _: &mut Checker<'_>) {}
}
