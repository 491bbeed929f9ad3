use crate::{Attribute, Field, Model, Resource, ResourceId, Setting};

/// A customer managed KMS key.
pub struct KmsKey<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// Yearly automatic rotation (off when unset).
    pub rotation: Field<'m>,
    /// Key spec: `SYMMETRIC_DEFAULT` when unset.
    pub spec: Setting<'m>,
    /// Key usage: `ENCRYPT_DECRYPT` when unset.
    pub usage: Setting<'m>,
}

impl KmsKey<'_> {
    /// Whether the key is a symmetric encryption key, the only kind AWS rotates.
    /// `None` when the spec or usage cannot be known.
    pub fn is_symmetric_encryption(&self) -> Option<bool> {
        let spec_ok = match self.spec {
            Setting::Unset => true,
            Setting::Unknown(_) => return None,
            Setting::Known(v) => v.as_str()? == "SYMMETRIC_DEFAULT",
        };
        let usage_ok = match self.usage {
            Setting::Unset => true,
            Setting::Unknown(_) => return None,
            Setting::Known(v) => v.as_str()? == "ENCRYPT_DECRYPT",
        };
        Some(spec_ok && usage_ok)
    }
}

impl Model {
    pub fn kms_keys(&self) -> impl Iterator<Item = KmsKey<'_>> {
        self.of_type(&["aws_kms_key", "AWS::KMS::Key"]).map(|(id, r)| KmsKey {
            id,
            resource: r,
            rotation: Attribute::new("enable_key_rotation", "EnableKeyRotation").read(r),
            spec: match Attribute::new("customer_master_key_spec", "KeySpec").read(r).setting {
                Setting::Unset => Attribute::new("key_spec", "KeySpec").read(r).setting,
                s => s,
            },
            usage: Attribute::new("key_usage", "KeyUsage").read(r).setting,
        })
    }
}
