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
            match key.is_symmetric_encryption() {
                Some(true) => {}
                // Not a key AWS rotates: nothing the rule applies to.
                Some(false) => continue,
                None => {
                    let unknown = [key.spec, key.usage].into_iter().filter_map(|s| s.written());
                    c.undecided_among(
                        key.resource,
                        unknown,
                        "whether the key is a symmetric encryption key is not known",
                    );
                    continue;
                }
            }
            c.require(key.rotation)
                .when_unset(|name| format!("KMS key has no automatic rotation: `{name}` is not set"))
                .when(is_false, |name| format!("KMS key rotation is turned off: `{name}` is false"))
                .fix(FixValue::Bool(true));
        }
    }
}
