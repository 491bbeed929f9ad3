use crate::prelude::*;

declare_rule! {
    /// An OpenSearch Serverless network policy that allows access from the internet.
    pub struct OpensearchServerlessPublic {
        code: "NET008",
        name: "opensearch-serverless-public",
        severity: High,
        default_enabled: true,
    }
}

impl Check for OpensearchServerlessPublic {
    fn check(&self, c: &mut Checker<'_>) {
        for policy in c.model.serverless_policies() {
            if policy.kind.as_deref() != Some("network") {
                continue;
            }
            c.examined(policy.resource);
            if let Setting::Unknown(document) = policy.document {
                c.undecided(policy.resource, document.span, "the network policy is not known");
            }
            for rule in policy.objects() {
                let Some(public) = rule.get("AllowFromPublic") else { continue };
                if public.is_unknown() {
                    c.undecided(policy.resource, public.span, "`AllowFromPublic` is not known");
                }
                if public.as_bool() == Some(true) {
                    c.report(
                        policy.resource,
                        public,
                        "OpenSearch Serverless network policy allows access from the public internet",
                    );
                }
            }
        }
    }
}
