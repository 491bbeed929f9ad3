//! The AI estate: every SageMaker and Bedrock resource with what an auditor asks of
//! it: the role it runs as, how it reaches the network, the data stores it uses and
//! the key protecting each. What the audit report's inventory shows.

use crate::views::keys::is_aws_managed_alias;
use crate::views::s3::Encryption;
use crate::views::stores::Tier;
use crate::{Attribute, Field, Model, Resource, ResourceId, Setting, Value};
use ringfence_syntax::Span;
use std::collections::{BTreeMap, HashMap};

/// AI resource types, what they are called, and the attribute naming their key
/// (Terraform, CloudFormation; empty where the resource has none).
const ASSETS: &[(&[&str], &str, Attribute)] = &[
    (&["aws_sagemaker_domain", "AWS::SageMaker::Domain"], "SageMaker domain", Attribute::new("kms_key_id", "KmsKeyId")),
    (&["aws_sagemaker_user_profile", "AWS::SageMaker::UserProfile"], "SageMaker user profile", Attribute::new("", "")),
    (
        &["aws_sagemaker_notebook_instance", "AWS::SageMaker::NotebookInstance"],
        "SageMaker notebook instance",
        Attribute::new("kms_key_id", "KmsKeyId"),
    ),
    (&["aws_sagemaker_model", "AWS::SageMaker::Model"], "SageMaker model", Attribute::new("", "")),
    (
        &["aws_sagemaker_endpoint_configuration", "AWS::SageMaker::EndpointConfig"],
        "SageMaker endpoint configuration",
        Attribute::new("kms_key_arn", "KmsKeyId"),
    ),
    (&["aws_sagemaker_endpoint", "AWS::SageMaker::Endpoint"], "SageMaker endpoint", Attribute::new("", "")),
    (&["aws_sagemaker_pipeline", "AWS::SageMaker::Pipeline"], "SageMaker pipeline", Attribute::new("", "")),
    (
        &["aws_sagemaker_feature_group", "AWS::SageMaker::FeatureGroup"],
        "SageMaker feature group",
        Attribute::new("offline_store_config.s3_storage_config.kms_key_id", ""),
    ),
    (
        &["aws_bedrockagent_agent", "AWS::Bedrock::Agent"],
        "Bedrock agent",
        Attribute::new("customer_encryption_key_arn", "CustomerEncryptionKeyArn"),
    ),
    (
        &["aws_bedrockagent_knowledge_base", "AWS::Bedrock::KnowledgeBase"],
        "Bedrock knowledge base",
        Attribute::new("", ""),
    ),
    (
        &["aws_bedrockagent_data_source", "AWS::Bedrock::DataSource"],
        "Bedrock data source",
        Attribute::new(
            "server_side_encryption_configuration.kms_key_arn",
            "ServerSideEncryptionConfiguration.KmsKeyArn",
        ),
    ),
    (
        &["aws_bedrock_guardrail", "AWS::Bedrock::Guardrail"],
        "Bedrock guardrail",
        Attribute::new("kms_key_arn", "KmsKeyArn"),
    ),
    (&["aws_bedrock_custom_model"], "Bedrock custom model", Attribute::new("custom_model_kms_key_id", "")),
];

/// What protects a resource or a store at rest.
#[derive(Clone, Debug)]
pub enum Protection<'m> {
    /// A customer managed key of the scan.
    Key(&'m Resource),
    /// A key named by value (an ARN, an alias): customer managed as far as the scan
    /// can tell, but not one of its resources.
    Named(&'m Value),
    /// An AWS managed key (`alias/aws/...`).
    AwsManaged(&'m Value),
    /// SSE-KMS without a key: the AWS managed key `aws/s3`.
    AwsManagedS3,
    /// SSE-S3 (`AES256`): keys AWS holds.
    S3Managed,
    /// No key written: the service's AWS owned key.
    ServiceDefault,
    /// Written, but not known before deployment (a variable without a default).
    Unknown(Span),
}

/// How a resource reaches the network, as written.
#[derive(Clone, Debug)]
pub struct Network {
    pub description: String,
    /// Where it is decided (the attribute, or the resource header for a default).
    pub span: Span,
    /// Private (`VpcOnly`, no direct internet, isolated), public, or unknown.
    pub private: Option<bool>,
}

/// A data store an AI resource uses.
#[derive(Clone, Debug)]
pub struct StoreRef<'m> {
    pub bucket: &'m Resource,
    pub tier: Option<Tier>,
    /// Where the resource names it.
    pub span: Span,
    pub protection: Protection<'m>,
}

/// One SageMaker or Bedrock resource.
#[derive(Clone, Debug)]
pub struct AiAsset<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// `SageMaker domain`, `Bedrock agent`, ...
    pub kind: &'static str,
    /// The roles it runs as.
    pub roles: Vec<&'m Resource>,
    pub network: Option<Network>,
    /// Its own key (none for resource kinds without one).
    pub protection: Option<Protection<'m>>,
    pub stores: Vec<StoreRef<'m>>,
}

impl Model {
    /// Every AI resource of the scan, by kind then address.
    pub fn ai_estate(&self) -> Vec<AiAsset<'_>> {
        let mut roles_of: HashMap<ResourceId, Vec<&Resource>> = HashMap::new();
        for role in self.ai_roles() {
            for user in &role.users {
                if let Some(id) = self.id_of(user.resource) {
                    let roles = roles_of.entry(id).or_default();
                    if !roles.iter().any(|r| std::ptr::eq(*r, role.resource)) {
                        roles.push(role.resource);
                    }
                }
            }
        }
        // Which AI resource uses which bucket, and each bucket's protection.
        let mut stores_of: HashMap<ResourceId, Vec<StoreRef<'_>>> = HashMap::new();
        for bucket in self.buckets() {
            let protection = self.bucket_protection(&bucket.encryption, bucket.resource);
            for store in self.store_uses(bucket.id) {
                stores_of.entry(store.user).or_default().push(StoreRef {
                    bucket: bucket.resource,
                    tier: store.tier,
                    span: store.span,
                    protection: protection.clone(),
                });
            }
        }
        let network = self.networks();
        let mut out = Vec::new();
        for (types, kind, key) in ASSETS {
            for (id, resource) in self.of_type(types) {
                let protection = (!key.path(resource.lang).is_empty()).then(|| self.protection(key.read(resource)));
                let mut stores = stores_of.remove(&id).unwrap_or_default();
                stores.sort_by(|a, b| a.bucket.address.cmp(&b.bucket.address).then(a.span.cmp(&b.span)));
                stores.dedup_by(|a, b| std::ptr::eq(a.bucket, b.bucket) && a.tier == b.tier);
                let mut roles = roles_of.remove(&id).unwrap_or_default();
                roles.sort_by(|a, b| a.address.cmp(&b.address));
                out.push(AiAsset { id, resource, kind, roles, network: network.get(&id).cloned(), protection, stores });
            }
        }
        out.sort_by(|a, b| a.kind.cmp(b.kind).then_with(|| a.resource.address.cmp(&b.resource.address)));
        out
    }

    /// What a key attribute protects a resource with.
    pub fn protection<'m>(&'m self, key: Field<'m>) -> Protection<'m> {
        match key.setting {
            Setting::Unset => Protection::ServiceDefault,
            Setting::Known(v) if v.is_blank() => Protection::ServiceDefault,
            Setting::Known(v) | Setting::Unknown(v) => match self.key_named(key.resource, v) {
                Some(id) => Protection::Key(self.resource(id)),
                None if v.is_unknown() => Protection::Unknown(v.span),
                None if v.as_str().is_some_and(is_aws_managed_alias) => Protection::AwsManaged(v),
                None => Protection::Named(v),
            },
        }
    }

    /// What a bucket's default encryption protects it with (its first rule's).
    pub fn bucket_protection<'m>(&'m self, encryption: &Encryption<'m>, bucket: &'m Resource) -> Protection<'m> {
        match encryption {
            // Since 2023 S3 encrypts every new object with SSE-S3 when nothing is set.
            Encryption::None => Protection::S3Managed,
            Encryption::Unknown => Protection::Unknown(bucket.header),
            Encryption::Rules(rules) => {
                let Some(rule) = rules.first() else { return Protection::S3Managed };
                let algorithm = rule.algorithm.known().and_then(Value::as_str).unwrap_or_default();
                if rule.algorithm.is_unknown() {
                    return Protection::Unknown(rule.span);
                }
                if !algorithm.starts_with("aws:kms") {
                    return Protection::S3Managed;
                }
                let from = rule.via.unwrap_or(bucket);
                match rule.key {
                    Setting::Unset => Protection::AwsManagedS3,
                    Setting::Known(v) | Setting::Unknown(v) => match self.key_named(from, v) {
                        Some(id) => Protection::Key(self.resource(id)),
                        None if v.is_unknown() => Protection::Unknown(v.span),
                        None if v.is_blank() => Protection::AwsManagedS3,
                        None if v.as_str().is_some_and(is_aws_managed_alias) => Protection::AwsManaged(v),
                        None => Protection::Named(v),
                    },
                }
            }
        }
    }

    /// How each resource that has a network mode reaches the network.
    fn networks(&self) -> BTreeMap<ResourceId, Network> {
        let mut out = BTreeMap::new();
        for domain in self.sagemaker_domains() {
            let field = domain.app_network_access_type;
            let network = match field.setting {
                Setting::Unset => Network {
                    description: format!("PublicInternetOnly (`{}` not set)", field.name()),
                    span: domain.resource.header,
                    private: Some(false),
                },
                Setting::Unknown(v) => {
                    Network { description: format!("unknown (`{}`)", field.name()), span: v.span, private: None }
                }
                Setting::Known(v) => {
                    let mode = v.as_str().unwrap_or_default().to_string();
                    let private = Some(mode.eq_ignore_ascii_case("VpcOnly"));
                    Network { description: mode, span: v.span, private }
                }
            };
            out.insert(domain.id, network);
        }
        for notebook in self.notebook_instances() {
            let direct = notebook.direct_internet_access;
            let enabled = match direct.setting {
                Setting::Unset => Some(true),
                Setting::Known(v) => v.as_str().map(|s| !s.eq_ignore_ascii_case("Disabled")),
                Setting::Unknown(_) => None,
            };
            let in_subnet = !notebook.subnet.is_unset();
            let description = match enabled {
                Some(true) => "direct internet access".to_string(),
                Some(false) if in_subnet => "in a VPC subnet, no direct internet access".to_string(),
                Some(false) => "no direct internet access, but no subnet".to_string(),
                None => format!("unknown (`{}`)", direct.name()),
            };
            let span = direct.written().map_or(notebook.resource.header, |v| v.span);
            out.insert(notebook.id, Network { description, span, private: enabled.map(|e| !e && in_subnet) });
        }
        for model in self.sagemaker_models() {
            let isolated = match model.network_isolation.setting {
                Setting::Unset => Some(false),
                Setting::Known(v) => v.as_bool(),
                Setting::Unknown(_) => None,
            };
            let in_vpc = !model.vpc.is_unset();
            let description = match (in_vpc, isolated) {
                (true, Some(true)) => "in a VPC, network isolation on",
                (true, Some(false)) => "in a VPC, network isolation off",
                (false, Some(true)) => "network isolation on, no VPC",
                (false, Some(false)) => "no VPC, network isolation off",
                (_, None) => "unknown (network isolation)",
            };
            let span = model.vpc.written().map_or(model.resource.header, |v| v.span);
            let private = isolated.map(|i| i && in_vpc);
            out.insert(model.id, Network { description: description.to_string(), span, private });
        }
        out
    }
}

impl Protection<'_> {
    /// In words, for the report.
    pub fn describe(&self) -> String {
        match self {
            Protection::Key(key) => format!("customer managed key `{}`", key.address),
            Protection::Named(v) => format!("key `{}`", v.as_str().unwrap_or("(not text)")),
            Protection::AwsManaged(v) => format!("AWS managed key `{}`", v.as_str().unwrap_or_default()),
            Protection::AwsManagedS3 => "SSE-KMS with the AWS managed key `aws/s3`".to_string(),
            Protection::S3Managed => "SSE-S3 (keys held by AWS)".to_string(),
            Protection::ServiceDefault => "no key set: an AWS owned key".to_string(),
            Protection::Unknown(_) => "unknown (set from a value not known before deployment)".to_string(),
        }
    }

    /// Whether a customer controls the key: `None` when unknown.
    pub fn customer_managed(&self) -> Option<bool> {
        match self {
            Protection::Key(_) | Protection::Named(_) => Some(true),
            Protection::Unknown(_) => None,
            _ => Some(false),
        }
    }
}
