use crate::prelude::*;

declare_rule! {
    /// A suppression that does not say why the finding is accepted.
    ///
    /// Reported by `crate::suppress` (`src/suppress.rs`), which judges suppressions once
    /// every other rule has run; this file only declares it.
    pub struct SuppressionWithoutReason {
        code: "RF001",
        name: "suppression-without-reason",
        severity: Low,
        default_enabled: true,
    }
}

/// Nothing to read in the model: see `crate::suppress`.
impl Check for SuppressionWithoutReason {
    fn check(&self, _: &mut Checker<'_>) {}
}
