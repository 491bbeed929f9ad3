use ringfence_eval::{Resource, Value};

/// An attribute as a rule needs to see it: not written, written but unknowable, or
/// known. A rule reports on `Unset` (at the resource) and on a bad `Known` (at the
/// value), and never on `Unknown`.
#[derive(Clone, Copy, Debug)]
pub enum Setting<'m> {
    Unset,
    Unknown(&'m Value),
    Known(&'m Value),
}

impl<'m> Setting<'m> {
    pub fn of(value: Option<&'m Value>) -> Setting<'m> {
        match value {
            None => Setting::Unset,
            Some(v) if v.is_null() => Setting::Unset,
            // No blocks (a `dynamic` block over an empty collection) is no block.
            Some(v) if matches!(&v.kind, ringfence_eval::Kind::List(items) if items.is_empty()) => Setting::Unset,
            Some(v) if v.is_unknown() => Setting::Unknown(v),
            Some(v) => Setting::Known(v),
        }
    }

    /// The attribute named `tf` in Terraform or `cfn` in CloudFormation; a dotted
    /// path walks nested blocks/properties and takes the first match.
    pub fn attr(resource: &'m Resource, tf: &str, cfn: &str) -> Setting<'m> {
        Setting::at(&resource.attrs, resource.lang, tf, cfn)
    }

    /// Like [`Setting::attr`], relative to a nested value.
    pub fn at(value: &'m Value, lang: ringfence_eval::Lang, tf: &str, cfn: &str) -> Setting<'m> {
        let path = match lang {
            ringfence_eval::Lang::Terraform => tf,
            ringfence_eval::Lang::CloudFormation => cfn,
        };
        let parts: Vec<&str> = path.split('.').collect();
        Setting::of(value.lookup_all(&parts).into_iter().next())
    }

    pub fn known(&self) -> Option<&'m Value> {
        match self {
            Setting::Known(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_unset(&self) -> bool {
        matches!(self, Setting::Unset)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Setting::Unknown(_))
    }

    /// A known string value, compared without regard to case.
    pub fn is_str(&self, expected: &str) -> bool {
        self.known().and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case(expected))
    }
}
