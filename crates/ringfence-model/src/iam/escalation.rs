//! Known IAM privilege-escalation paths, found in one identity policy document.

use super::catalog::{catalog, glob};
use crate::views::policy::{PolicyDocument, Statement};
use crate::Value;

/// Actions that alone let a principal raise its own privileges, and how.
pub const SINGLE_ACTIONS: &[(&str, &str)] = &[
    ("iam:createpolicyversion", "`iam:CreatePolicyVersion` rewrites a managed policy, its own included"),
    ("iam:setdefaultpolicyversion", "`iam:SetDefaultPolicyVersion` activates a more permissive policy version"),
    ("iam:attachuserpolicy", "`iam:AttachUserPolicy` attaches any managed policy to a user"),
    ("iam:attachgrouppolicy", "`iam:AttachGroupPolicy` attaches any managed policy to a group"),
    ("iam:attachrolepolicy", "`iam:AttachRolePolicy` attaches any managed policy to a role"),
    ("iam:putuserpolicy", "`iam:PutUserPolicy` writes an inline policy on a user"),
    ("iam:putgrouppolicy", "`iam:PutGroupPolicy` writes an inline policy on a group"),
    ("iam:putrolepolicy", "`iam:PutRolePolicy` writes an inline policy on a role"),
    ("iam:updateassumerolepolicy", "`iam:UpdateAssumeRolePolicy` lets it assume any role"),
    ("iam:createaccesskey", "`iam:CreateAccessKey` mints keys for other users"),
    ("iam:createloginprofile", "`iam:CreateLoginProfile` sets a console password for other users"),
    ("iam:updateloginprofile", "`iam:UpdateLoginProfile` resets other users' console passwords"),
    ("iam:addusertogroup", "`iam:AddUserToGroup` joins a more privileged group"),
];

/// `iam:PassRole` combined with a service that runs code as the passed role.
pub const PASS_ROLE_COMBINATIONS: &[(&[&str], &str)] = &[
    (&["sagemaker:createnotebookinstance"], "a SageMaker notebook instance"),
    (&["sagemaker:createtrainingjob"], "a SageMaker training job"),
    (&["sagemaker:createprocessingjob"], "a SageMaker processing job"),
    (&["lambda:createfunction", "lambda:invokefunction"], "a Lambda function it then invokes"),
    (&["glue:createdevendpoint"], "a Glue development endpoint"),
    (&["cloudformation:createstack"], "a CloudFormation stack"),
    (&["ec2:runinstances"], "an EC2 instance"),
];

/// One escalation path: the statement that grants it, the element to report, the
/// path in words, and the other elements it needs.
pub struct Escalation<'m> {
    pub statement: usize,
    pub element: &'m Value,
    pub path: String,
    pub partners: Vec<&'m Value>,
}

/// Whether a written action pattern grants `action` (lower-case `service:name`).
fn grants(pattern: &str, action: &str) -> bool {
    let (svc, name) = action.split_once(':').unwrap_or_default();
    let Some((p_svc, p_name)) = pattern.trim().split_once(':') else { return pattern.trim() == "*" };
    glob(p_svc, svc) && glob(p_name, name) && catalog().service(svc).is_some()
}

/// The first action element of a statement granting `action`.
fn granting<'m>(statement: &Statement<'m>, action: &str) -> Option<&'m Value> {
    statement.known_actions().find(|(_, p)| grants(p, action)).map(|(v, _)| v)
}

/// Whether a Deny statement of the document removes `action` everywhere.
fn denied(doc: &PolicyDocument<'_>, action: &str) -> bool {
    doc.statements
        .iter()
        .filter(|s| s.effect.is_str("Deny"))
        .any(|s| granting(s, action).is_some() && s.resources.iter().any(|r| r.as_str().map(str::trim) == Some("*")))
}

fn passed_to_service(statement: &Statement<'_>) -> bool {
    statement.condition.is_some_and(|c| {
        c.entries()
            .iter()
            .any(|op| op.value.entries().iter().any(|k| k.key.eq_ignore_ascii_case("iam:PassedToService")))
    })
}

/// Whether a statement's resources reach principals other than the caller: some known
/// resource that is not scoped to the caller's own user (`…:user/${aws:username}`).
/// A statement whose resources cannot be known is not judged.
fn reaches_others(statement: &Statement<'_>) -> bool {
    statement
        .resources
        .iter()
        .filter_map(|r| r.as_str())
        .any(|r| !r.contains("${aws:username}") && !r.contains("${aws:userid}"))
}

/// `*`, or a role ARN whose role part is a wildcard.
fn any_role(resource: &str) -> bool {
    let r = resource.trim();
    r == "*"
        || (r.starts_with("arn:")
            && r.contains(":role/")
            && r.rsplit(":role/").next().is_some_and(|p| p == "*" || p.ends_with('*')))
}

/// Escalation paths of one identity policy document, at most one per statement.
pub fn escalations<'m>(doc: &PolicyDocument<'m>) -> Vec<Escalation<'m>> {
    let mut out: Vec<Escalation<'m>> = Vec::new();
    let allows: Vec<(usize, &Statement<'m>)> = doc
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_allow() && s.all_action_wildcards().is_empty())
        .collect();
    for (i, statement) in &allows {
        let single = SINGLE_ACTIONS.iter().find_map(|(action, how)| {
            let element = granting(statement, action)?;
            (!denied(doc, action) && reaches_others(statement)).then(|| (element, how.to_string()))
        });
        if let Some((element, how)) = single {
            out.push(Escalation { statement: *i, element, path: how, partners: Vec::new() });
            continue;
        }
        let Some(pass_role) = granting(statement, "iam:passrole").filter(|_| !denied(doc, "iam:passrole")) else {
            continue;
        };
        let unscoped =
            statement.resources.iter().any(|r| r.as_str().is_some_and(any_role)) && !passed_to_service(statement);
        if !unscoped {
            continue;
        }
        // A service that runs code as the role makes it a complete path.
        let combination = PASS_ROLE_COMBINATIONS.iter().find_map(|(actions, what)| {
            let partners: Option<Vec<&Value>> = actions
                .iter()
                .map(|a| allows.iter().find_map(|(_, s)| granting(s, a)).filter(|_| !denied(doc, a)))
                .collect();
            partners.map(|p| (p, *what))
        });
        let (path, partners) = match combination {
            Some((partners, what)) => {
                (format!("`iam:PassRole` on any role with the right to create {what} runs code as any role"), partners)
            }
            None => (
                "`iam:PassRole` on any role without an `iam:PassedToService` condition hands any role to any service"
                    .to_string(),
                Vec::new(),
            ),
        };
        out.push(Escalation { statement: *i, element: pass_role, path, partners });
    }
    out
}
