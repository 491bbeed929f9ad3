use crate::prelude::*;

declare_rule! {
    /// An OpenSearch Serverless encryption policy that uses an AWS owned key.
    pub struct OpensearchServerlessAwsOwnedKey {
        code: "KMS005",
        name: "opensearch-serverless-aws-owned-key",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for OpensearchServerlessAwsOwnedKey {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.serverless_policies() {
            if policy.kind.as_deref() != Some("encryption") {
                continue;
            }
            c.examined(policy.resource);
            if let Setting::Unknown(document) = policy.document {
                c.undecided(policy.resource, document.span, "the encryption policy is not known");
            }
            for object in policy.objects() {
                let Some(owned) = object.get("AWSOwnedKey") else { continue };
                if owned.is_unknown() {
                    c.undecided(policy.resource, owned.span, "`AWSOwnedKey` is not known");
                }
                if owned.as_bool() == Some(true) {
                    c.report(policy.resource, owned, "OpenSearch Serverless collections are encrypted with an AWS owned key, not a customer managed key");
                }
            }
        }
    }
}
