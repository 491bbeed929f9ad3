//! Where resources name a KMS key, and what each use protects: the tier of the data
//! it encrypts and the environment the user is tagged with.

use crate::views::s3::Encryption;
use crate::views::stores::Tier;
use crate::{Attribute, Lang, Model, Resource, ResourceId, Value};

/// Attributes naming the KMS key that encrypts a resource's data (bucket default
/// encryption is in the S3 view): type, path, and the tier of what it encrypts.
pub const KEY_SLOTS: &[(&str, &str, Option<Tier>)] = &[
    ("aws_cloudwatch_log_group", "kms_key_id", Some(Tier::Logs)),
    ("AWS::Logs::LogGroup", "KmsKeyId", Some(Tier::Logs)),
    ("aws_cloudtrail", "kms_key_id", Some(Tier::Logs)),
    ("AWS::CloudTrail::Trail", "KMSKeyId", Some(Tier::Logs)),
    ("aws_sagemaker_endpoint_configuration", "kms_key_arn", Some(Tier::Artifacts)),
    ("AWS::SageMaker::EndpointConfig", "KmsKeyId", Some(Tier::Artifacts)),
    ("aws_sagemaker_endpoint_configuration", "data_capture_config.kms_key_id", Some(Tier::Logs)),
    ("AWS::SageMaker::EndpointConfig", "DataCaptureConfig.KmsKeyId", Some(Tier::Logs)),
    ("aws_bedrock_custom_model", "custom_model_kms_key_id", Some(Tier::Artifacts)),
    ("aws_bedrockagent_data_source", "server_side_encryption_configuration.kms_key_arn", Some(Tier::Data)),
    ("AWS::Bedrock::DataSource", "ServerSideEncryptionConfiguration.KmsKeyArn", Some(Tier::Data)),
    ("aws_sagemaker_feature_group", "offline_store_config.s3_storage_config.kms_key_id", Some(Tier::Data)),
    ("aws_sagemaker_feature_group", "online_store_config.security_config.kms_key_id", Some(Tier::Data)),
    ("AWS::SageMaker::FeatureGroup", "OnlineStoreConfig.SecurityConfig.KmsKeyId", Some(Tier::Data)),
    ("aws_sagemaker_endpoint_configuration", "async_inference_config.output_config.kms_key_id", Some(Tier::Logs)),
    ("AWS::SageMaker::EndpointConfig", "AsyncInferenceConfig.OutputConfig.KmsKeyId", Some(Tier::Logs)),
    ("AWS::SageMaker::FeatureGroup", "OfflineStoreConfig.S3StorageConfig.KmsKeyId", Some(Tier::Data)),
    ("aws_sagemaker_notebook_instance", "kms_key_id", None),
    ("AWS::SageMaker::NotebookInstance", "KmsKeyId", None),
    ("aws_sagemaker_domain", "kms_key_id", None),
    ("AWS::SageMaker::Domain", "KmsKeyId", None),
    ("aws_bedrockagent_agent", "customer_encryption_key_arn", None),
    ("AWS::Bedrock::Agent", "CustomerEncryptionKeyArn", None),
    ("aws_bedrock_guardrail", "kms_key_arn", None),
    ("AWS::Bedrock::Guardrail", "KmsKeyArn", None),
    ("aws_ecr_repository", "encryption_configuration.kms_key", None),
    ("AWS::ECR::Repository", "EncryptionConfiguration.KmsKey", None),
    ("aws_sns_topic", "kms_master_key_id", None),
    ("AWS::SNS::Topic", "KmsMasterKeyId", None),
    ("aws_sqs_queue", "kms_master_key_id", None),
    ("AWS::SQS::Queue", "KmsMasterKeyId", None),
    ("aws_secretsmanager_secret", "kms_key_id", None),
    ("AWS::SecretsManager::Secret", "KmsKeyId", None),
    ("aws_ebs_volume", "kms_key_id", None),
    ("AWS::EC2::Volume", "KmsKeyId", None),
    ("aws_dynamodb_table", "server_side_encryption.kms_key_arn", None),
    ("AWS::DynamoDB::Table", "SSESpecification.KMSMasterKeyId", None),
    ("aws_efs_file_system", "kms_key_id", None),
    ("AWS::EFS::FileSystem", "KmsKeyId", None),
    ("aws_kinesis_stream", "kms_key_id", None),
    ("AWS::Kinesis::Stream", "StreamEncryption.KeyId", None),
    ("aws_ssm_parameter", "key_id", None),
    ("aws_s3_object", "kms_key_id", None),
];

/// An AWS managed key: `alias/aws/<service>`, as an alias or an alias ARN.
pub fn is_aws_managed_alias(key: &str) -> bool {
    let key = key.trim();
    key.starts_with("alias/aws/") || key.contains(":alias/aws/")
}

/// One resource naming a key.
pub struct KeyUse<'m> {
    pub user: &'m Resource,
    /// The value naming the key (the label goes there).
    pub value: &'m Value,
    pub tiers: Vec<Tier>,
    /// The user's environment tag, if known.
    pub environment: Option<&'m Value>,
}

/// Tag keys that name an environment.
const ENVIRONMENT_TAGS: &[&str] = &["environment", "env"];

/// A resource's environment tag: `tags` in Terraform (a map), `Tags` (a Key/Value list)
/// in CloudFormation, `tags` in awscc (a `key`/`value` list, or a map where the
/// CloudFormation type has a map of tags).
pub fn environment_tag(r: &Resource) -> Option<&Value> {
    let tags = r.attrs.get(Attribute::new("tags", "Tags").path(r.lang))?;
    let is_environment = |key: &str| ENVIRONMENT_TAGS.contains(&key.to_ascii_lowercase().as_str());
    if let crate::Kind::Map(entries) = &tags.kind {
        return entries.iter().find(|e| is_environment(&e.key)).map(|e| &e.value);
    }
    let (key, value) = match r.lang {
        Lang::Awscc => ("key", "value"),
        _ => ("Key", "Value"),
    };
    tags.items().iter().find_map(|tag| is_environment(tag.get(key)?.as_str()?).then(|| tag.get(value)).flatten())
}

impl Model {
    /// The values naming keys in `KEY_SLOTS`, with the slot's tier.
    pub fn key_slot_values(&self) -> Vec<(ResourceId, &Resource, &Value, Option<Tier>)> {
        let mut out = Vec::new();
        for (rtype, path, tier) in KEY_SLOTS {
            out.extend(self.values_at(rtype, path).into_iter().map(|(id, r, value)| (id, r, value, *tier)));
        }
        out.sort_by_key(|(id, _, v, _)| (*id, v.span));
        out
    }

    /// The customer managed key (`aws_kms_key`, `AWS::KMS::Key`) a value names, by
    /// reference to the key or to one of its aliases.
    pub fn key_named(&self, from: &Resource, value: &Value) -> Option<ResourceId> {
        self.key_named_within(from, value, 4)
    }

    /// Aliases can only target keys, but a hostile configuration may chain them in a
    /// cycle: follow a few hops at most.
    fn key_named_within(&self, from: &Resource, value: &Value, hops: u8) -> Option<ResourceId> {
        for target in self.referenced_by(from, value) {
            let r = self.resource(target);
            match r.rtype.as_str() {
                "aws_kms_key" | "AWS::KMS::Key" => return Some(target),
                "aws_kms_alias" | "AWS::KMS::Alias" if hops > 0 => {
                    let target = Attribute::new("target_key_id", "TargetKeyId").get(&r.attrs, r.lang);
                    if let Some(key) = target.and_then(|v| self.key_named_within(r, v, hops - 1)) {
                        return Some(key);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Every use of each customer managed key, by key, in source order.
    pub fn key_uses(&self) -> Vec<(ResourceId, Vec<KeyUse<'_>>)> {
        let mut uses: std::collections::BTreeMap<ResourceId, Vec<KeyUse<'_>>> = Default::default();
        for (_, user, value, tier) in self.key_slot_values() {
            if let Some(key) = self.key_named(user, value) {
                uses.entry(key).or_default().push(KeyUse {
                    user,
                    value,
                    tiers: tier.into_iter().collect(),
                    environment: environment_tag(user),
                });
            }
        }
        for bucket in self.buckets() {
            let Encryption::Rules(rules) = &bucket.encryption else { continue };
            for rule in rules {
                let Some(value) = rule.key.known().or(match rule.key {
                    crate::Setting::Unknown(v) => Some(v),
                    _ => None,
                }) else {
                    continue;
                };
                let from = rule.via.unwrap_or(bucket.resource);
                if let Some(key) = self.key_named(from, value) {
                    uses.entry(key).or_default().push(KeyUse {
                        user: bucket.resource,
                        value,
                        tiers: self.tiers_of(bucket.id),
                        environment: environment_tag(bucket.resource),
                    });
                }
            }
        }
        let mut out: Vec<_> = uses.into_iter().collect();
        for (_, list) in &mut out {
            list.sort_by_key(|u| u.value.span);
        }
        out
    }
}
