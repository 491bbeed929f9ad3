use ringfence_eval::{Lang, Resource, Value};

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

    pub fn known(&self) -> Option<&'m Value> {
        match self {
            Setting::Known(v) => Some(v),
            _ => None,
        }
    }

    /// The value written, known or not.
    pub fn written(&self) -> Option<&'m Value> {
        match self {
            Setting::Known(v) | Setting::Unknown(v) => Some(v),
            Setting::Unset => None,
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

/// Where a setting lives in each language a view knows: a dotted path through nested
/// blocks (Terraform) or properties (CloudFormation); empty where the language has no
/// such setting. Views name attributes only through this, so a rule takes the name it
/// prints and the path it fixes from the view, and a new language is one more arm of
/// [`Attribute::path`]: awscc's is the CloudFormation path in the provider's snake_case
/// ([`crate::awscc`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute {
    terraform: &'static str,
    cloudformation: &'static str,
}

impl Attribute {
    pub const fn new(terraform: &'static str, cloudformation: &'static str) -> Attribute {
        Attribute { terraform, cloudformation }
    }

    /// The dotted path in `lang`.
    pub fn path(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Terraform => self.terraform,
            Lang::CloudFormation => self.cloudformation,
            Lang::Awscc => crate::awscc::path(self.cloudformation),
        }
    }

    /// The path in `lang`, one block or property per step.
    pub fn steps(self, lang: Lang) -> Vec<&'static str> {
        self.path(lang).split('.').collect()
    }

    /// The attribute itself (the last step), as messages name it.
    pub fn name(self, lang: Lang) -> &'static str {
        self.path(lang).rsplit('.').next().unwrap_or_default()
    }

    /// The outermost block or property holding it (the first step).
    pub fn block(self, lang: Lang) -> &'static str {
        self.path(lang).split('.').next().unwrap_or_default()
    }

    /// The first value at the path under `value` (a resource's attributes, a nested
    /// block), as written.
    pub fn value_in(self, value: &Value, lang: Lang) -> Option<&Value> {
        value.lookup_all(&self.steps(lang)).into_iter().next()
    }

    /// The value written under the key of a one-step path directly in `value` (a map),
    /// as written.
    pub fn get(self, value: &Value, lang: Lang) -> Option<&Value> {
        value.get(self.path(lang))
    }

    /// The setting at the path under `value`.
    pub fn at<'m>(self, value: &'m Value, lang: Lang) -> Setting<'m> {
        Setting::of(self.value_in(value, lang))
    }

    /// The setting of `resource`, with where it lives.
    pub fn read(self, resource: &Resource) -> Field<'_> {
        Field { resource, attribute: self, setting: self.at(&resource.attrs, resource.lang) }
    }
}

/// A setting of a resource as a view read it, with the attribute it was read from: a
/// rule names it ([`Field::name`]) and fixes it without knowing what it is called in
/// the resource's language.
#[derive(Clone, Copy, Debug)]
pub struct Field<'m> {
    pub resource: &'m Resource,
    pub attribute: Attribute,
    pub setting: Setting<'m>,
}

impl<'m> Field<'m> {
    /// The attribute's name in the resource's language (`enable_key_rotation`,
    /// `EnableKeyRotation`).
    pub fn name(&self) -> &'static str {
        self.attribute.name(self.resource.lang)
    }

    /// The outermost block holding it (`data_capture_config`), or the attribute itself.
    pub fn block(&self) -> &'static str {
        self.attribute.block(self.resource.lang)
    }

    /// Its path in the resource's language, one block per step (where a fix writes).
    pub fn steps(&self) -> Vec<&'static str> {
        self.attribute.steps(self.resource.lang)
    }
}

impl<'m> std::ops::Deref for Field<'m> {
    type Target = Setting<'m>;

    fn deref(&self) -> &Setting<'m> {
        &self.setting
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attribute_names_itself_and_its_block_in_each_language() {
        let scan = Attribute::new("image_scanning_configuration.scan_on_push", "ImageScanningConfiguration.ScanOnPush");
        assert_eq!(scan.steps(Lang::Terraform), ["image_scanning_configuration", "scan_on_push"]);
        assert_eq!(scan.name(Lang::CloudFormation), "ScanOnPush");
        assert_eq!(scan.block(Lang::CloudFormation), "ImageScanningConfiguration");
        let rotation = Attribute::new("enable_key_rotation", "EnableKeyRotation");
        assert_eq!(
            (rotation.name(Lang::Terraform), rotation.block(Lang::Terraform)),
            ("enable_key_rotation", "enable_key_rotation")
        );
        assert_eq!(scan.path(Lang::Awscc), "image_scanning_configuration.scan_on_push");
        let key = Attribute::new("kms_master_key_id", "KMSMasterKeyID");
        assert_eq!(key.name(Lang::Awscc), "kms_master_key_id");
        // No CloudFormation path: none in awscc either.
        assert_eq!(Attribute::new("versioning.enabled", "").path(Lang::Awscc), "");
    }
}
