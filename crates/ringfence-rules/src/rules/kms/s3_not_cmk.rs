use crate::prelude::*;
use ringfence_model::views::keys::is_aws_managed_alias;
use ringfence_model::views::s3::{Encryption, SseDefault};

declare_rule! {
    /// A bucket whose default encryption is not SSE-KMS with a customer managed key.
    pub struct S3NotCmk {
        code: "KMS002",
        name: "s3-not-cmk",
        severity: High,
        default_enabled: true,
    }
}

impl Check for S3NotCmk {
    fn check(&self, c: &mut Checker<'_>) {
        for bucket in c.model.buckets() {
            // High for AI data stores, with a label saying why the bucket counts.
            let ai = c.model.ai_store_use(bucket.id);
            let severity = if ai.is_some() { Severity::High } else { Severity::Medium };
            c.examined(bucket.resource);
            let rules = match bucket.encryption {
                Encryption::None => {
                    let finding = c
                        .report_missing(
                            bucket.resource,
                            "bucket has no default encryption with a customer managed KMS key",
                        )
                        .severity(severity);
                    if let Some(ai) = ai {
                        finding.label(ai.span, ai.why.clone());
                    }
                    continue;
                }
                Encryption::Unknown => {
                    let r = bucket.resource;
                    let inline = ["server_side_encryption_configuration", "BucketEncryption", "bucket_encryption"]
                        .into_iter()
                        .filter_map(|k| r.attrs.get(k));
                    let attached = c
                        .model
                        .attachments(bucket.id)
                        .filter(|(_, a)| a.rtype == "aws_s3_bucket_server_side_encryption_configuration")
                        .map(|(_, a)| &a.attrs);
                    c.undecided_among(r, inline.chain(attached), "the bucket's default encryption is not known");
                    continue;
                }
                Encryption::Rules(rules) => rules,
            };
            for rule in rules {
                let owner = rule.via.unwrap_or(bucket.resource);
                c.examined(owner);
                let Some((at, message)) = weak(&rule) else {
                    undecided(c, owner, &rule);
                    continue;
                };
                // A separate encryption resource is reported where it is written, with
                // a label at the bucket it configures.
                let finding = c.report(rule.via.unwrap_or(bucket.resource), at, message);
                finding.severity(severity);
                if rule.via.is_some() {
                    finding.label(bucket.resource.header, format!("encrypts bucket `{}`", bucket.resource.address));
                }
                if let Some(ai) = ai {
                    finding.label(ai.span, ai.why.clone());
                }
            }
        }
        // A configuration of a bucket the scan cannot name (`bucket = var.name`) is
        // judged on its own settings (medium: nothing says the bucket holds AI data).
        for (config, encryption) in c.model.unattached_encryption() {
            c.examined(config);
            let rules = match encryption {
                Encryption::Rules(rules) => rules,
                Encryption::Unknown => {
                    c.undecided_among(config, [&config.attrs], "the default encryption is not known");
                    continue;
                }
                Encryption::None => continue,
            };
            for rule in rules {
                match weak(&rule) {
                    Some((at, message)) => {
                        c.report(config, at, message).severity(Severity::Medium);
                    }
                    None => undecided(c, config, &rule),
                }
            }
        }
    }
}

/// Records a default-encryption rule [`weak`] passes as undecided when what it
/// passes on is unknown: the algorithm, or the key of SSE-KMS (a key computed from
/// another resource, `aws_kms_key.k.arn`, is a customer managed key).
fn undecided(c: &mut Checker<'_>, owner: &ringfence_model::Resource, rule: &SseDefault<'_>) {
    match (rule.algorithm, rule.key) {
        (Setting::Unknown(v), _) => c.undecided(owner, v.span, "the default encryption algorithm is not known"),
        (Setting::Known(_), Setting::Unknown(v)) if v.references().is_empty() => {
            c.undecided(owner, v.span, "the default encryption key is not known")
        }
        _ => {}
    }
}

/// What is wrong with one default-encryption rule, if anything: at the value to fix.
fn weak<'m>(rule: &SseDefault<'m>) -> Option<(&'m Value, String)> {
    let algorithm = rule.algorithm.known()?;
    let name = algorithm.as_str()?;
    if !name.starts_with("aws:kms") {
        return Some((
            algorithm,
            format!("bucket default encryption is `{name}`, not SSE-KMS with a customer managed key"),
        ));
    }
    let no_key = rule.key.is_unset() || rule.key.known().is_some_and(Value::is_blank);
    match rule.key {
        _ if no_key => Some((
            algorithm,
            "bucket uses SSE-KMS without a key, so the AWS managed key `aws/s3` encrypts it".to_string(),
        )),
        Setting::Known(key) if key.as_str().is_some_and(is_aws_managed_alias) => {
            Some((key, "bucket default encryption uses an AWS managed key, not a customer managed key".to_string()))
        }
        _ => None,
    }
}
