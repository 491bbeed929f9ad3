use crate::{Lang, Model, Resource, ResourceId, Setting, Value};
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

fn inline_encryption(r: &Resource) -> Encryption<'_> {
    let block = match r.lang {
        Lang::Terraform => r.attrs.get("server_side_encryption_configuration"),
        Lang::CloudFormation => r.attrs.get("BucketEncryption"),
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
            algorithm: Setting::at(d, r.lang, "sse_algorithm", "SSEAlgorithm"),
            key: Setting::at(d, r.lang, "kms_master_key_id", "KMSMasterKeyID"),
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
