//! Bedrock agents, guardrails, custom models and model invocation logging.

use crate::views::vpc::is_bedrock_type;
use crate::{Attribute, Field, Model, Resource, ResourceId};

/// A Bedrock resource that can be encrypted with a customer managed key.
pub struct BedrockEncrypted<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// `agent`, `guardrail`, `custom model`.
    pub kind: &'static str,
    pub kms_key: Field<'m>,
}

/// Bedrock resource types with a key: types, kind, key attribute.
const ENCRYPTED: &[(&[&str], &str, Attribute)] = &[
    (
        &["aws_bedrockagent_agent", "AWS::Bedrock::Agent"],
        "agent",
        Attribute::new("customer_encryption_key_arn", "CustomerEncryptionKeyArn"),
    ),
    (&["aws_bedrock_guardrail", "AWS::Bedrock::Guardrail"], "guardrail", Attribute::new("kms_key_arn", "KmsKeyArn")),
    (&["aws_bedrock_custom_model"], "custom model", Attribute::new("custom_model_kms_key_id", "")),
];

/// A Bedrock agent.
pub struct BedrockAgent<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// The guardrail's identifier, in the guardrail configuration block.
    pub guardrail: Field<'m>,
}

/// A Bedrock custom model (a model customization job).
pub struct BedrockCustomModel<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    pub vpc: Field<'m>,
}

impl Model {
    pub fn bedrock_encrypted(&self) -> Vec<BedrockEncrypted<'_>> {
        let mut out: Vec<BedrockEncrypted<'_>> = ENCRYPTED
            .iter()
            .flat_map(|(types, kind, key)| {
                self.of_type(types).map(move |(id, r)| BedrockEncrypted { id, resource: r, kind, kms_key: key.read(r) })
            })
            .collect();
        out.sort_by_key(|b| b.id);
        out
    }

    pub fn bedrock_agents(&self) -> impl Iterator<Item = BedrockAgent<'_>> {
        self.of_type(&["aws_bedrockagent_agent", "AWS::Bedrock::Agent"]).map(|(id, r)| BedrockAgent {
            id,
            resource: r,
            guardrail: Attribute::new(
                "guardrail_configuration.guardrail_identifier",
                "GuardrailConfiguration.GuardrailIdentifier",
            )
            .read(r),
        })
    }

    pub fn bedrock_custom_models(&self) -> impl Iterator<Item = BedrockCustomModel<'_>> {
        self.of_type(&["aws_bedrock_custom_model"]).map(|(id, r)| BedrockCustomModel {
            id,
            resource: r,
            vpc: Attribute::new("vpc_config", "VpcConfig").read(r),
        })
    }

    /// Model invocation logging configurations anywhere in the scan.
    pub fn invocation_logging(&self) -> impl Iterator<Item = &Resource> {
        self.of_type(&["aws_bedrock_model_invocation_logging_configuration"]).map(|(_, r)| r)
    }

    /// Each configuration (unit) that deploys Bedrock resources, by its first one.
    pub fn bedrock_deployments(&self) -> Vec<&Resource> {
        let mut seen_units = std::collections::HashSet::new();
        self.resources()
            .map(|(_, r)| r)
            .filter(|r| r.mode == crate::Mode::Managed && is_bedrock_type(&r.rtype) && seen_units.insert(r.unit))
            .collect()
    }
}
