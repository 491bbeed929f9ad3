//! AI roles: roles SageMaker or Bedrock can assume, and the AI resources that use a
//! role as their execution or service role, by kind of workload.

use crate::views::policy::PolicyUsage;
use crate::{Model, Resource, ResourceId, Value};
use std::collections::HashMap;

/// What an AI resource does with its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Workload {
    /// Studio domains, user profiles, notebook instances.
    Development,
    /// SageMaker models (endpoints run them).
    Inference,
    /// Bedrock agents and knowledge bases.
    Agents,
    /// Bedrock model customization.
    Customization,
}

impl Workload {
    pub fn as_str(self) -> &'static str {
        match self {
            Workload::Development => "development",
            Workload::Inference => "inference",
            Workload::Agents => "agents",
            Workload::Customization => "customization",
        }
    }
}

/// AI resource types, the attribute naming their role (Terraform, CloudFormation), and
/// their workload.
const ROLE_USERS: &[(&str, &str, Workload)] = &[
    ("aws_sagemaker_domain", "default_user_settings.execution_role", Workload::Development),
    ("AWS::SageMaker::Domain", "DefaultUserSettings.ExecutionRole", Workload::Development),
    ("aws_sagemaker_user_profile", "user_settings.execution_role", Workload::Development),
    ("AWS::SageMaker::UserProfile", "UserSettings.ExecutionRole", Workload::Development),
    ("aws_sagemaker_notebook_instance", "role_arn", Workload::Development),
    ("AWS::SageMaker::NotebookInstance", "RoleArn", Workload::Development),
    ("aws_sagemaker_model", "execution_role_arn", Workload::Inference),
    ("AWS::SageMaker::Model", "ExecutionRoleArn", Workload::Inference),
    ("aws_bedrockagent_agent", "agent_resource_role_arn", Workload::Agents),
    ("AWS::Bedrock::Agent", "AgentResourceRoleArn", Workload::Agents),
    ("aws_bedrockagent_knowledge_base", "role_arn", Workload::Agents),
    ("AWS::Bedrock::KnowledgeBase", "RoleArn", Workload::Agents),
    ("aws_bedrock_custom_model", "role_arn", Workload::Customization),
];

/// Service principals of the AI services.
pub const AI_SERVICE_PRINCIPALS: &[&str] = &["sagemaker.amazonaws.com", "bedrock.amazonaws.com"];

/// An AI resource using a role.
pub struct RoleUser<'m> {
    pub resource: &'m Resource,
    /// The attribute value naming the role (where a label belongs).
    pub value: &'m Value,
    pub workload: Workload,
}

/// A role as the AI rules see it.
pub struct AiRole<'m> {
    pub id: ResourceId,
    pub resource: &'m Resource,
    /// AI service principals its trust policy admits, each where it is written.
    pub trusted_services: Vec<&'m Value>,
    pub users: Vec<RoleUser<'m>>,
}

impl Model {
    /// Every role SageMaker or Bedrock can assume or an AI resource uses.
    pub fn ai_roles(&self) -> &[AiRole<'_>] {
        self.ai_roles.0.get_or_init(|| {
            let roles = self.find_ai_roles();
            // SAFETY: as for `Model::policies`: the roles borrow only what `resources`
            // owns, which never changes or moves while the model lives.
            unsafe { std::mem::transmute::<Vec<AiRole<'_>>, Vec<AiRole<'static>>>(roles) }
        })
    }

    fn find_ai_roles(&self) -> Vec<AiRole<'_>> {
        let mut roles: Vec<AiRole<'_>> = self
            .of_type(&["aws_iam_role", "AWS::IAM::Role"])
            .map(|(id, resource)| AiRole { id, resource, trusted_services: Vec::new(), users: Vec::new() })
            .collect();
        let index: HashMap<ResourceId, usize> = roles.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        for policy in self.policies().iter().filter(|p| p.usage == PolicyUsage::Trust) {
            let Some(&i) = index.get(&policy.owner_id) else { continue };
            let role = &mut roles[i];
            for statement in policy.statements.iter().filter(|s| s.is_allow()) {
                let services = statement.principal.and_then(|p| p.get("Service")).map(Value::items).unwrap_or_default();
                for service in services {
                    let known = service.as_str().is_some_and(|s| AI_SERVICE_PRINCIPALS.contains(&s.trim()));
                    if known && !role.trusted_services.iter().any(|v| v.as_str() == service.as_str()) {
                        role.trusted_services.push(service);
                    }
                }
            }
        }
        for (rtype, path, workload) in ROLE_USERS {
            for (_, user, value) in self.values_at(rtype, path) {
                let mut ids: Vec<ResourceId> =
                    self.referenced_by(user, value).into_iter().filter(|id| index.contains_key(id)).collect();
                if let Some(arn) = value.as_str() {
                    let name = arn.rsplit(['/', ':']).next().unwrap_or_default();
                    ids.extend(self.principals_named(user.unit, name).iter().filter(|id| index.contains_key(id)));
                }
                ids.sort();
                ids.dedup();
                for id in ids {
                    roles[index[&id]].users.push(RoleUser { resource: user, value, workload: *workload });
                }
            }
        }
        roles.retain(|r| !r.trusted_services.is_empty() || !r.users.is_empty());
        roles
    }
}
