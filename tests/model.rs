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
        .into_iter()
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
