use crate::prelude::*;

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
    ("AWS::IAM::Role", "ManagedPolicyArns"),
    ("AWS::IAM::User", "ManagedPolicyArns"),
    ("AWS::IAM::Group", "ManagedPolicyArns"),
    // SAM: names of managed policies among a function's Policies.
    ("AWS::Serverless::Function", "Policies"),
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

impl Check for BroadManagedPolicy {
    fn check(&self, c: &mut Checker<'_>) {
        for (rtype, attr) in ATTACHMENTS {
            for (_, resource) in c.model.resources().filter(|(_, r)| r.rtype == *rtype) {
                let Some(value) = resource.attrs.get(attr) else { continue };
                for arn in value.items() {
                    let Some(policy) = arn.as_str().and_then(god_mode) else { continue };
                    let finding = c.report(resource, arn, format!("attaches the AWS managed policy `{policy}`, far broader than an ML workload needs"));
                    if policy == "AdministratorAccess" {
                        finding.severity(Severity::Critical);
                    }
                }
            }
        }
    }
}
