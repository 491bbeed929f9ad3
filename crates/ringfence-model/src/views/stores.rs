//! AI data stores and their tiers, computed once when the model is built.
//!
//! A bucket is an *AI data store* when an AI resource names it (a model's data, a
//! customization job's training data, an endpoint's capture destination, ...) or when
//! an identity policy of a role SageMaker or Bedrock can assume names it. The use gives
//! its tier: `data`, `artifacts` or `logs`. Trails and flow logs give buckets the `logs`
//! tier too (for keys shared across tiers) without making them AI data stores.

use crate::views::policy::PolicyUsage;
use crate::{Attribute, Model, Resource, ResourceId, Value, UNKNOWN_MARK};
use ringfence_eval::UnitId;
use ringfence_syntax::Span;
use std::collections::HashMap;

/// What a store holds, by the use that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Training, validation and retrieval sources.
    Data,
    /// Model data, customization outputs and the keys of models and endpoint volumes.
    Artifacts,
    /// Data capture, invocation logs, log groups, trail and flow-log destinations.
    Logs,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Data => "data",
            Tier::Artifacts => "artifacts",
            Tier::Logs => "logs",
        }
    }
}

/// One resource naming a bucket.
#[derive(Clone, Debug)]
pub struct StoreUse {
    pub tier: Option<Tier>,
    /// Whether this use makes the bucket an AI data store.
    pub ai: bool,
    pub user: ResourceId,
    /// Where the bucket is named (for a secondary label).
    pub span: Span,
    /// Why the bucket counts: "used as training data by `aws_bedrock_custom_model.x`".
    pub why: String,
}

/// Attributes that name a bucket: resource type, path (Terraform or CloudFormation),
/// tier, whether it makes an AI data store, and what the use is called.
const STORE_SLOTS: &[(&str, &str, Option<Tier>, bool, &str)] = &[
    ("aws_sagemaker_model", "primary_container.model_data_url", Some(Tier::Artifacts), true, "model data"),
    ("aws_sagemaker_model", "container.model_data_url", Some(Tier::Artifacts), true, "model data"),
    (
        "aws_sagemaker_model",
        "primary_container.model_data_source.s3_data_source.s3_uri",
        Some(Tier::Artifacts),
        true,
        "model data",
    ),
    (
        "aws_sagemaker_model",
        "container.model_data_source.s3_data_source.s3_uri",
        Some(Tier::Artifacts),
        true,
        "model data",
    ),
    ("AWS::SageMaker::Model", "PrimaryContainer.ModelDataUrl", Some(Tier::Artifacts), true, "model data"),
    ("AWS::SageMaker::Model", "Containers.ModelDataUrl", Some(Tier::Artifacts), true, "model data"),
    (
        "AWS::SageMaker::Model",
        "PrimaryContainer.ModelDataSource.S3DataSource.S3Uri",
        Some(Tier::Artifacts),
        true,
        "model data",
    ),
    (
        "AWS::SageMaker::Model",
        "Containers.ModelDataSource.S3DataSource.S3Uri",
        Some(Tier::Artifacts),
        true,
        "model data",
    ),
    (
        "aws_sagemaker_endpoint_configuration",
        "data_capture_config.destination_s3_uri",
        Some(Tier::Logs),
        true,
        "data capture destination",
    ),
    (
        "AWS::SageMaker::EndpointConfig",
        "DataCaptureConfig.DestinationS3Uri",
        Some(Tier::Logs),
        true,
        "data capture destination",
    ),
    ("aws_bedrock_custom_model", "training_data_config.s3_uri", Some(Tier::Data), true, "training data"),
    ("aws_bedrock_custom_model", "validation_data_config.validator.s3_uri", Some(Tier::Data), true, "validation data"),
    ("aws_bedrock_custom_model", "output_data_config.s3_uri", Some(Tier::Artifacts), true, "customization output"),
    (
        "aws_bedrockagent_data_source",
        "data_source_configuration.s3_configuration.bucket_arn",
        Some(Tier::Data),
        true,
        "knowledge-base data source",
    ),
    (
        "AWS::Bedrock::DataSource",
        "DataSourceConfiguration.S3Configuration.BucketArn",
        Some(Tier::Data),
        true,
        "knowledge-base data source",
    ),
    (
        "aws_bedrock_model_invocation_logging_configuration",
        "logging_config.s3_config.bucket_name",
        Some(Tier::Logs),
        true,
        "model invocation log destination",
    ),
    (
        "aws_bedrock_model_invocation_logging_configuration",
        "logging_config.cloudwatch_config.large_data_delivery_s3_config.bucket_name",
        Some(Tier::Logs),
        true,
        "model invocation log destination",
    ),
    (
        "aws_sagemaker_domain",
        "default_user_settings.sharing_settings.s3_output_path",
        Some(Tier::Artifacts),
        true,
        "Studio sharing output",
    ),
    (
        "AWS::SageMaker::Domain",
        "DefaultUserSettings.SharingSettings.S3OutputPath",
        Some(Tier::Artifacts),
        true,
        "Studio sharing output",
    ),
    (
        "aws_sagemaker_feature_group",
        "offline_store_config.s3_storage_config.s3_uri",
        Some(Tier::Data),
        true,
        "offline feature store",
    ),
    (
        "AWS::SageMaker::FeatureGroup",
        "OfflineStoreConfig.S3StorageConfig.S3Uri",
        Some(Tier::Data),
        true,
        "offline feature store",
    ),
    (
        "aws_sagemaker_endpoint_configuration",
        "async_inference_config.output_config.s3_output_path",
        Some(Tier::Logs),
        true,
        "asynchronous inference output",
    ),
    (
        "aws_sagemaker_endpoint_configuration",
        "async_inference_config.output_config.s3_failure_path",
        Some(Tier::Logs),
        true,
        "asynchronous inference output",
    ),
    (
        "AWS::SageMaker::EndpointConfig",
        "AsyncInferenceConfig.OutputConfig.S3OutputPath",
        Some(Tier::Logs),
        true,
        "asynchronous inference output",
    ),
    (
        "AWS::SageMaker::EndpointConfig",
        "AsyncInferenceConfig.OutputConfig.S3FailurePath",
        Some(Tier::Logs),
        true,
        "asynchronous inference output",
    ),
    (
        "AWS::Bedrock::ModelImportJob",
        "ModelDataSource.S3DataSource.S3Uri",
        Some(Tier::Artifacts),
        true,
        "imported model data",
    ),
    ("aws_cloudtrail", "s3_bucket_name", Some(Tier::Logs), false, "trail destination"),
    ("AWS::CloudTrail::Trail", "S3BucketName", Some(Tier::Logs), false, "trail destination"),
    ("aws_flow_log", "log_destination", Some(Tier::Logs), false, "flow-log destination"),
    ("AWS::EC2::FlowLog", "LogDestination", Some(Tier::Logs), false, "flow-log destination"),
];

const BUCKET_TYPES: &[&str] = &["aws_s3_bucket", "AWS::S3::Bucket"];

/// The bucket name in an S3 URI, a bucket ARN (or an object ARN), or a bare name.
/// `None` when the name part is not known.
pub fn bucket_name(text: &str) -> Option<&str> {
    let text = text.trim();
    let rest = if let Some(rest) = text.strip_prefix("s3://") {
        rest
    } else if let Some(url) = text.strip_prefix("https://") {
        // `https://BUCKET.s3[.region].amazonaws.com/key` or `https://s3[.region].amazonaws.com/BUCKET/key`.
        let (host, path) = url.split_once('/').unwrap_or((url, ""));
        if !host.ends_with(".amazonaws.com") {
            return None;
        }
        match host.split_once(".s3") {
            Some((bucket, _)) if !host.starts_with("s3.") && !host.starts_with("s3-") => bucket,
            _ => path,
        }
    } else if let Some((_, rest)) = text.split_once(":s3:::").filter(|(head, _)| head.starts_with("arn:")) {
        rest
    } else if !text.contains([':', '/']) {
        text
    } else {
        return None;
    };
    let name = rest.split('/').next().unwrap_or_default();
    (!name.is_empty() && !name.contains([UNKNOWN_MARK, '*', '?', '$'])).then_some(name)
}

/// Buckets by literal name, within their unit.
fn bucket_names(model: &Model) -> HashMap<(UnitId, String), ResourceId> {
    let mut names = HashMap::new();
    for (id, r) in model.of_type(BUCKET_TYPES) {
        if let Some(name) = Attribute::new("bucket", "BucketName").get(&r.attrs, r.lang).and_then(Value::as_str) {
            names.entry((r.unit, name.to_string())).or_insert(id);
        }
    }
    names
}

/// The buckets a value names: by reference, or by a literal name, URI or ARN (also the
/// known head of a partly unknown template).
fn buckets_named(
    model: &Model,
    names: &HashMap<(UnitId, String), ResourceId>,
    from: &Resource,
    value: &Value,
) -> Vec<ResourceId> {
    let mut out: Vec<ResourceId> = model
        .referenced_by(from, value)
        .into_iter()
        .filter(|id| BUCKET_TYPES.contains(&model.resource(*id).rtype.as_str()))
        .collect();
    if let Some(name) = value.text().and_then(bucket_name) {
        out.extend(names.get(&(from.unit, name.to_string())));
    }
    out.sort();
    out.dedup();
    out
}

/// Every use of every bucket, by bucket.
pub(crate) fn index(model: &Model) -> HashMap<ResourceId, Vec<StoreUse>> {
    let names = bucket_names(model);
    let mut out: HashMap<ResourceId, Vec<StoreUse>> = HashMap::new();
    for (rtype, path, tier, ai, what) in STORE_SLOTS {
        for (id, r, values) in model.values_at(rtype, path) {
            for value in values.items() {
                for bucket in buckets_named(model, &names, r, value) {
                    out.entry(bucket).or_default().push(StoreUse {
                        tier: *tier,
                        ai: *ai,
                        user: id,
                        span: value.span,
                        why: format!("used as {what} by `{}`", r.address),
                    });
                }
            }
        }
    }
    // Buckets named in identity policies of roles SageMaker or Bedrock can assume.
    let ai_roles: HashMap<ResourceId, String> = model
        .ai_roles()
        .iter()
        .filter(|r| !r.trusted_services.is_empty())
        .map(|r| (r.id, r.resource.address.clone()))
        .collect();
    if !ai_roles.is_empty() {
        for policy in model.policies().iter().filter(|p| p.usage == PolicyUsage::Identity) {
            let Some(role) = policy.attached_to.iter().find_map(|h| ai_roles.get(h)) else { continue };
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                for value in &statement.resources {
                    for bucket in buckets_named(model, &names, policy.owner, value) {
                        out.entry(bucket).or_default().push(StoreUse {
                            tier: None,
                            ai: true,
                            user: policy.owner_id,
                            span: value.span,
                            why: format!("named in a policy of AI role `{role}`"),
                        });
                    }
                }
            }
        }
    }
    for uses in out.values_mut() {
        uses.sort_by_key(|u| (u.span, u.user));
        uses.dedup_by_key(|u| (u.span, u.user));
    }
    out
}

impl Model {
    /// Every resource naming bucket `bucket`, in source order.
    pub fn store_uses(&self, bucket: ResourceId) -> &[StoreUse] {
        self.stores.get(&bucket).map_or(&[], Vec::as_slice)
    }

    /// The first use that makes `bucket` an AI data store, if any.
    pub fn ai_store_use(&self, bucket: ResourceId) -> Option<&StoreUse> {
        self.store_uses(bucket).iter().find(|u| u.ai)
    }

    /// The tiers of a bucket, each once, in order.
    pub fn tiers_of(&self, bucket: ResourceId) -> Vec<Tier> {
        let mut tiers: Vec<Tier> = self.store_uses(bucket).iter().filter_map(|u| u.tier).collect();
        tiers.sort();
        tiers.dedup();
        tiers
    }
}
