use crate::prelude::*;
use ringfence_model::views::s3::Expiration;
use ringfence_model::views::stores::Tier;

declare_rule! {
    /// An AI data store of tier `data` or `logs` whose objects never expire.
    pub struct S3NoExpiration {
        code: "DATA003",
        name: "s3-no-expiration",
        severity: Low,
        default_enabled: true,
    }
}

impl Check for S3NoExpiration {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        for bucket in model.buckets() {
            let Some(why) =
                model.store_uses(bucket.id).iter().find(|u| u.ai && matches!(u.tier, Some(Tier::Data | Tier::Logs)))
            else {
                continue;
            };
            c.examined(bucket.resource);
            let expiration = bucket.expiration(model);
            if let Expiration::Unknown = expiration {
                let r = bucket.resource;
                let inline = ["lifecycle_rule", "LifecycleConfiguration", "lifecycle_configuration"]
                    .into_iter()
                    .filter_map(|k| r.attrs.get(k));
                let attached = model
                    .attachments(bucket.id)
                    .filter(|(_, a)| a.rtype == "aws_s3_bucket_lifecycle_configuration")
                    .filter_map(|(_, a)| a.attrs.get("rule"));
                c.undecided_among(r, inline.chain(attached), "the bucket's lifecycle expiration is not known");
            }
            if let Expiration::None = expiration {
                let tier = why.tier.map_or("", Tier::as_str);
                c.report_missing(bucket.resource, format!("AI data store (tier `{tier}`) has no lifecycle expiration: personal data in it is kept forever"))
                    .label(why.span, why.why.clone());
            }
        }
    }
}
