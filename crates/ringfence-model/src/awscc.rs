//! The awscc (Cloud Control) provider: CloudFormation resource types written in
//! Terraform. The model sees each awscc resource as its CloudFormation type
//! ([`Lang::Awscc`]), and names its attributes by the provider's rule from the
//! CloudFormation property names views already know, so every view (and rule) that
//! knows a CloudFormation type covers the awscc resource too.
//!
//! Type names do not map mechanically (`awscc_ec2_vpc_endpoint` is
//! `AWS::EC2::VPCEndpoint`, `awscc_opensearchserverless_collection` is
//! `AWS::OpenSearchServerless::Collection`): they come from the provider's own table
//! (`data/awscc-types.txt`, with its source). Attribute names do map mechanically:
//! [`attribute_name`] is the provider's `CloudFormationPropertyToTerraformAttribute`.

use crate::Lang;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

const TYPES: &str = include_str!("../data/awscc-types.txt");

fn types() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TYPES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .map(|(awscc, cfn)| (awscc.trim(), cfn.trim()))
            .collect()
    })
}

/// The CloudFormation type of an awscc resource type (`awscc_bedrock_agent` →
/// `AWS::Bedrock::Agent`), if the provider has it.
pub fn cloudformation_type(awscc_type: &str) -> Option<&'static str> {
    types().get(awscc_type).copied()
}

/// Substrings the provider rewrites before converting (its `propertyNameReplacements`):
/// none overlaps another, so their order does not matter.
const REPLACEMENTS: &[(&str, &str)] = &[
    ("CloudFormation", "Cloudformation"),
    ("CloudFront", "Cloudfront"),
    ("CloudWatch", "Cloudwatch"),
    ("CNAMEs", "Cnames"),
    ("FSx", "Fsx"),
    ("OTel", "Otel"),
];

/// The awscc attribute name of a CloudFormation property (`KMSMasterKeyID` →
/// `kms_master_key_id`, `S3Bucket` → `s3_bucket`): an underscore where the case
/// changes, as the provider's `naming.CloudFormationPropertyToTerraformAttribute`
/// (internal/naming/naming.go) writes it, byte by byte.
pub fn attribute_name(property: &str) -> String {
    let mut name = property.trim().to_string();
    for (old, new) in REPLACEMENTS {
        name = name.replace(old, new);
    }
    let b = name.as_bytes();
    let mut out = String::with_capacity(b.len() + 4);
    for (i, &c) in b.iter().enumerate() {
        let (cap, low, dig) = (c.is_ascii_uppercase(), c.is_ascii_lowercase(), c.is_ascii_digit());
        let ch = c.to_ascii_lowercase() as char;
        if let Some(&next) = b.get(i + 1) {
            let (next_cap, next_low, next_dig) =
                (next.is_ascii_uppercase(), next.is_ascii_lowercase(), next.is_ascii_digit());
            if (cap && next_low) || (low && (next_cap || next_dig)) || (dig && (next_cap || next_low)) {
                if cap && next_low && i > 0 && b[i - 1].is_ascii_uppercase() {
                    out.push('_');
                }
                out.push(ch);
                if low || dig {
                    out.push('_');
                }
                continue;
            }
        }
        out.push(if cap || low || dig { ch } else { '_' });
    }
    out
}

/// The awscc path of a dotted CloudFormation path, one step at a time, interned: views
/// name attributes with `&'static str`, and the set of paths is the views' own (a few
/// hundred at most), so each is converted and kept once.
pub fn path(cloudformation: &'static str) -> &'static str {
    static PATHS: OnceLock<RwLock<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let paths = PATHS.get_or_init(Default::default);
    if let Some(p) = paths.read().unwrap_or_else(|e| e.into_inner()).get(cloudformation) {
        return p;
    }
    let converted: String = cloudformation.split('.').map(attribute_name).collect::<Vec<_>>().join(".");
    let mut paths = paths.write().unwrap_or_else(|e| e.into_inner());
    paths.entry(cloudformation).or_insert_with(|| Box::leak(converted.into_boxed_str()))
}

/// A CloudFormation path as `lang` writes it: converted for awscc, as is otherwise
/// (tables of CloudFormation paths read through this).
pub fn named(lang: Lang, cloudformation: &'static str) -> &'static str {
    match lang {
        Lang::Awscc => path(cloudformation),
        _ => cloudformation,
    }
}

/// Whether `lang` writes CloudFormation's structure (CloudFormation, and awscc with its
/// snake_case names).
pub fn is_cloudformation_shaped(lang: Lang) -> bool {
    matches!(lang, Lang::CloudFormation | Lang::Awscc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_names_convert_as_the_provider_converts_them() {
        // The provider's own test cases (internal/naming/naming_test.go), then names
        // the views use, checked against the provider's documentation.
        for (property, attribute) in [
            ("", ""),
            ("Arn", "arn"),
            ("GlobalReplicationGroupDescription", "global_replication_group_description"),
            ("S3Bucket", "s3_bucket"),
            ("AWS99Thing", "aws99_thing"),
            ("CloudWatchLogsLogGroupArn", "cloudwatch_logs_log_group_arn"),
            ("CNAMEs", "cnames"),
            ("OTelEnrichment", "otel_enrichment"),
            ("CustomerEncryptionKeyArn", "customer_encryption_key_arn"),
            ("KMSMasterKeyID", "kms_master_key_id"),
            ("SSEAlgorithm", "sse_algorithm"),
            ("SSESpecification", "sse_specification"),
            ("KMSKeyId", "kms_key_id"),
            ("CidrIpv6", "cidr_ipv_6"),
            ("CidrIp", "cidr_ip"),
            ("VpcId", "vpc_id"),
            ("IpProtocol", "ip_protocol"),
            ("EnableKeyRotation", "enable_key_rotation"),
            ("AssumeRolePolicyDocument", "assume_role_policy_document"),
            ("PublicAccessBlockConfiguration", "public_access_block_configuration"),
            ("S3Uri", "s3_uri"),
        ] {
            assert_eq!(attribute_name(property), attribute, "{property}");
        }
        assert_eq!(
            path("BucketEncryption.ServerSideEncryptionConfiguration"),
            "bucket_encryption.server_side_encryption_configuration"
        );
    }

    #[test]
    fn types_come_from_the_providers_table() {
        assert_eq!(cloudformation_type("awscc_bedrock_agent"), Some("AWS::Bedrock::Agent"));
        assert_eq!(cloudformation_type("awscc_ec2_vpc_endpoint"), Some("AWS::EC2::VPCEndpoint"));
        assert_eq!(
            cloudformation_type("awscc_opensearchserverless_security_policy"),
            Some("AWS::OpenSearchServerless::SecurityPolicy")
        );
        assert_eq!(cloudformation_type("awscc_kms_key"), Some("AWS::KMS::Key"));
        assert_eq!(cloudformation_type("aws_kms_key"), None);
        assert!(types().len() > 1000);
    }
}
