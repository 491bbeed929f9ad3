use crate::prelude::*;
use ringfence_model::iam::{catalog, escalations, Action};
use ringfence_model::views::policy::PolicyUsage;
use std::collections::HashMap;

declare_rule! {
    /// An identity policy statement granting resource-level actions on every resource.
    pub struct WildcardResource {
        code: "IAM003",
        name: "wildcard-resource",
        severity: High,
        default_enabled: true,
    }
}

impl Check for WildcardResource {
    fn check(&self, c: &mut Checker<'_>) {
        let catalog = catalog();
        for policy in c.model.policies().iter().filter(|p| p.usage == PolicyUsage::Identity) {
            c.examined(policy.owner);
            let escalating: Vec<usize> = if c.runs::<rules::PrivilegeEscalation>() {
                escalations(policy).iter().map(|e| e.statement).collect()
            } else {
                Vec::new()
            };
            for (index, statement) in policy.statements.iter().enumerate().filter(|(_, s)| s.is_allow()) {
                // One finding per problem: IAM001, IAM002, IAM004 and IAM007 report these
                // (when they run).
                if escalating.contains(&index)
                    || (c.runs::<rules::WildcardAction>() && !statement.all_action_wildcards().is_empty())
                    || (c.runs::<rules::ServiceWildcardAction>() && !statement.service_wildcards().is_empty())
                    || (c.runs::<rules::AllowNotAction>() && statement.inverted().is_some())
                {
                    continue;
                }
                // Actions that support resource-level permissions, with their resource types.
                // (service, the pattern as written, resource types) per granted action.
                let scoped: Vec<(&str, &str, &Action)> = statement
                    .known_actions()
                    .flat_map(|(_, pattern)| {
                        catalog.expand(pattern).unwrap_or_default().into_iter().map(move |(s, a)| (s, a, pattern))
                    })
                    .filter(|(_, a, _)| a.resources().len() > 0)
                    .map(|(s, a, pattern)| (s.prefix(), pattern, a))
                    .collect();
                if scoped.is_empty() {
                    continue; // only actions that work on `*` anyway
                }
                let offending: Vec<(&Value, String, String)> = statement
                    .resources
                    .iter()
                    .filter_map(|r| {
                        let arn = known_arn(r)?;
                        let arn = arn.as_str();
                        // Actions share resource types (`s3:*` is hundreds of actions on a
                        // few types): each service and type is matched against the ARN once.
                        let mut covers: HashMap<(&str, &str), bool> = HashMap::new();
                        let mut covered: Vec<&str> = scoped
                            .iter()
                            .filter(|(svc, _, action)| {
                                arn == "*"
                                    || action.resources().any(|t| {
                                        *covers.entry((*svc, t)).or_insert_with(|| {
                                            catalog.service(svc).is_some_and(|s| s.covers_all(arn, t))
                                        })
                                    })
                            })
                            .map(|(_, pattern, _)| *pattern)
                            .collect();
                        covered.dedup();
                        let first = covered.first()?;
                        let more = match covered.len() {
                            1 => String::new(),
                            2 => " and 1 more action".to_string(),
                            n => format!(" and {} more actions", n - 1),
                        };
                        Some((*r, format!("`{first}`{more}"), arn.to_string()))
                    })
                    .collect();
                let Some(((first, actions, arn), others)) = offending.split_first() else {
                    // A resource that cannot be known may be `*`; one computed from a
                    // resource of the scan (`!GetAtt Group.Arn`) is that resource.
                    if let Some(v) = statement
                        .resources
                        .iter()
                        .find(|r| known_arn(r).is_none() && r.is_unknown() && r.references().is_empty())
                    {
                        c.undecided(policy.owner, v.span, "a resource of the policy is not known");
                    }
                    continue;
                };
                let what = if arn == "*" {
                    "every resource (`*`)".to_string()
                } else {
                    format!("every resource of its type (`{arn}`)")
                };
                let finding = c.report(policy.owner, *first, format!("policy statement grants {actions} on {what}"));
                for (other, _, _) in others {
                    finding.label(other.span, "also covers every resource");
                }
            }
        }
    }
}

/// A resource ARN as far as it decides coverage: the string, or one whose only unknown
/// parts are whole fields of partition, region or account
/// (`arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/*`,
/// `arn:${data.aws_partition.current.partition}:ec2:*:*:volume/*`): those name where it
/// is deployed, never a wildcard, so they stand in as one partition, region, account.
fn known_arn(r: &Value) -> Option<String> {
    if let Some(s) = r.as_str() {
        return Some(s.trim().to_string());
    }
    let text = r.text()?.trim();
    let mark = ringfence_model::UNKNOWN_MARK.to_string();
    let mut parts: Vec<&str> = text.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" {
        return None;
    }
    for (field, stand_in) in [(1, "aws"), (3, "us-east-1"), (4, "111122223333")] {
        if parts[field] == mark {
            parts[field] = stand_in;
        }
    }
    if parts.iter().any(|p| p.contains(ringfence_model::UNKNOWN_MARK)) {
        return None;
    }
    Some(parts.join(":"))
}
