use crate::prelude::*;
use ringfence_model::views::s3::Versioning;

declare_rule! {
    /// An AI data store without versioning.
    pub struct S3VersioningOff {
        code: "DATA002",
        name: "s3-versioning-off",
        severity: Medium,
        default_enabled: true,
    }
}

impl Check for S3VersioningOff {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        for bucket in model.buckets() {
            let Some(ai) = model.ai_store_use(bucket.id) else { continue };
            c.examined(bucket.resource);
            let finding = match bucket.versioning(model) {
                Versioning::Unset => c.report_missing(
                    bucket.resource,
                    "AI data store has no versioning: a poisoned or overwritten object cannot be rolled back",
                ),
                Versioning::Off(v) => c.report(
                    bucket.resource,
                    v,
                    "AI data store has versioning off: a poisoned or overwritten object cannot be rolled back",
                ),
                Versioning::Unknown => {
                    let r = bucket.resource;
                    let inline = ["versioning", "VersioningConfiguration", "versioning_configuration"]
                        .into_iter()
                        .filter_map(|k| r.attrs.get(k));
                    let attached = model
                        .attachments(bucket.id)
                        .filter(|(_, a)| a.rtype == "aws_s3_bucket_versioning")
                        .filter_map(|(_, a)| a.attrs.get("versioning_configuration"));
                    c.undecided_among(r, inline.chain(attached), "the bucket's versioning is not known");
                    continue;
                }
                Versioning::On => continue,
            };
            finding.label(ai.span, ai.why.clone());
        }
    }
}
