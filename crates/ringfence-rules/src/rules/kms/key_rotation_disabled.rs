use crate::prelude::*;

declare_rule! {
    /// A symmetric encryption CMK without yearly automatic rotation.
    pub struct KeyRotationDisabled {
        code: "KMS001",
        name: "key-rotation-disabled",
        severity: High,
        default_enabled: true,
        fix: true,
    }
}

impl Check for KeyRotationDisabled {
    fn check(&self, c: &mut Checker<'_>) {
        for key in c.model.kms_keys() {
            // AWS rotates only symmetric encryption keys; asymmetric and HMAC never fire.
            if key.is_symmetric_encryption() != Some(true) {
                continue;
            }
            let attribute = key.resource.lang.pick("enable_key_rotation", "EnableKeyRotation");
            match key.rotation {
                Setting::Unset => {
                    c.report_missing(key.resource, format!("KMS key has no automatic rotation: `{attribute}` is not set"))
                        .fix_set(key.resource, &["enable_key_rotation"], &["EnableKeyRotation"], FixValue::Bool(true), None);
                }
                Setting::Known(v) if v.as_bool() == Some(false) => {
                    c.report(key.resource, v, format!("KMS key rotation is turned off: `{attribute}` is false")).fix_set(
                        key.resource,
                        &["enable_key_rotation"],
                        &["EnableKeyRotation"],
                        FixValue::Bool(true),
                        Some(v),
                    );
                }
                _ => {}
            }
        }
    }
}
