//! What rules record as the evidence of a pass (`Scan.examined`): each resource they
//! judged, and where a value their verdict depends on is unknown before deployment
//! (undecided: neither a finding nor a pass).

mod common;

use ringfence::Scan;
use ringfence_rules::Examined;
use std::fs;

/// Scans one file of this text with every rule.
fn scan(name: &str, text: &str) -> Scan {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), text).unwrap();
    common::scan_with_every_rule(&[dir.path().to_path_buf()])
}

/// What `code` recorded, by resource address.
fn examined<'s>(scan: &'s Scan, code: &str) -> Vec<&'s Examined> {
    scan.examined.iter().filter(|e| *e.rule == *code).collect()
}

/// The findings of `code`.
fn findings(scan: &Scan, code: &str) -> usize {
    scan.findings.iter().filter(|f| f.code() == code).count()
}

/// The 1-based line where the undecided value of `resource` stands, and what it says.
fn undecided(scan: &Scan, code: &str, resource: &str) -> (usize, String) {
    let records = examined(scan, code);
    let record = records
        .iter()
        .find(|e| e.resource == resource)
        .unwrap_or_else(|| panic!("{code} examined no `{resource}`: {records:?}"));
    let (span, what) = record.undecided.clone().unwrap_or_else(|| panic!("{code} decided `{resource}`: {record:?}"));
    let file = scan.sources.get(span.file);
    (file.line_col(span.start as usize).line, what)
}

/// Examined once, and decided (a pass, or a finding).
fn decided(scan: &Scan, code: &str, resource: &str) {
    let records: Vec<&Examined> = examined(scan, code).into_iter().filter(|e| e.resource == resource).collect();
    assert_eq!(records.len(), 1, "{code} should record `{resource}` once: {:?}", examined(scan, code));
    assert_eq!(records[0].undecided, None, "{code} should decide `{resource}`");
}

#[test]
fn a_domain_whose_network_access_comes_from_a_variable_without_default_is_undecided() {
    let scan = scan(
        "main.tf",
        r#"variable "mode" {
  type = string
}

resource "aws_sagemaker_domain" "studio" {
  domain_name             = "studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-123"
  subnet_ids              = ["subnet-1"]
  app_network_access_type = var.mode
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}
"#,
    );
    assert_eq!(findings(&scan, "NET003"), 0);
    let (line, what) = undecided(&scan, "NET003", "aws_sagemaker_domain.studio");
    assert_eq!(line, 10);
    assert!(what.contains("app_network_access_type"), "{what}");
}

#[test]
fn a_key_whose_rotation_comes_from_a_variable_without_default_is_undecided() {
    let scan = scan(
        "main.tf",
        r#"variable "rotate" {
  type = bool
}

resource "aws_kms_key" "data" {
  description         = "training data"
  enable_key_rotation = var.rotate
}

resource "aws_kms_key" "logs" {
  description         = "logs"
  enable_key_rotation = true
}
"#,
    );
    assert_eq!(findings(&scan, "KMS001"), 0);
    let (line, what) = undecided(&scan, "KMS001", "aws_kms_key.data");
    assert_eq!(line, 7);
    assert!(what.contains("enable_key_rotation"), "{what}");
    // The key with rotation on is the evidence of a pass.
    decided(&scan, "KMS001", "aws_kms_key.logs");
}

#[test]
fn a_bucket_encrypted_with_an_unknown_key_is_undecided_and_one_with_a_configured_key_passes() {
    let scan = scan(
        "main.tf",
        r#"variable "key_arn" {
  type = string
}

resource "aws_kms_key" "cmk" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "unknown_key" {
  bucket = "acme-unknown-key"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = var.key_arn
      }
    }
  }
}

resource "aws_s3_bucket" "configured_key" {
  bucket = "acme-configured-key"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = aws_kms_key.cmk.arn
      }
    }
  }
}
"#,
    );
    assert_eq!(findings(&scan, "KMS002"), 0);
    let (line, what) = undecided(&scan, "KMS002", "aws_s3_bucket.unknown_key");
    assert_eq!(line, 15);
    assert!(what.contains("key"), "{what}");
    decided(&scan, "KMS002", "aws_s3_bucket.configured_key");
}

#[test]
fn an_ingress_from_a_parameter_without_default_is_undecided() {
    let scan = scan(
        "template.yaml",
        r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  SourceCidr:
    Type: String
Resources:
  NotebookGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: notebooks
      VpcId: vpc-123
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 443
          ToPort: 443
          CidrIp: !Ref SourceCidr
"#,
    );
    assert_eq!(findings(&scan, "NET001"), 0);
    let (line, _) = undecided(&scan, "NET001", "NotebookGroup");
    assert_eq!(line, 15);
}

#[test]
fn a_trail_judged_on_several_settings_is_one_record_and_a_finding_is_evidence_too() {
    let scan = scan(
        "main.tf",
        r#"resource "aws_kms_key" "trail" {
  enable_key_rotation = true
}

resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "acme-trail"
  enable_log_file_validation = true
  is_multi_region_trail      = false
  kms_key_id                 = aws_kms_key.trail.arn
}
"#,
    );
    assert_eq!(findings(&scan, "LOG001"), 1);
    decided(&scan, "LOG001", "aws_cloudtrail.main");
    // LOG002 judged the trail's event selectors (none: no data events) once.
    decided(&scan, "LOG002", "aws_cloudtrail.main");
}

#[test]
fn thousands_of_resources_are_each_recorded_once() {
    let groups: String = (0..2000)
        .map(|i| format!("resource \"aws_cloudwatch_log_group\" \"g{i}\" {{\n  retention_in_days = 365\n}}\n"))
        .collect();
    let scan = scan("main.tf", &groups);
    // LOG007 judges each group once; KMS006 holds each to a key (none: a finding each).
    assert_eq!(examined(&scan, "LOG007").len(), 2000);
    assert_eq!(examined(&scan, "KMS006").len(), 2000);
    assert!(examined(&scan, "LOG007").iter().all(|e| e.undecided.is_none()));
}

/// `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` name where a stack is
/// deployed, never a wildcard: an ARN built from them is judged (IAM003 decides), while
/// one whose resource part is unknown stays undecided.
#[test]
fn arns_built_from_pseudo_parameters_are_judged_and_unknown_resource_parts_are_not() {
    let scan = scan(
        "template.yaml",
        r#"AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Pattern:
    Type: String
Resources:
  EniPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ec2:DeleteNetworkInterface
            Resource: !Sub arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:network-interface/eni-0abc
  OpenPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub arn:${AWS::Partition}:s3:::*
  UnknownPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Sub arn:${AWS::Partition}:s3:::${Pattern}
"#,
    );
    decided(&scan, "IAM003", "EniPolicy");
    decided(&scan, "IAM003", "OpenPolicy");
    let open: Vec<_> = scan.findings.iter().filter(|f| f.code() == "IAM003").map(|f| f.resource.clone()).collect();
    assert_eq!(open, ["OpenPolicy"], "every bucket's objects, in whichever partition");
    assert_eq!(undecided(&scan, "IAM003", "UnknownPolicy").0, 32);
}
