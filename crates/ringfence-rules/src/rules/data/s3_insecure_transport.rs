use crate::prelude::*;

declare_rule! {
    /// An AI data store whose policy does not deny unencrypted (HTTP) requests.
    pub struct S3InsecureTransport {
        code: "DATA006",
        name: "s3-insecure-transport",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for S3InsecureTransport {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        let policies = model.bucket_policies();
        for bucket in model.buckets() {
            let Some(ai) = model.ai_store_use(bucket.id) else { continue };
            c.examined(bucket.resource);
            if bucket.has_unknown_policy(model) {
                let r = bucket.resource;
                let inline = r.attrs.get("policy").into_iter();
                let attached = model
                    .attachments(bucket.id)
                    .filter(|(_, a)| matches!(a.rtype.as_str(), "aws_s3_bucket_policy" | "AWS::S3::BucketPolicy"))
                    .filter_map(|(_, a)| {
                        ringfence_model::Attribute::new("policy", "PolicyDocument").get(&a.attrs, a.lang)
                    });
                c.undecided_among(r, inline.chain(attached), "the bucket policy is not known");
                continue;
            }
            let denies_http = policies.get(&bucket.id).into_iter().flatten().flat_map(|p| &p.statements).any(|s| {
                s.effect.is_str("Deny")
                    && s.condition.is_some_and(|cond| {
                        cond.entries()
                            .iter()
                            .filter(|op| {
                                op.key.eq_ignore_ascii_case("Bool") || op.key.eq_ignore_ascii_case("BoolIfExists")
                            })
                            .any(|op| {
                                op.value.entries().iter().any(|k| {
                                    k.key.eq_ignore_ascii_case("aws:SecureTransport")
                                        && k.value.items().iter().any(|v| v.as_bool() == Some(false))
                                })
                            })
                    })
            });
            if !denies_http {
                c.report_missing(
                    bucket.resource,
                    "AI data store has no bucket policy denying requests without TLS (`aws:SecureTransport` = false)",
                )
                .label(ai.span, ai.why.clone());
            }
        }
    }
}
