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
        for attachment in c.model.managed_policy_attachments() {
            c.examined(attachment.resource);
            // A policy computed from another resource is one of the configuration's own.
            let v = attachment.value;
            if attachment.policy.is_none() && v.is_unknown() && v.rendered.is_none() && v.references().is_empty() {
                c.undecided(attachment.resource, v.span, "an attached policy is not known");
                continue;
            }
            let Some(policy) = attachment.policy.as_deref().and_then(god_mode) else { continue };
            let finding = c.report(
                attachment.resource,
                attachment.value,
                format!("attaches the AWS managed policy `{policy}`, far broader than an ML workload needs"),
            );
            if policy == "AdministratorAccess" {
                finding.severity(Severity::Critical);
            }
        }
    }
}
