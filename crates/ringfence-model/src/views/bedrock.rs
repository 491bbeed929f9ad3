//! Bedrock agents, guardrails, custom models and model invocation logging.

use crate::{Model, Resource, ResourceId, Setting};

/// A Bedrock resource that can be encrypted with a customer managed key.
pub struct BedrockEncrypted<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// `agent`, `guardrail`, `custom model`.
    pub kind: &'static str,
    pub kms_key: Setting<'m>,
    /// The attribute naming the key, in the resource's language.
    pub key_attribute: &'static str,
}

/// Bedrock resource types with a key: type, kind, key attribute.
const ENCRYPTED: &[(&str, &str, &str)] = &[
    ("aws_bedrockagent_agent", "agent", "customer_encryption_key_arn"),
    ("AWS::Bedrock::Agent", "agent", "CustomerEncryptionKeyArn"),
    ("aws_bedrock_guardrail", "guardrail", "kms_key_arn"),
    ("AWS::Bedrock::Guardrail", "guardrail", "KmsKeyArn"),
    ("aws_bedrock_custom_model", "custom model", "custom_model_kms_key_id"),
];

impl Model {
    pub fn bedrock_encrypted(&self) -> Vec<BedrockEncrypted<'_>> {
        let mut out: Vec<BedrockEncrypted<'_>> = ENCRYPTED
            .iter()
            .flat_map(|(rtype, kind, attr)| {
                self.of_type(std::slice::from_ref(rtype)).map(move |(id, r)| BedrockEncrypted {
                    id,
                    resource: r,
                    kind,
                    kms_key: Setting::of(r.attrs.get(attr)),
                    key_attribute: attr,
                })
            })
            .collect();
        out.sort_by_key(|b| b.id);
        out
    }

    /// Bedrock agents and their guardrail configuration.
    pub fn bedrock_agents(&self) -> impl Iterator<Item = (&Resource, Setting<'_>)> {
        self.of_type(&["aws_bedrockagent_agent", "AWS::Bedrock::Agent"]).map(|(_, r)| {
            let guardrail = Setting::attr(
                r,
                "guardrail_configuration.guardrail_identifier",
                "GuardrailConfiguration.GuardrailIdentifier",
            );
            (r, guardrail)
        })
    }

    /// Bedrock custom models (model customization jobs) and their VPC configuration.
    pub fn bedrock_custom_models(&self) -> impl Iterator<Item = (&Resource, Setting<'_>)> {
        self.of_type(&["aws_bedrock_custom_model"]).map(|(_, r)| (r, Setting::attr(r, "vpc_config", "VpcConfig")))
    }

    /// Model invocation logging configurations anywhere in the scan.
    pub fn invocation_logging(&self) -> impl Iterator<Item = &Resource> {
        self.of_type(&["aws_bedrock_model_invocation_logging_configuration"]).map(|(_, r)| r)
    }
}
