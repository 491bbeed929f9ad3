//! IAM identities: the AWS managed policies attached to roles, users and groups,
//! access keys, and references to roles and users.

use crate::{Model, Resource, Value, UNKNOWN_MARK};

/// Roles and users: principals that are never an account root.
const ROLES_AND_USERS: &[&str] = &["aws_iam_role", "aws_iam_user", "AWS::IAM::Role", "AWS::IAM::User"];

/// Where managed policies are attached: resource type and attribute (a string or a
/// list of them).
const ATTACHMENTS: &[(&str, &str)] = &[
    ("aws_iam_role_policy_attachment", "policy_arn"),
    ("aws_iam_user_policy_attachment", "policy_arn"),
    ("aws_iam_group_policy_attachment", "policy_arn"),
    ("aws_iam_policy_attachment", "policy_arn"),
    ("aws_iam_role", "managed_policy_arns"),
    ("aws_iam_role_policy_attachments_exclusive", "policy_arns"),
    ("aws_iam_user_policy_attachments_exclusive", "policy_arns"),
    ("aws_iam_group_policy_attachments_exclusive", "policy_arns"),
    ("AWS::IAM::Role", "ManagedPolicyArns"),
    ("AWS::IAM::User", "ManagedPolicyArns"),
    ("AWS::IAM::Group", "ManagedPolicyArns"),
    // SAM: names of managed policies among a function's Policies.
    ("AWS::Serverless::Function", "Policies"),
    ("AWS::Serverless::StateMachine", "Policies"),
];

/// One managed policy attached by a resource.
pub struct ManagedPolicyAttachment<'m> {
    pub resource: &'m Resource,
    /// Where the policy is named: an ARN, a SAM policy name, a reference.
    pub value: &'m Value,
    /// The text naming the policy (an ARN or a name), when it can be known.
    pub policy: Option<String>,
}

impl Model {
    /// IAM access keys: long-lived credentials.
    pub fn access_keys(&self) -> impl Iterator<Item = &Resource> {
        self.of_type(&["aws_iam_access_key", "AWS::IAM::AccessKey"]).map(|(_, r)| r)
    }

    /// Whether `value`, written in `from`, refers to a role or user of the configuration.
    pub fn refers_to_role_or_user(&self, from: &Resource, value: &Value) -> bool {
        self.referenced_by(from, value).iter().any(|id| ROLES_AND_USERS.contains(&self.resource(*id).rtype.as_str()))
    }

    /// Every managed policy attached in the scan, by attachment type.
    pub fn managed_policy_attachments(&self) -> Vec<ManagedPolicyAttachment<'_>> {
        let mut out = Vec::new();
        for (rtype, attr) in ATTACHMENTS {
            for (_, resource) in self.resources().filter(|(_, r)| r.rtype == *rtype) {
                let Some(value) = resource.attrs.get(crate::awscc::named(resource.lang, attr)) else { continue };
                for arn in value.items() {
                    out.push(ManagedPolicyAttachment {
                        resource,
                        value: arn,
                        policy: self.managed_policy_name(resource, arn),
                    });
                }
            }
        }
        out
    }

    /// The text naming a managed policy: the string; for an ARN built around an unknown
    /// part (`arn:${data.aws_partition.current.partition}:iam::aws:policy/X`), its
    /// rendering (the policy name is known even if the partition is not); for
    /// `data.aws_iam_policy.x.arn`, the data source's known `arn` or `name`.
    fn managed_policy_name(&self, from: &Resource, value: &Value) -> Option<String> {
        if let Some(text) = value.as_str() {
            return Some(text.to_string());
        }
        if let Some(rendered) = &value.rendered {
            let name = rendered.text.rsplit('/').next().unwrap_or_default();
            if !name.contains(UNKNOWN_MARK) {
                return Some(rendered.text.clone());
            }
        }
        value.references().into_iter().find_map(|r| {
            let data = self.resource(self.resolve(from, r)?);
            (data.rtype == "aws_iam_policy" && data.local_name.starts_with("data.")).then_some(())?;
            data.attrs.get("arn").or_else(|| data.attrs.get("name")).and_then(Value::as_str).map(str::to_string)
        })
    }
}
