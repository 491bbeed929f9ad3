use crate::prelude::*;
use ringfence_model::Resource;

declare_rule! {
    /// A role, user or group given an AWS managed policy that is a god mode for ML.
    pub struct BroadManagedPolicy {
        code: "IAM005",
        name: "broad-managed-policy",
        severity: High,
        default_enabled: true,
    }
}

/// AWS managed policies that grant far more than an ML workload needs.
const GOD_MODE: &[&str] = &[
    "AdministratorAccess",
    "PowerUserAccess",
    "IAMFullAccess",
    "AmazonSageMakerFullAccess",
    "AmazonBedrockFullAccess",
    "AmazonS3FullAccess",
    "AmazonEC2FullAccess",
    "AWSKeyManagementServicePowerUser",
];

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

/// The AWS managed policy an ARN (any partition, any path) or a SAM name designates.
fn god_mode(text: &str) -> Option<&'static str> {
    let text = text.trim();
    let name = match text.split_once(":iam::aws:policy/") {
        Some((prefix, path)) if prefix.starts_with("arn:") => path.rsplit('/').next()?,
        Some(_) => return None,
        None if !text.contains(':') && !text.contains('/') => text,
        None => return None,
    };
    GOD_MODE.iter().copied().find(|g| *g == name)
}

/// The text naming a managed policy: the string; for an ARN built around an unknown
/// part (`arn:${data.aws_partition.current.partition}:iam::aws:policy/X`), its rendering
/// (the policy name is known even if the partition is not); for
/// `data.aws_iam_policy.x.arn`, the data source's known `arn` or `name`.
fn managed_policy_name(model: &ringfence_model::Model, from: &Resource, value: &Value) -> Option<String> {
    if let Some(text) = value.as_str() {
        return Some(text.to_string());
    }
    if let Some(rendered) = &value.rendered {
        let name = rendered.text.rsplit('/').next().unwrap_or_default();
        if !name.contains(ringfence_model::UNKNOWN_MARK) {
            return Some(rendered.text.clone());
        }
    }
    value.references().into_iter().find_map(|r| {
        let data = model.resource(model.resolve(from, r)?);
        (data.rtype == "aws_iam_policy" && data.local_name.starts_with("data.")).then_some(())?;
        data.attrs.get("arn").or_else(|| data.attrs.get("name")).and_then(Value::as_str).map(str::to_string)
    })
}

impl Check for BroadManagedPolicy {
    fn check(&self, c: &mut Checker<'_>) {
        for (rtype, attr) in ATTACHMENTS {
            for (_, resource) in c.model.resources().filter(|(_, r)| r.rtype == *rtype) {
                let Some(value) = resource.attrs.get(attr) else { continue };
                for arn in value.items() {
                    let Some(policy) = managed_policy_name(c.model, resource, arn).and_then(|t| god_mode(&t)) else { continue };
                    let finding = c.report(resource, arn, format!("attaches the AWS managed policy `{policy}`, far broader than an ML workload needs"));
                    if policy == "AdministratorAccess" {
                        finding.severity(Severity::Critical);
                    }
                }
            }
        }
    }
}
