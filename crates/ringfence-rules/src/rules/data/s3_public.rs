use crate::prelude::*;
use ringfence_model::views::policy::PolicyDocument;
use ringfence_model::views::s3::{Bucket, PublicAccessBlock};
use ringfence_model::Resource;

declare_rule! {
    /// A bucket made public: a public ACL, a bucket policy open to everyone, or a public
    /// access block with a setting off.
    pub struct S3Public {
        code: "DATA001",
        name: "s3-public",
        severity: Critical,
        default_enabled: true,
    }
}

impl Check for S3Public {
    fn check(&self, c: &mut Checker<'_>) {
        let model = c.model;
        let policies = model.bucket_policies();
        for bucket in model.buckets() {
            c.examined(bucket.resource);
            if let Some(unknown) = unknown_policy(model, &bucket) {
                c.undecided(bucket.resource, unknown.span, "the bucket policy is not known");
            }
            // A canned ACL that cannot be known may be a public one.
            let mut acl =
                ["acl", "AccessControl", "access_control"].into_iter().filter_map(|k| bucket.resource.attrs.get(k));
            if let Some(acl) = acl.find(|v| v.is_unknown()) {
                c.undecided(bucket.resource, acl.span, "the bucket ACL is not known");
            }
            for (owner, acl) in bucket.public_acls(model) {
                let text = acl.as_str().unwrap_or_default().trim();
                let who = if text.to_ascii_lowercase().contains("authenticated") {
                    "any AWS account"
                } else {
                    "anyone on the internet"
                };
                let what = if text.eq_ignore_ascii_case("public-read-write") || text == "PublicReadWrite" {
                    "read and write"
                } else {
                    "read"
                };
                let finding = c.report(owner, acl, format!("bucket ACL `{text}` lets {who} {what} the bucket"));
                if owner.address != bucket.resource.address {
                    finding.label(bucket.resource.header, format!("applies to bucket `{}`", bucket.resource.address));
                }
            }
            for policy in policies.get(&bucket.id).into_iter().flatten() {
                public_policy(c, policy, Some(bucket.resource));
            }
            for block in bucket.public_access_blocks(model) {
                public_access_block(c, &block, bucket.resource);
            }
        }
        // Configuring a bucket the scan cannot name (`bucket = var.name`): judged on
        // its own settings, wherever it points.
        for block in model.unattached_public_access_blocks() {
            if let Some(owner) = block.via {
                public_access_block(c, &block, owner);
            }
        }
        let buckets: std::collections::HashSet<_> = model.buckets().map(|b| b.id).collect();
        let mut unattached: Vec<_> = policies.iter().filter(|(id, _)| !buckets.contains(id)).collect();
        unattached.sort_by_key(|(id, _)| **id);
        for (_, docs) in unattached {
            for policy in docs {
                public_policy(c, policy, None);
            }
        }
    }
}

/// Statements of a bucket policy that let anyone in, labelled at the bucket it is
/// attached to when that is another resource.
fn public_policy(c: &mut Checker<'_>, policy: &PolicyDocument<'_>, bucket: Option<&Resource>) {
    c.examined(policy.owner);
    for statement in policy.statements.iter().filter(|s| s.is_allow()) {
        let Some(principal) = statement.public_principal() else { continue };
        if statement.pins_resource_caller() {
            continue;
        }
        let finding = c.report(
            policy.owner,
            principal,
            "bucket policy allows any principal (`*`) without a condition pinning the caller",
        );
        if let Some(bucket) = bucket.filter(|b| b.address != policy.owner.address) {
            finding.label(bucket.header, format!("policy of bucket `{}`", bucket.address));
        }
    }
}

/// A policy of the bucket that is written but cannot be decoded (what
/// [`Bucket::has_unknown_policy`] finds), inline or attached.
fn unknown_policy<'m>(model: &'m ringfence_model::Model, bucket: &Bucket<'m>) -> Option<&'m Value> {
    let inline = bucket.resource.attrs.get("policy").into_iter();
    let attached = model
        .attachments(bucket.id)
        .filter(|(_, a)| matches!(a.rtype.as_str(), "aws_s3_bucket_policy" | "AWS::S3::BucketPolicy"))
        .filter_map(|(_, a)| ringfence_model::Attribute::new("policy", "PolicyDocument").get(&a.attrs, a.lang));
    inline.chain(attached).find(|v| !matches!(v.kind, ringfence_model::Kind::Map(_)) && !v.is_null())
}

fn public_access_block(c: &mut Checker<'_>, block: &PublicAccessBlock<'_>, bucket: &Resource) {
    let owner = block.via.unwrap_or(bucket);
    c.examined(owner);
    let mut unset = Vec::new();
    for (name, setting) in &block.settings {
        match setting {
            Setting::Unknown(v) => c.undecided(owner, v.span, format!("`{name}` is not known")),
            Setting::Known(v) if v.as_bool() == Some(false) => {
                c.report(owner, *v, format!("public access block turns `{name}` off"));
            }
            Setting::Unset => unset.push(format!("`{name}`")),
            _ => {}
        }
    }
    if !unset.is_empty() {
        c.report(owner, block.span, format!("public access block leaves {} off (unset means false)", unset.join(", ")));
    }
}
