use crate::{Attribute, Lang, Model, Resource, ResourceId, Setting, Value};
use ringfence_syntax::Span;

/// An S3 bucket and its default encryption, wherever that is written.
pub struct Bucket<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    pub encryption: Encryption<'m>,
}

pub enum Encryption<'m> {
    /// No default encryption configured anywhere.
    None,
    /// Configured in a way that cannot be known (e.g. a dynamic block).
    Unknown,
    /// The default-encryption settings of each rule.
    Rules(Vec<SseDefault<'m>>),
}

/// One `apply_server_side_encryption_by_default` / `ServerSideEncryptionByDefault`.
pub struct SseDefault<'m> {
    /// Where the rule is written (the block, or the resource configuring the bucket).
    pub span: Span,
    pub algorithm: Setting<'m>,
    pub key: Setting<'m>,
    /// The separate resource this came from, when not inline.
    pub via: Option<&'m Resource>,
}

impl Model {
    pub fn buckets(&self) -> impl Iterator<Item = Bucket<'_>> {
        self.of_type(&["aws_s3_bucket", "AWS::S3::Bucket"]).map(|(id, r)| {
            let mut encryption = inline_encryption(r);
            for (_, config) in self.attachments(id) {
                if config.rtype == "aws_s3_bucket_server_side_encryption_configuration" {
                    encryption = merge(encryption, rules_of(config, &config.attrs, Some(config)));
                }
            }
            Bucket { id, resource: r, encryption }
        })
    }
}

impl Model {
    /// Public access blocks configuring no bucket of the scan (`bucket = var.name`):
    /// their settings are judged wherever they point.
    pub fn unattached_public_access_blocks(&self) -> Vec<PublicAccessBlock<'_>> {
        self.unattached(&["aws_s3_bucket_public_access_block"])
            .map(|(_, block)| PublicAccessBlock {
                via: Some(block),
                span: block.header,
                settings: PUBLIC_ACCESS_SETTINGS
                    .iter()
                    .map(|a| (a.name(block.lang), a.at(&block.attrs, block.lang)))
                    .collect(),
            })
            .collect()
    }

    /// Default-encryption configurations of no bucket of the scan, each with its rules.
    pub fn unattached_encryption(&self) -> Vec<(&Resource, Encryption<'_>)> {
        self.unattached(&["aws_s3_bucket_server_side_encryption_configuration"])
            .map(|(_, config)| (config, rules_of(config, &config.attrs, Some(config))))
            .collect()
    }
}

fn inline_encryption(r: &Resource) -> Encryption<'_> {
    let block = match r.lang {
        Lang::Terraform => r.attrs.get("server_side_encryption_configuration"),
        Lang::CloudFormation | Lang::Awscc => r.attrs.get(crate::awscc::named(r.lang, "BucketEncryption")),
    };
    match block {
        None => Encryption::None,
        Some(v) if v.is_null() => Encryption::None,
        Some(v) => rules_of(r, v, None),
    }
}

/// The default-encryption rules under a configuration value.
fn rules_of<'m>(r: &'m Resource, config: &'m Value, via: Option<&'m Resource>) -> Encryption<'m> {
    let (rules_path, default_key): (&[&str], &str) = match r.lang {
        Lang::Terraform => (&["rule"], "apply_server_side_encryption_by_default"),
        Lang::CloudFormation => (&["ServerSideEncryptionConfiguration"], "ServerSideEncryptionByDefault"),
        Lang::Awscc => (&["server_side_encryption_configuration"], "server_side_encryption_by_default"),
    };
    if config.is_unknown() || config.items().iter().any(Value::is_unknown) {
        return Encryption::Unknown;
    }
    let rules = config.lookup_all(rules_path);
    if rules.iter().any(|v| v.is_unknown() || v.items().iter().any(Value::is_unknown)) {
        return Encryption::Unknown;
    }
    let defaults: Vec<SseDefault<'m>> = rules
        .iter()
        .flat_map(|rules| rules.items())
        .filter_map(|rule| rule.get(default_key))
        .flat_map(|d| d.items())
        .map(|d| SseDefault {
            span: d.span,
            algorithm: Attribute::new("sse_algorithm", "SSEAlgorithm").at(d, r.lang),
            key: Attribute::new("kms_master_key_id", "KMSMasterKeyID").at(d, r.lang),
            via,
        })
        .collect();
    if defaults.is_empty() {
        Encryption::None
    } else {
        Encryption::Rules(defaults)
    }
}

fn merge<'m>(a: Encryption<'m>, b: Encryption<'m>) -> Encryption<'m> {
    match (a, b) {
        (Encryption::Unknown, _) | (_, Encryption::Unknown) => Encryption::Unknown,
        (Encryption::None, x) | (x, Encryption::None) => x,
        (Encryption::Rules(mut x), Encryption::Rules(y)) => {
            x.extend(y);
            Encryption::Rules(x)
        }
    }
}

/// A canned ACL or grant that opens a bucket to everyone or every AWS account.
pub const PUBLIC_ACLS: &[&str] =
    &["public-read", "public-read-write", "authenticated-read", "PublicRead", "PublicReadWrite", "AuthenticatedRead"];

/// Grantee groups that stand for everyone and for every AWS account.
const PUBLIC_GROUPS: &[&str] =
    &["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

/// The four settings of a public access block.
pub const PUBLIC_ACCESS_SETTINGS: &[Attribute] = &[
    Attribute::new("block_public_acls", "BlockPublicAcls"),
    Attribute::new("block_public_policy", "BlockPublicPolicy"),
    Attribute::new("ignore_public_acls", "IgnorePublicAcls"),
    Attribute::new("restrict_public_buckets", "RestrictPublicBuckets"),
];

/// A public access block: the resource or property writing it, and each setting.
pub struct PublicAccessBlock<'m> {
    /// The separate resource, when not inline.
    pub via: Option<&'m Resource>,
    /// Where the block is written (the resource header, or the property key).
    pub span: Span,
    pub settings: Vec<(&'static str, Setting<'m>)>,
}

/// Whether versioning is on, and where it is said.
pub enum Versioning<'m> {
    Unset,
    Unknown,
    /// Set to something other than enabled (`Suspended`, `false`), at the value.
    Off(&'m Value),
    On,
}

/// Whether some enabled lifecycle rule expires current objects.
pub enum Expiration {
    None,
    Unknown,
    Some,
}

impl<'m> Bucket<'m> {
    /// Public ACLs: canned ACLs and public grantees, inline or in `aws_s3_bucket_acl`,
    /// each with the resource it is written in.
    pub fn public_acls(&self, model: &'m Model) -> Vec<(&'m Resource, &'m Value)> {
        let r = self.resource;
        let mut out = Vec::new();
        let canned = |owner: &'m Resource, v: Option<&'m Value>, out: &mut Vec<(&'m Resource, &'m Value)>| {
            if let Some(v) = v.filter(|v| v.as_str().is_some_and(|s| PUBLIC_ACLS.contains(&s.trim()))) {
                out.push((owner, v));
            }
        };
        canned(r, Attribute::new("acl", "AccessControl").get(&r.attrs, r.lang), &mut out);
        if r.lang == Lang::Terraform {
            for uri in r.attrs.lookup_all(&["grant", "uri"]) {
                if uri.as_str().is_some_and(|u| PUBLIC_GROUPS.contains(&u.trim())) {
                    out.push((r, uri));
                }
            }
        }
        for (_, acl) in model.attachments(self.id).filter(|(_, a)| a.rtype == "aws_s3_bucket_acl") {
            canned(acl, acl.attrs.get("acl"), &mut out);
            for uri in acl.attrs.lookup_all(&["access_control_policy", "grant", "grantee", "uri"]) {
                if uri.as_str().is_some_and(|u| PUBLIC_GROUPS.contains(&u.trim())) {
                    out.push((acl, uri));
                }
            }
        }
        out
    }

    /// Public access blocks written for the bucket.
    pub fn public_access_blocks(&self, model: &'m Model) -> Vec<PublicAccessBlock<'m>> {
        let r = self.resource;
        let read = |v: &'m Value, lang: crate::Lang| {
            PUBLIC_ACCESS_SETTINGS.iter().map(|a| (a.name(lang), a.at(v, lang))).collect()
        };
        let mut out = Vec::new();
        if crate::awscc::is_cloudformation_shaped(r.lang) {
            if let Some(entry) = r.attrs.entry(crate::awscc::named(r.lang, "PublicAccessBlockConfiguration")) {
                if !entry.value.is_unknown() && !entry.value.is_null() {
                    out.push(PublicAccessBlock {
                        via: None,
                        span: entry.key_span,
                        settings: read(&entry.value, r.lang),
                    });
                }
            }
        }
        for (_, block) in model.attachments(self.id).filter(|(_, a)| a.rtype == "aws_s3_bucket_public_access_block") {
            out.push(PublicAccessBlock {
                via: Some(block),
                span: block.header,
                settings: read(&block.attrs, block.lang),
            });
        }
        out
    }

    pub fn versioning(&self, model: &'m Model) -> Versioning<'m> {
        let r = self.resource;
        let mut state = match r.lang {
            Lang::Terraform => match Attribute::new("versioning.enabled", "").read(r).setting {
                Setting::Unset => Versioning::Unset,
                Setting::Unknown(_) => Versioning::Unknown,
                Setting::Known(v) if v.as_bool() == Some(true) => Versioning::On,
                Setting::Known(v) => Versioning::Off(v),
            },
            Lang::CloudFormation | Lang::Awscc => {
                status(Attribute::new("", "VersioningConfiguration.Status").read(r).setting)
            }
        };
        for (_, v) in model.attachments(self.id).filter(|(_, a)| a.rtype == "aws_s3_bucket_versioning") {
            state = status(Attribute::new("versioning_configuration.status", "").read(v).setting);
        }
        state
    }

    pub fn expiration(&self, model: &'m Model) -> Expiration {
        let r = self.resource;
        let mut rules: Vec<(&'m Value, crate::Lang, bool)> = Vec::new();
        match r.lang {
            Lang::Terraform => rules.extend(
                r.attrs.get("lifecycle_rule").map(Value::items).unwrap_or_default().iter().map(|v| (v, r.lang, true)),
            ),
            Lang::CloudFormation | Lang::Awscc => rules.extend(
                r.attrs
                    .lookup_all(&Attribute::new("", "LifecycleConfiguration.Rules").steps(r.lang))
                    .into_iter()
                    .flat_map(|v| v.items())
                    .map(|v| (v, r.lang, false)),
            ),
        }
        for (_, config) in
            model.attachments(self.id).filter(|(_, a)| a.rtype == "aws_s3_bucket_lifecycle_configuration")
        {
            rules.extend(
                config.attrs.get("rule").map(Value::items).unwrap_or_default().iter().map(|v| (v, config.lang, false)),
            );
        }
        let mut unknown = false;
        for (rule, lang, legacy) in rules {
            if rule.is_unknown() {
                unknown = true;
                continue;
            }
            let enabled = if legacy {
                Attribute::new("enabled", "").at(rule, lang).known().and_then(Value::as_bool)
            } else {
                Attribute::new("status", "Status")
                    .at(rule, lang)
                    .known()
                    .and_then(Value::as_str)
                    .map(|s| s.eq_ignore_ascii_case("Enabled"))
            };
            let expires = match lang {
                Lang::Terraform => ["days", "date"]
                    .iter()
                    .map(|k| Setting::of(rule.lookup_all(&["expiration", k]).into_iter().next()))
                    .find(|s| !s.is_unset()),
                Lang::CloudFormation | Lang::Awscc => ["ExpirationInDays", "ExpirationDate"]
                    .iter()
                    .map(|k| Setting::of(rule.get(crate::awscc::named(lang, k))))
                    .find(|s| !s.is_unset()),
            };
            match (enabled, expires) {
                (Some(true), Some(Setting::Known(_))) => return Expiration::Some,
                (None, Some(_)) | (Some(true), Some(Setting::Unknown(_))) => unknown = true,
                _ => {}
            }
        }
        if unknown {
            Expiration::Unknown
        } else {
            Expiration::None
        }
    }

    /// Whether a policy of the bucket is written but cannot be decoded (unknown).
    pub fn has_unknown_policy(&self, model: &'m Model) -> bool {
        let inline = self.resource.attrs.get("policy").into_iter();
        let attached = model
            .attachments(self.id)
            .filter(|(_, a)| matches!(a.rtype.as_str(), "aws_s3_bucket_policy" | "AWS::S3::BucketPolicy"))
            .filter_map(|(_, a)| Attribute::new("policy", "PolicyDocument").get(&a.attrs, a.lang));
        inline.chain(attached).any(|v| !matches!(v.kind, crate::Kind::Map(_)) && !v.is_null())
    }
}

impl Model {
    /// Every bucket policy (inline or attached), decoded, by the bucket it applies to:
    /// built once per rule, not once per bucket, from the documents the model keeps.
    pub fn bucket_policies(
        &self,
    ) -> std::collections::HashMap<ResourceId, Vec<&crate::views::policy::PolicyDocument<'_>>> {
        let mut target_of = std::collections::HashMap::new();
        for bucket in self.of_type(&["aws_s3_bucket", "AWS::S3::Bucket"]).map(|(id, _)| id) {
            for (attachment, _) in self.attachments(bucket) {
                target_of.insert(attachment, bucket);
            }
        }
        let mut out: std::collections::HashMap<ResourceId, Vec<_>> = std::collections::HashMap::new();
        for policy in self.policies().iter().filter(|p| p.usage == crate::views::policy::PolicyUsage::Bucket) {
            let bucket = target_of.get(&policy.owner_id).copied().unwrap_or(policy.owner_id);
            out.entry(bucket).or_default().push(policy);
        }
        out
    }
}

fn status(setting: Setting<'_>) -> Versioning<'_> {
    match setting {
        Setting::Unset => Versioning::Unset,
        Setting::Unknown(_) => Versioning::Unknown,
        Setting::Known(v) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("Enabled")) => Versioning::On,
        Setting::Known(v) => Versioning::Off(v),
    }
}
