use crate::prelude::*;

declare_rule! {
    /// A suppression that does not say why the finding is accepted.
    pub struct SuppressionWithoutReason {
        code: "RF001",
        name: "suppression-without-reason",
        severity: Low,
        default_enabled: true,
    }
}

/// Suppressions are judged after every other rule has run, against their findings:
/// see `crate::suppress`, which reports this rule. There is nothing to read in the model.
impl Check for SuppressionWithoutReason {
    fn check(&self, _: &mut Checker<'_>) {}
}
