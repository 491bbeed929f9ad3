//! The model joins what both languages say about who holds which policy.

mod common;

use ringfence_model::views::policy::PolicyUsage;
use std::fs;
use std::path::Path;

fn holders(dir: &Path) -> Vec<(String, Vec<String>)> {
    let loaded = common::load_model(&[dir.to_path_buf()]);
    let mut out: Vec<(String, Vec<String>)> = loaded
        .model
        .policies()
        .iter()
        .filter(|p| p.usage == PolicyUsage::Identity)
        .map(|p| {
            let mut names: Vec<String> =
                p.attached_to.iter().map(|id| loaded.model.resource(*id).address.clone()).collect();
            names.sort();
            (p.owner.address.clone(), names)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn terraform_policies_know_their_principals() {
    let dir = tempfile::tempdir().unwrap();
    let doc = r#"jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })"#;
    fs::write(
        dir.path().join("main.tf"),
        format!(
            r#"
resource "aws_iam_role" "training" {{
  name = "ml-training"
  inline_policy {{
    name   = "inline"
    policy = {doc}
  }}
  managed_policy_arns = [aws_iam_policy.listed.arn]
}}
resource "aws_iam_user" "analyst" {{
  name = "analyst"
}}
resource "aws_iam_policy" "attached" {{
  policy = {doc}
}}
resource "aws_iam_policy" "listed" {{
  policy = {doc}
}}
resource "aws_iam_role_policy_attachment" "a" {{
  role       = aws_iam_role.training.name
  policy_arn = aws_iam_policy.attached.arn
}}
resource "aws_iam_policy_attachment" "b" {{
  name       = "b"
  users      = ["analyst"]
  policy_arn = aws_iam_policy.attached.arn
}}
resource "aws_iam_role_policy" "by_name" {{
  role   = "ml-training"
  policy = {doc}
}}
"#
        ),
    )
    .unwrap();
    assert_eq!(
        holders(dir.path()),
        vec![
            (
                "aws_iam_policy.attached".to_string(),
                vec!["aws_iam_role.training".to_string(), "aws_iam_user.analyst".to_string()]
            ),
            ("aws_iam_policy.listed".to_string(), vec!["aws_iam_role.training".to_string()]),
            ("aws_iam_role.training".to_string(), vec!["aws_iam_role.training".to_string()]),
            ("aws_iam_role_policy.by_name".to_string(), vec!["aws_iam_role.training".to_string()]),
        ]
    );
}

#[test]
fn cloudformation_policies_know_their_principals() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("stack.yaml"),
        r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: ml-training
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {Service: sagemaker.amazonaws.com}}]}
      ManagedPolicyArns: [!Ref Managed]
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}]}
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: inline
      Roles: [!Ref Role]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:PutObject, Resource: "*"}]}
"#,
    )
    .unwrap();
    assert_eq!(
        holders(dir.path()),
        vec![("Inline".to_string(), vec!["Role".to_string()]), ("Managed".to_string(), vec!["Role".to_string()]),]
    );
}

#[test]
fn awscc_resources_are_their_cloudformation_types_with_edges_and_holders() {
    let dir = tempfile::tempdir().unwrap();
    let doc = r#"jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })"#;
    fs::write(
        dir.path().join("main.tf"),
        format!(
            r#"
resource "awscc_kms_key" "k" {{
  enable_key_rotation = true
}}
resource "awscc_kms_alias" "a" {{
  alias_name    = "alias/ml"
  target_key_id = awscc_kms_key.k.key_id
}}
resource "awscc_bedrock_agent" "agent" {{
  agent_name                  = "a"
  customer_encryption_key_arn = awscc_kms_alias.a.id
}}
resource "awscc_iam_role" "r" {{
  role_name = "ml"
  policies  = [{{ policy_name = "inline", policy_document = {doc} }}]
}}
resource "awscc_iam_role_policy" "p" {{
  role_name       = awscc_iam_role.r.role_name
  policy_name     = "p"
  policy_document = {doc}
}}
resource "awscc_iam_managed_policy" "m" {{
  roles           = ["ml"]
  policy_document = {doc}
}}
"#
        ),
    )
    .unwrap();
    let loaded = common::load_model(&[dir.path().to_path_buf()]);
    let model = &loaded.model;
    let (key, k) = model.resources().find(|(_, r)| r.address == "awscc_kms_key.k").unwrap();
    assert_eq!(
        (k.rtype.as_str(), k.lang, k.written_type()),
        ("AWS::KMS::Key", ringfence_model::Lang::Awscc, "awscc_kms_key")
    );
    assert_eq!(
        model.kms_keys().map(|k| k.rotation.known().and_then(|v| v.as_bool())).collect::<Vec<_>>(),
        [Some(true)]
    );
    // The agent names the key through the alias: an edge, as `aws_` references make.
    let uses = model.key_uses();
    assert_eq!(uses.len(), 1);
    assert_eq!(uses[0].0, key);
    assert_eq!(uses[0].1[0].user.address, "awscc_bedrock_agent.agent");
    assert_eq!(
        holders(dir.path()),
        [
            ("awscc_iam_managed_policy.m".to_string(), vec!["awscc_iam_role.r".to_string()]),
            ("awscc_iam_role.r".to_string(), vec!["awscc_iam_role.r".to_string()]),
            ("awscc_iam_role_policy.p".to_string(), vec!["awscc_iam_role.r".to_string()]),
        ]
    );
}

/// Every rule reading policies or AI roles shares one computation, made once the
/// holders of each policy are known: the documents know their holders, and a second
/// call returns the same documents.
#[test]
fn policies_and_ai_roles_are_computed_once_from_the_finished_model() {
    let loaded = common::load_model(&[common::workspace().join("tests/data/ai-stack")]);
    let model = &loaded.model;
    let policies = model.policies();
    assert!(policies.iter().any(|p| p.usage == PolicyUsage::Identity && !p.attached_to.is_empty()));
    assert!(std::ptr::eq(policies, model.policies()), "policies computed again");
    let roles = model.ai_roles();
    assert!(!roles.is_empty());
    assert!(std::ptr::eq(roles, model.ai_roles()), "AI roles computed again");
    let reread: Vec<(String, usize)> =
        model.policies().iter().map(|p| (p.owner.address.clone(), p.statements.len())).collect();
    assert!(reread.iter().any(|(owner, n)| owner == "aws_iam_role_policy.sagemaker" && *n > 0), "{reread:?}");
}
