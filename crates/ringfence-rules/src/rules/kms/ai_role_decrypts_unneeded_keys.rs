use crate::prelude::*;

declare_rule! {
    /// A role an AI resource runs as may decrypt with a key it does not need.
    pub struct AiRoleDecryptsUnneededKeys {
        code: "KMS010",
        name: "ai-role-decrypts-unneeded-keys",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for AiRoleDecryptsUnneededKeys {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        for asset in model.ai_estate() {
            for role in asset.roles {
                c.examined(role);
            }
        }
        for grant in model.unneeded_key_grants() {
            let users: Vec<String> = grant.users.iter().map(|u| format!("`{}`", u.address)).collect();
            let finding = c.report(
                grant.policy,
                grant.element,
                format!(
                    "`{}` (the role of {}) may decrypt with `{}`, which protects none of its data: grant `kms:Decrypt` only on the keys of what the role reads",
                    grant.role.address,
                    users.join(", "),
                    grant.key.address
                ),
            );
            finding.label(grant.key.header, "the key");
            for (user, value) in grant.protects.iter().take(4) {
                finding.label(value.span, format!("protects `{}`", user.address));
            }
        }
    }
}
