//! How a rule holds one setting of a resource to a standard, in the words of its
//! sentence: "a customer managed key has rotation off" is
//!
//! ```text
//! c.require(key.rotation)
//!     .when_unset(|name| format!("KMS key has no automatic rotation: `{name}` is not set"))
//!     .when(is_false, |name| format!("KMS key rotation is turned off: `{name}` is false"))
//!     .fix(FixValue::Bool(true));
//! ```
//!
//! The setting's view knows what it is called in the resource's language and where a
//! fix writes it; the rule says only what is wrong and what is right.

use crate::{Checker, Finding, FixValue};
use ringfence_model::{Field, Setting, Value};

/// One setting under a rule's judgement: at most one finding, reported by the first
/// `when…` that matches, and its fix.
pub struct Requirement<'c, 'm> {
    checker: &'c mut Checker<'m>,
    field: Field<'m>,
    /// The finding reported, by index.
    reported: Option<usize>,
}

impl<'m> Checker<'m> {
    /// Holds `field` to a standard: see [`Requirement`].
    pub fn require(&mut self, field: Field<'m>) -> Requirement<'_, 'm> {
        // A value computed from other resources (`kms_key_id = aws_kms_key.k.arn`) is
        // set; one that nothing in the inputs decides (a variable without a default)
        // leaves the verdict open.
        match field.setting {
            Setting::Unknown(v) if v.references().is_empty() => {
                self.undecided(field.resource, v.span, format!("`{}` is not known", field.name()))
            }
            _ => self.examined(field.resource),
        }
        Requirement { checker: self, field, reported: None }
    }
}

impl<'c, 'm> Requirement<'c, 'm> {
    /// Reports the setting when it is not written, at the resource's header.
    /// `message` gets the setting's name in the resource's language.
    pub fn when_unset(mut self, message: impl FnOnce(&'static str) -> String) -> Self {
        if self.reported.is_none() && self.field.is_unset() {
            self.checker.report_missing(self.field.resource, message(self.field.name()));
            self.reported = Some(self.checker.finding_count() - 1);
        }
        self
    }

    /// Reports the setting when its value is known and `bad`, at the value.
    pub fn when(mut self, bad: impl FnOnce(&Value) -> bool, message: impl FnOnce(&'static str) -> String) -> Self {
        if let (None, Setting::Known(v)) = (self.reported, self.field.setting) {
            if bad(v) {
                self.checker.report(self.field.resource, v, message(self.field.name()));
                self.reported = Some(self.checker.finding_count() - 1);
            }
        }
        self
    }

    /// Offers the fix that gives the setting `value` on what was reported.
    pub fn fix(mut self, value: FixValue) -> Self {
        let field = self.field;
        if let Some(finding) = self.finding_mut() {
            finding.fix(field, value);
        }
        self
    }

    /// The finding reported, if any, for labels.
    pub fn finding(self) -> Option<&'c mut Finding> {
        let index = self.reported?;
        self.checker.finding_at(index)
    }

    fn finding_mut(&mut self) -> Option<&mut Finding> {
        self.checker.finding_at(self.reported?)
    }
}

/// A known `false`.
pub fn is_false(value: &Value) -> bool {
    value.as_bool() == Some(false)
}

/// A known string equal to `expected`, without regard to case.
pub fn is_text(expected: &'static str) -> impl Fn(&Value) -> bool {
    move |value| value.as_str().is_some_and(|s| s.eq_ignore_ascii_case(expected))
}
