use crate::prelude::*;
use ringfence_model::views::keys::is_aws_managed_alias;

declare_rule! {
    /// A resource encrypted with an AWS managed key where a customer managed key belongs.
    pub struct AwsManagedKey {
        code: "KMS009",
        name: "aws-managed-key",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for AwsManagedKey {
    fn check(&self, c: &mut Checker<'_>) {
        for (_, resource, value, _) in c.model.key_slot_values() {
            c.examined(resource);
            // A key computed from another resource (`aws_kms_key.k.arn`) is a customer
            // managed one; one nothing in the inputs decides may be an AWS managed alias.
            if value.is_unknown() && value.text().is_none() && value.references().is_empty() {
                c.undecided(resource, value.span, "the key is not known");
                continue;
            }
            // The alias part is known even when the account or region in its ARN is not.
            let Some(key) = value.text().filter(|k| is_aws_managed_alias(k)) else { continue };
            let alias = &key[key.find("alias/aws/").unwrap_or(0)..];
            c.report(resource, value, format!("`{}` is an AWS managed key: its policy cannot be changed, so access to the data cannot be restricted or audited by key; use a customer managed key", alias.trim()));
        }
    }
}
