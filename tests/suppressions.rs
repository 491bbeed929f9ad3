//! Suppressions as a user writes them and sees them, through the built binary: the
//! comment forms and what each covers, CloudFormation `Metadata`, end dates, the RF
//! rules, and how suppressed findings show in the exit code, JSON and SARIF. The
//! examples of docs/suppressions.md are read from the page and run here, so the page
//! and the tool cannot drift apart.

mod common;
use common::*;

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// A scratch directory holding the given files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

/// The concise report's `path:line: CODE` of every finding that counts, and the exit code.
fn reported(dir: &Path) -> (Vec<String>, Option<i32>) {
    let out = ringfence(dir, &["check", "--format", "concise"]);
    let lines = stdout(&out)
        .lines()
        .map(|l| {
            // path:line:col: severity CODE message [resource]
            let mut parts = l.splitn(4, ':');
            let (path, line) = (parts.next().unwrap(), parts.next().unwrap());
            let code = parts.nth(1).unwrap().split_whitespace().nth(1).unwrap();
            format!("{path}:{line}: {code}")
        })
        .collect();
    (lines, out.status.code())
}

fn json(dir: &Path) -> Value {
    serde_json::from_str(&stdout(&ringfence(dir, &["check", "--format", "json"]))).unwrap()
}

/// `path:line: CODE [resource]` of every suppressed finding in the JSON report.
fn suppressed(report: &Value) -> BTreeSet<String> {
    report["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}: {} [{}]",
                f["file"].as_str().unwrap(),
                f["line"],
                f["code"].as_str().unwrap(),
                f["resource"]["address"].as_str().unwrap()
            )
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const BASTION: &str = r#"resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # ringfence:ignore[NET001] break-glass bastion, hardware keys only until=2099-12-31
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

#[test]
fn a_trailing_hcl_comment_suppresses_the_findings_of_its_line_only() {
    let dir = project(&[("main.tf", BASTION)]);
    let (lines, code) = reported(dir.path());
    assert_eq!(lines, ["main.tf:16: NET001"]);
    assert_eq!(code, Some(1));
    assert_eq!(suppressed(&json(dir.path())), set(&["main.tf:9: NET001 [aws_security_group.bastion]"]));
}

const BASTION_MODULE: &str = r#"variable "name" {
  type = string
}

# ringfence:ignore[NET001] break-glass bastions, hardware keys only until=2099-12-31
resource "aws_security_group" "bastion" {
  name        = "${var.name}-bastion"
  description = "SSH bastion"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}
"#;

#[test]
fn a_comment_above_a_resource_suppresses_all_its_findings_wherever_they_stand() {
    let dir = project(&[
        (
            "main.tf",
            r#"module "team_a" {
  source = "./modules/bastion"
  name   = "team-a"
}

module "team_b" {
  source = "./modules/bastion"
  name   = "team-b"
}

variable "demo_cidrs" {
  type = list(string)
}

# ringfence:ignore[IAM001] break-glass role, used under the incident procedure only until=2099-12-31
resource "aws_iam_policy" "break_glass" {
  name   = "break-glass"
  policy = file("${path.module}/break-glass.json")
}

# ringfence:ignore[NET001] public notebook demo for the launch event until=2099-12-31
resource "aws_security_group" "demo" {
  name        = "demo"
  description = "Notebook demo"

  ingress {
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = var.demo_cidrs
  }
}

# ringfence:ignore[DATA004, DATA009] mirror of upstream base images until=2099-12-31
resource "aws_ecr_repository" "mirror" {
  name = "base-images"
}
"#,
        ),
        ("modules/bastion/main.tf", BASTION_MODULE),
        (
            "break-glass.json",
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    { \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\" }\n  ]\n}\n",
        ),
        ("terraform.tfvars", "demo_cidrs = [\"0.0.0.0/0\"]\n"),
    ]);
    let (lines, code) = reported(dir.path());
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(code, Some(0));
    let report = json(dir.path());
    assert_eq!(
        suppressed(&report),
        set(&[
            // Two instances of the module: one finding per place, team_b an instance.
            "modules/bastion/main.tf:14: NET001 [module.team_a.aws_security_group.bastion]",
            "modules/bastion/main.tf:21: NET001 [module.team_a.aws_security_group.bastion]",
            // Reported in the policy file the resource reads.
            "break-glass.json:4: IAM001 [aws_iam_policy.break_glass]",
            // The open CIDR is set in terraform.tfvars.
            "main.tf:30: NET001 [aws_security_group.demo]",
            "main.tf:35: DATA004 [aws_ecr_repository.mirror]",
            "main.tf:35: DATA009 [aws_ecr_repository.mirror]",
        ])
    );
    assert_eq!(report["summary"]["suppressed"], 6);
    for finding in report["suppressed"].as_array().unwrap() {
        if finding["file"] == "modules/bastion/main.tf" {
            assert_eq!(finding["instances"], serde_json::json!(["module.team_b.aws_security_group.bastion"]));
        }
    }
    let demo =
        report["suppressed"].as_array().unwrap().iter().find(|f| f["resource"]["address"] == "aws_security_group.demo");
    let labels = &demo.unwrap()["labels"];
    assert!(labels.as_array().unwrap().iter().any(|l| l["file"] == "terraform.tfvars" && l["line"] == 1), "{labels}");
}

/// No rule reports a resource's finding at a tfvars value (findings stand where the
/// resource uses it); what stands in a tfvars file is a credential, and a comment there
/// covers its line.
#[test]
fn a_finding_at_a_tfvars_value_is_suppressed_by_a_comment_on_its_line() {
    let dir = project(&[
        ("main.tf", "variable \"localstack_access_key_id\" {\n  type = string\n}\n"),
        (
            "terraform.tfvars",
            "localstack_access_key_id = \"AKIAIOSFODNN7EXAMPLE\" # ringfence:ignore[DATA007] AWS's documentation key, for LocalStack tests until=2099-12-31\nother_key_id = \"AKIAIOSFODNN7EXAMPLE\"\n",
        ),
    ]);
    let (lines, code) = reported(dir.path());
    assert_eq!(lines, ["terraform.tfvars:2: DATA007"]);
    assert_eq!(code, Some(1));
    assert_eq!(suppressed(&json(dir.path())), set(&["terraform.tfvars:1: DATA007 []"]));
}

#[test]
fn slash_and_block_comments_suppress_like_hash_comments() {
    let dir = project(&[(
        "main.tf",
        r#"variable "logs_key_arn" {
  type = string
}

// ringfence:ignore[KMS001] imported key material cannot rotate automatically until=2099-12-31
resource "aws_kms_key" "imported" {
  description = "Imported key material"
}

/* ringfence:ignore[KMS001] rotated by the yearly key ceremony until=2099-12-31 */
resource "aws_kms_key" "ceremony" {
  description = "Ceremony key"
}

resource "aws_kms_key" "legacy" { // ringfence:ignore[KMS001] legacy key, retired with the old platform until=2099-12-31
  description = "Legacy key"
}

resource "aws_cloudwatch_log_group" "debug" {
  name              = "/ml/debug"
  kms_key_id        = var.logs_key_arn
  retention_in_days = 7 /* ringfence:ignore[LOG007] debug logs, worthless after a week until=2099-12-31 */
}
"#,
    )]);
    let (lines, code) = reported(dir.path());
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(code, Some(0));
    let report = json(dir.path());
    assert_eq!(
        suppressed(&report),
        set(&[
            "main.tf:6: KMS001 [aws_kms_key.imported]",
            "main.tf:11: KMS001 [aws_kms_key.ceremony]",
            "main.tf:15: KMS001 [aws_kms_key.legacy]",
            "main.tf:22: LOG007 [aws_cloudwatch_log_group.debug]",
        ])
    );
    // The block comment's reason ends where the comment does.
    let debug = report["suppressed"].as_array().unwrap().iter().find(|f| f["code"] == "LOG007").unwrap();
    assert_eq!(debug["suppression"]["reason"], "debug logs, worthless after a week");
    assert_eq!(debug["suppression"]["until"], "2099-12-31");
}

/// A block comment over several lines, alone above a resource, covers the resource.
#[test]
fn a_block_comment_over_several_lines_above_a_resource_covers_it() {
    let dir = project(&[(
        "main.tf",
        r#"/*
  ringfence:ignore[KMS001] rotated by the yearly key ceremony until=2099-12-31
*/
resource "aws_kms_key" "ceremony" {
  description = "Ceremony key"
}
"#,
    )]);
    let (lines, code) = reported(dir.path());
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(code, Some(0));
    assert_eq!(suppressed(&json(dir.path())), set(&["main.tf:4: KMS001 [aws_kms_key.ceremony]"]));
}

/// A line holding only comments is alone on its line, even when a `#` comment follows
/// the block comment.
#[test]
fn a_block_comment_followed_by_another_comment_still_covers_the_next_line() {
    let dir = project(&[(
        "main.tf",
        r#"/* ringfence:ignore[KMS001] rotated by the yearly key ceremony until=2099-12-31 */ # SEC-42
resource "aws_kms_key" "ceremony" {
  description = "Ceremony key"
}
"#,
    )]);
    let (lines, code) = reported(dir.path());
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(code, Some(0));
    assert_eq!(suppressed(&json(dir.path())), set(&["main.tf:2: KMS001 [aws_kms_key.ceremony]"]));
}

#[test]
fn a_yaml_comment_above_a_logical_id_covers_the_resource_and_a_trailing_one_its_line() {
    let dir = project(&[(
        "template.yaml",
        r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # ringfence:ignore[NET001] break-glass bastion, hardware keys only until=2099-12-31
  BastionSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: SSH bastion
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: 0.0.0.0/0
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIpv6: "::/0"

  DebugLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /ml/debug
      KmsKeyId: !ImportValue logs-key-arn
      RetentionInDays: 7 # ringfence:ignore[LOG007] debug logs, worthless after a week until=2099-12-31

  # Above `Type:`, a comment covers that line only.
  LegacyKey:
    # ringfence:ignore[KMS001] legacy key until=2099-12-31
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: false
"#,
    )]);
    let (lines, code) = reported(dir.path());
    assert_eq!(lines, ["template.yaml:27: RF002", "template.yaml:30: KMS001"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        suppressed(&json(dir.path())),
        set(&[
            "template.yaml:12: NET001 [BastionSecurityGroup]",
            "template.yaml:16: NET001 [BastionSecurityGroup]",
            "template.yaml:23: LOG007 [DebugLogs]",
        ])
    );
}

#[test]
fn cloudformation_metadata_suppresses_the_resource_in_json_and_yaml() {
    let dir = project(&[
        (
            "template.json",
            r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "ImportedKey": {
      "Type": "AWS::KMS::Key",
      "Metadata": {
        "ringfence": {
          "ignore": [
            { "code": "KMS001", "reason": "imported key material cannot rotate automatically", "until": "2099-12-31" }
          ]
        }
      },
      "Properties": { "Description": "Imported key material", "EnableKeyRotation": false }
    }
  }
}
"#,
        ),
        (
            "logs.yaml",
            r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DebugLogs:
    Type: AWS::Logs::LogGroup
    Metadata:
      ringfence:
        ignore:
          - code: [LOG007, KMS006]
            reason: debug logs of the training jobs hold no data
            until: "2099-12-31"
    Properties:
      LogGroupName: /ml/debug
      RetentionInDays: 7
"#,
        ),
    ]);
    let (lines, code) = reported(dir.path());
    assert!(lines.is_empty(), "{lines:?}");
    assert_eq!(code, Some(0));
    let report = json(dir.path());
    assert_eq!(
        suppressed(&report),
        set(&[
            "template.json:13: KMS001 [ImportedKey]",
            "logs.yaml:3: KMS006 [DebugLogs]",
            "logs.yaml:13: LOG007 [DebugLogs]"
        ])
    );
    for f in report["suppressed"].as_array().unwrap() {
        let s = &f["suppression"];
        assert_eq!(s["kind"], "metadata", "{f}");
        assert_eq!(s["until"], "2099-12-31", "{f}");
        // The suppression stands at its Metadata entry.
        let expected_line = if f["file"] == "template.json" { 9 } else { 8 };
        assert_eq!((s["file"].clone(), s["line"].as_u64()), (f["file"].clone(), Some(expected_line)), "{f}");
    }
}

#[test]
fn one_suppression_names_several_rules_by_code_name_or_family() {
    let dir = project(&[(
        "main.tf",
        r#"# ringfence:ignore[DATA004, ecr-mutable-tags] mirror of upstream images, scanned by Inspector until=2099-12-31
resource "aws_ecr_repository" "mirror" {
  name = "base-images"
}

# ringfence:ignore[kms] debug logs hold no data until=2099-12-31
resource "aws_cloudwatch_log_group" "debug" {
  name              = "/ml/debug"
  retention_in_days = 7
}
"#,
    )]);
    let (lines, code) = reported(dir.path());
    // LOG007 is not named: it is still reported.
    assert_eq!(lines, ["main.tf:9: LOG007"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        suppressed(&json(dir.path())),
        set(&[
            "main.tf:2: DATA004 [aws_ecr_repository.mirror]",
            "main.tf:2: DATA009 [aws_ecr_repository.mirror]",
            "main.tf:7: KMS006 [aws_cloudwatch_log_group.debug]",
        ])
    );
}

#[test]
fn suppressed_findings_do_not_fail_the_run_and_are_listed_in_json_and_sarif() {
    let dir = project(&[("main.tf", &BASTION.replace("[\"0.0.0.0/0\"]\n  }\n}", "[\"10.0.0.0/8\"]\n  }\n}"))]);
    let human = ringfence(dir.path(), &["check"]);
    assert_eq!(stdout(&human), "No problems found, 1 suppressed not shown; checked 1 file.\n");
    assert_eq!(human.status.code(), Some(0));
    for format in ["concise", "github", "junit"] {
        let out = ringfence(dir.path(), &["check", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}");
        assert!(
            !stdout(&out).contains("NET001 ingress") && !stdout(&out).contains("::error"),
            "{format}: {}",
            stdout(&out)
        );
    }

    let report = json(dir.path());
    assert_eq!(report["summary"]["findings"], 0);
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);
    let f = &report["suppressed"][0];
    assert_eq!(
        (f["code"].as_str(), f["file"].as_str(), f["line"].as_u64()),
        (Some("NET001"), Some("main.tf"), Some(9))
    );
    let s = &f["suppression"];
    assert_eq!(s["kind"], "comment");
    assert_eq!(s["reason"], "break-glass bastion, hardware keys only");
    assert_eq!(s["until"], "2099-12-31");
    assert_eq!((s["file"].as_str(), s["line"].as_u64(), s["column"].as_u64()), (Some("main.tf"), Some(9), Some(35)));

    let sarif: Value = serde_json::from_str(&stdout(&ringfence(dir.path(), &["check", "--format", "sarif"]))).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(r["ruleId"], "NET001");
    assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "main.tf");
    assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 9);
    let suppression = &r["suppressions"][0];
    assert_eq!(suppression["kind"], "inSource");
    assert_eq!(suppression["status"], "accepted");
    assert_eq!(suppression["justification"], "break-glass bastion, hardware keys only");
    assert_eq!(suppression["location"]["physicalLocation"]["artifactLocation"]["uri"], "main.tf");
    assert_eq!(suppression["location"]["physicalLocation"]["region"]["startLine"], 9);
}

#[test]
fn an_expired_suppression_revives_its_finding_and_reports_rf003() {
    let dir = project(&[(
        "main.tf",
        r#"# ringfence:ignore[KMS001] rotation waits for the key ceremony until=2001-01-01
resource "aws_kms_key" "models" {
  description = "Model artifacts"
}

resource "aws_kms_key" "imported" {
  description         = "Imported key material"
  enable_key_rotation = false # ringfence:ignore[KMS001] imported material cannot rotate until=2099-12-31
}
"#,
    )]);
    let (lines, code) = reported(dir.path());
    assert_eq!(lines, ["main.tf:1: RF003", "main.tf:2: KMS001"]);
    assert_eq!(code, Some(1));
    let report = json(dir.path());
    assert_eq!(suppressed(&report), set(&["main.tf:8: KMS001 [aws_kms_key.imported]"]));
    let revived = report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "KMS001").unwrap();
    assert!(revived.get("suppression").is_none_or(Value::is_null), "{revived}");
    let label = &revived["labels"][0];
    assert_eq!(label["message"], "suppressed until 2001-01-01: the suppression has expired");
    assert_eq!((label["file"].as_str(), label["line"].as_u64()), (Some("main.tf"), Some(1)));
}

#[test]
fn a_marker_inside_a_string_is_not_a_suppression() {
    let dir = project(&[
        (
            "main.tf",
            r#"resource "aws_security_group" "demo" {
  name        = "demo"
  description = "ringfence:ignore[NET001] in a description suppresses nothing"

  ingress {
    from_port   = 8888
    to_port     = 8888
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
        ),
        (
            "template.yaml",
            r##"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  LegacyKey:
    Type: AWS::KMS::Key
    Properties:
      Description: "# ringfence:ignore[KMS001] quoted, so not a comment"
      EnableKeyRotation: false
"##,
        ),
    ]);
    let (lines, code) = reported(dir.path());
    assert_eq!(lines, ["main.tf:9: NET001", "template.yaml:7: KMS001"]);
    assert_eq!(code, Some(1));
    assert!(suppressed(&json(dir.path())).is_empty());
}

/// The text of a heredoc or of a YAML block scalar is a value, not a comment: a
/// marker there neither suppresses nor is reported as unused.
#[test]
fn a_marker_inside_a_heredoc_or_a_yaml_block_scalar_is_not_a_suppression() {
    let dir = project(&[
        (
            "main.tf",
            r#"resource "aws_ssm_document" "setup" {
  name          = "setup"
  document_type = "Command"
  content       = <<-EOT
    # ringfence:ignore[KMS001] a line of the script, not a comment of the configuration
  EOT
}

resource "aws_kms_key" "models" {
  description = "Model artifacts"
}
"#,
        ),
        (
            "template.yaml",
            r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Setup:
    Type: AWS::SSM::Document
    Properties:
      DocumentType: Command
      Content: |
        # ringfence:ignore[KMS001] a line of the document, not a comment of the template
  LegacyKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: false
"#,
        ),
    ]);
    let (lines, code) = reported(dir.path());
    assert_eq!(lines, ["main.tf:9: KMS001", "template.yaml:12: KMS001"]);
    assert_eq!(code, Some(1));
    assert!(suppressed(&json(dir.path())).is_empty());
}

#[test]
fn unused_suppressions_are_reported_only_for_rules_that_ran() {
    let dir = project(&[(
        "main.tf",
        r#"# ringfence:ignore[KMS001, NET001] rotation waits for the key ceremony until=2099-12-31
resource "aws_kms_key" "models" {
  description = "Model artifacts"
}
"#,
    )]);
    let (lines, _) = reported(dir.path());
    assert_eq!(lines, ["main.tf:1: RF002"]);
    let out = stdout(&ringfence(dir.path(), &["check", "--format", "concise"]));
    assert!(out.starts_with("main.tf:1:28: low RF002 suppression of `NET001` matches no finding here"), "{out}");
    // NET001 did not run: it might have fired, so nothing is said.
    let out = ringfence(dir.path(), &["check", "--format", "concise", "--select", "KMS,RF"]);
    assert_eq!(stdout(&out), "");
    assert_eq!(out.status.code(), Some(0));
}

/// Each RF rule's pass fixtures show suppressions that work: nothing is reported, and
/// findings that would be reported without them are suppressed.
#[test]
fn the_rf_pass_fixtures_report_nothing_and_suppress_real_findings() {
    for code in ["RF001", "RF002", "RF003", "RF004"] {
        for name in ["pass.tf", "pass.yaml", "pass.json"] {
            let text = fs::read_to_string(workspace().join("rules").join(code).join(name)).unwrap();
            let dir = project(&[(name, &text)]);
            let out = ringfence(dir.path(), &["check", "--format", "json"]);
            let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
            assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{code}/{name}: {}", report["findings"]);
            assert!(report["summary"]["suppressed"].as_u64().unwrap() > 0, "{code}/{name} suppresses nothing");
            assert_eq!(out.status.code(), Some(0), "{code}/{name}");
        }
    }
}

// ---------------------------------------------------------------- docs/suppressions.md

/// One command of an example and what it must print: the whole standard output, or a
/// JSON document that must contain the one shown.
struct Run {
    args: Vec<String>,
    stdout: Option<String>,
    json: Option<Value>,
}

/// `<!-- example: NAME exit=N -->` followed by fenced blocks: ```` ```LANG file=PATH ````
/// (a file of the example), ```` ```console ```` (`$ ringfence ARGS` and its output) and
/// ```` ```json output ```` (part of the previous command's JSON output). The same name
/// again adds commands to that example. An example ends at the next heading.
struct Example {
    name: String,
    exit: Option<i32>,
    files: Vec<(String, String)>,
    runs: Vec<Run>,
}

/// The page's examples, and the fenced blocks showing a suppression that are not a file
/// of an example (there must be none: every example is tested).
fn examples(markdown: &str) -> (Vec<Example>, Vec<String>) {
    let mut examples: Vec<Example> = Vec::new();
    let mut untested = Vec::new();
    let mut current: Option<usize> = None;
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("<!-- example:") {
            let mut words = rest.trim_end_matches("-->").split_whitespace();
            let name = words.next().expect("example name").to_string();
            let exit = words.find_map(|w| w.strip_prefix("exit=")).map(|n| n.parse().unwrap());
            current = Some(examples.iter().position(|e| e.name == name).unwrap_or_else(|| {
                examples.push(Example { name, exit: None, files: Vec::new(), runs: Vec::new() });
                examples.len() - 1
            }));
            if exit.is_some() {
                examples[current.unwrap()].exit = exit;
            }
            continue;
        }
        if line.starts_with('#') {
            current = None;
            continue;
        }
        let Some(info) = line.strip_prefix("```") else { continue };
        let mut body = String::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        let file = info.split_whitespace().find_map(|w| w.strip_prefix("file="));
        let Some(example) = current.map(|i| &mut examples[i]) else {
            if !info.is_empty() && shows_a_suppression(&body) {
                untested.push(body);
            }
            continue;
        };
        if let Some(path) = file {
            example.files.push((path.to_string(), body));
        } else if info == "console" {
            let (command, output) = body.split_once('\n').unwrap();
            let args = command.strip_prefix("$ ringfence ").expect("`$ ringfence ...`");
            let output = (!output.is_empty()).then(|| output.to_string());
            example.runs.push(Run {
                args: args.split_whitespace().map(String::from).collect(),
                stdout: output,
                json: None,
            });
        } else if info.split_whitespace().any(|w| w == "output") {
            let run = example.runs.last_mut().expect("a command before its JSON output");
            run.json = Some(serde_json::from_str(&body).unwrap_or_else(|e| panic!("{}: {e}\n{body}", example.name)));
        } else if !info.is_empty() && shows_a_suppression(&body) {
            untested.push(body);
        }
    }
    (examples, untested)
}

/// A comment suppression, or CloudFormation `Metadata` for ringfence.
fn shows_a_suppression(block: &str) -> bool {
    block.contains("ringfence:ignore") || block.contains("ringfence:\n") || block.contains("\"ringfence\"")
}

/// Where `actual` lacks something `expected` has: objects may have more keys; arrays
/// have the same length, and each expected item matches its own actual item, in any
/// order (the page does not promise an order).
fn json_differences(actual: &Value, expected: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), _) => {
            for (key, value) in e {
                match actual.get(key) {
                    Some(a) => json_differences(a, value, &format!("{path}.{key}"), out),
                    None => out.push(format!("{path}.{key} missing")),
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == 1 && a.len() == 1 => {
            json_differences(&a[0], &e[0], &format!("{path}[0]"), out)
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            let mut free: Vec<&Value> = a.iter().collect();
            for (i, item) in e.iter().enumerate() {
                let matches = |candidate: &&Value| {
                    let mut d = Vec::new();
                    json_differences(candidate, item, "", &mut d);
                    d.is_empty()
                };
                match free.iter().position(matches) {
                    Some(j) => {
                        free.remove(j);
                    }
                    None => out.push(format!("{path}[{i}]: no item matches {item}, in {actual}")),
                }
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {expected}, found {actual}")),
        _ => {}
    }
}

fn trim_lines(text: &str) -> String {
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_examples_of_docs_suppressions_md_behave_as_shown() {
    let page = fs::read_to_string(workspace().join("docs/suppressions.md")).unwrap();
    let (examples, untested) = examples(&page);
    assert!(untested.is_empty(), "suppressions on the page outside an example:\n{}", untested.join("\n---\n"));
    assert!(examples.len() >= 8, "only {} examples found", examples.len());
    let mut failures = Vec::new();
    for example in &examples {
        assert!(
            !example.files.is_empty() && !example.runs.is_empty(),
            "example `{}` has no file or command",
            example.name
        );
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in &example.files {
            write(dir.path(), path, text);
        }
        for run in &example.runs {
            let args: Vec<&str> = run.args.iter().map(String::as_str).collect();
            let out = ringfence(dir.path(), &args);
            let shown = format!("`{}`: `ringfence {}`", example.name, args.join(" "));
            if let Some(exit) = example.exit {
                if out.status.code() != Some(exit) {
                    failures.push(format!("{shown} exits {:?}, not {exit}", out.status.code()));
                }
            }
            if let Some(expected) = &run.stdout {
                if trim_lines(&stdout(&out)) != trim_lines(expected) {
                    failures.push(format!("{shown} prints:\n{}\nnot:\n{expected}", stdout(&out)));
                }
            }
            if let Some(expected) = &run.json {
                let actual: Value = serde_json::from_str(&stdout(&out)).unwrap();
                let mut differences = Vec::new();
                json_differences(&actual, expected, "", &mut differences);
                if !differences.is_empty() {
                    failures.push(format!("{shown}: {}", differences.join("; ")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
