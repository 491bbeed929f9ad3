//! The built binary, as a user runs it: formats, exit codes, discovery, broken files.

mod common;
use common::*;

use serde_json::{json, Value};
use std::fs;

/// A small vulnerable stack kept for output tests (the bundled example in `testdata/`
/// is tested by bundled_platform.rs).
const STACK: &str = "tests/data/ai-stack";

const STACK_FINDINGS: &str = "\
tests/data/ai-stack/cloudformation/inference.yaml:9:26: high KMS001 KMS key rotation is turned off: `EnableKeyRotation` is false [ModelKey]
tests/data/ai-stack/cloudformation/inference.yaml:19:31: medium KMS002 bucket default encryption uses an AWS managed key, not a customer managed key [InferenceLogs]
tests/data/ai-stack/cloudformation/inference.yaml:30:19: high NET001 ingress from 0.0.0.0/0 (the whole internet) to port 443 [EndpointSecurityGroup]
tests/data/ai-stack/cloudformation/inference.yaml:39:17: critical NET001 ingress from ::/0 (the whole internet) to port 22 (SSH) [SshFromAnywhere]
tests/data/ai-stack/cloudformation/inference.yaml:41:3: high KMS003 SageMaker endpoint configuration has no customer managed KMS key: `KmsKeyId` is not set [EndpointConfig]
tests/data/ai-stack/cloudformation/inference.yaml:41:3: low LOG006 endpoint configuration has no data capture (`DataCaptureConfig`): requests and predictions are neither audited nor monitored for drift [EndpointConfig]
tests/data/ai-stack/cloudformation/inference.yaml:55:29: high NET003 SageMaker domain is not VPC-only: Studio apps reach the internet directly [Domain]
tests/data/ai-stack/cloudformation/inference.yaml:77:42: critical IAM001 policy statement allows every action (`*`): full administrator access [InferenceRole]
tests/data/ai-stack/terraform/main.tf:4:1: high KMS001 KMS key has no automatic rotation: `enable_key_rotation` is not set [aws_kms_key.artifacts]
tests/data/ai-stack/terraform/main.tf:24:23: medium KMS002 bucket default encryption is `AES256`, not SSE-KMS with a customer managed key [aws_s3_bucket_server_side_encryption_configuration.training_data]
tests/data/ai-stack/terraform/main.tf:52:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 8888 (Jupyter) [aws_security_group.notebooks]
tests/data/ai-stack/terraform/main.tf:71:1: high KMS003 SageMaker domain has no customer managed KMS key: `kms_key_id` is not set [aws_sagemaker_domain.studio]
tests/data/ai-stack/terraform/main.tf:71:1: high NET003 SageMaker domain is not VPC-only: `app_network_access_type` defaults to PublicInternetOnly [aws_sagemaker_domain.studio]
tests/data/ai-stack/terraform/main.tf:82:1: medium DATA005 notebook instance users get root access: `root_access` defaults to Enabled [aws_sagemaker_notebook_instance.research]
tests/data/ai-stack/terraform/main.tf:82:1: high NET004 notebook instance has no `subnet_id`: it runs outside your VPC with direct internet access [aws_sagemaker_notebook_instance.research]
tests/data/ai-stack/terraform/main.tf:110:20: critical IAM001 policy statement allows every action (`*`): full administrator access [aws_iam_role_policy.sagemaker]
";

#[test]
fn the_test_stack_gives_every_finding_at_its_line() {
    let out = ringfence(&workspace(), &["check", "--format", "concise", STACK]);
    assert_eq!(stdout(&out), STACK_FINDINGS);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    for format in ["concise", "json", "sarif", "human"] {
        let one = ringfence(&workspace(), &["check", "--threads", "1", "--format", format, STACK]);
        let many = ringfence(&workspace(), &["check", "--threads", "4", "--format", format, STACK]);
        assert_eq!(stdout(&one), stdout(&many), "{format}");
    }
}

#[test]
fn human_output_annotates_the_source_without_colour_off_a_terminal() {
    let out = ringfence(&workspace(), &["check", "tests/data/ai-stack/terraform"]);
    let text = stdout(&out);
    assert!(!text.contains('\u{1b}'), "colour codes when piped");
    assert!(text.contains("KMS001 [high] KMS key has no automatic rotation"), "{text}");
    assert!(text.contains("tests/data/ai-stack/terraform/main.tf:4:1"), "{text}");
    assert!(text.contains(r#"resource "aws_kms_key" "artifacts" {"#), "{text}");
    // The separate encryption resource is labelled at the bucket it configures.
    assert!(text.contains("encrypts bucket `aws_s3_bucket.training_data`"), "{text}");
    assert!(
        text.contains("Found 8 problems (2 critical, 4 high, 2 medium); 3 fixable with --fix; checked 1 file."),
        "{text}"
    );
    let coloured = ringfence(&workspace(), &["check", "--color", "always", "tests/data/ai-stack/terraform"]);
    assert!(stdout(&coloured).contains('\u{1b}'));
}

/// A variable set above the security group that uses it: the related location comes
/// first in the file.
const SET_ABOVE: &str = "variable \"cidr\" {\n  default = \"0.0.0.0/0\"\n}\n\n\n\nresource \"aws_security_group\" \"admin\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [var.cidr]\n  }\n}\n";

#[test]
fn the_human_report_shows_the_findings_own_place_first_labelled_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", SET_ABOVE);
    let out = ringfence(dir.path(), &["check", "--no-config", "--select", "NET001", "main.tf"]);
    let text = stdout(&out);
    let snippets: Vec<&str> = text.lines().filter(|l| l.contains("╭─[")).map(|l| l.trim()).collect();
    // The finding's own place, as concise and SARIF give it, then where the value was set.
    assert_eq!(snippets, ["╭─[main.tf:12:20]", "╭─[main.tf:2:13]"], "{text}");
    assert!(text.contains("╰── ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH)\n"), "{text}");
    assert!(text.contains("╰── `var.cidr` defaults to this"), "{text}");
    assert!(text.contains("  help: open-ingress in aws_security_group `aws_security_group.admin`\n        details: ringfence rule NET001\n"), "{text}");
    assert_eq!(code(&out), 1);
}

#[test]
fn human_messages_wrap_between_words_only() {
    let dir = tempfile::tempdir().unwrap();
    let name = "notebook-admin-access-from-the-corporate-network-for-the-research-team-in-eu-west-1";
    write(dir.path(), "main.tf", &SET_ABOVE.replace("\"admin\"", &format!("\"{name}\"")));
    let out = ringfence(dir.path(), &["check", "--no-config", "--select", "NET001", "main.tf"]);
    let text = stdout(&out);
    // The address is longer than the rest of its line: it moves to a line of its own, whole.
    assert!(text.contains(&format!("`aws_security_group.{name}`")), "{text}");
    for line in text.lines() {
        assert!(!line.trim_end().ends_with('-'), "a word cut at a hyphen: {line}\n{text}");
    }
}

/// The Terraform half of the test stack: 8 findings (2 critical, 4 high, 2 medium).
const TF_STACK: &str = "tests/data/ai-stack/terraform";

#[test]
fn severity_shows_only_findings_at_or_above_it_and_fail_on_still_decides_the_exit() {
    let root = workspace();
    for flag in ["--severity", "--min-severity"] {
        let out = ringfence(&root, &["check", "--no-config", flag, "critical", "-f", "concise", TF_STACK]);
        let report = stdout(&out);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 2, "{flag}: {report}");
        assert!(lines.iter().all(|l| l.contains(": critical ")), "{flag}: {lines:?}");
        // The high and medium findings are hidden, not gone: the default --fail-on (any
        // finding) fails on them.
        assert_eq!(code(&out), 1, "{flag}");
    }
    let out = ringfence(&root, &["check", "--no-config", "--severity", "critical", TF_STACK]);
    assert!(
        stdout(&out).ends_with("Found 2 problems (2 critical), 6 below critical not shown; checked 1 file.\n"),
        "{}",
        stdout(&out)
    );
    let doc: Value = serde_json::from_str(&stdout(&ringfence(
        &root,
        &["check", "--no-config", "--severity", "high", "-f", "json", TF_STACK],
    )))
    .unwrap();
    assert_eq!((&doc["summary"]["findings"], &doc["summary"]["below_severity"]), (&json!(6), &json!(2)));
    // Nothing shown below high, and --fail-on high: the exit follows what is at or above it.
    let out = ringfence(&root, &["check", "--no-config", "--severity", "high", "--fail-on", "critical", TF_STACK]);
    assert_eq!(code(&out), 1);
    let bad = ringfence(&root, &["check", "--severity", "urgent", TF_STACK]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("`urgent` is not one of critical, high, medium, low"), "{}", stderr(&bad));
}

#[test]
fn quiet_prints_the_summary_line_unless_every_report_goes_to_a_file() {
    let root = workspace();
    let out = ringfence(&root, &["check", "--no-config", "-q", TF_STACK]);
    assert_eq!(
        stdout(&out),
        "Found 8 problems (2 critical, 4 high, 2 medium); 3 fixable with --fix; checked 1 file.\n"
    );
    assert_eq!(code(&out), 1);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.sarif");
    let out = ringfence(&root, &["check", "--no-config", "-q", "-o", report.to_str().unwrap(), TF_STACK]);
    assert_eq!(stdout(&out), "");
    assert!(report.exists());
    assert_eq!(code(&out), 1);
}

#[test]
fn every_finding_says_where_to_read_about_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", SET_ABOVE);
    let json_of = |args: &[&str]| -> Value {
        serde_json::from_str(&stdout(&ringfence(dir.path(), &[&["check", "-f", "json"], args, &["main.tf"]].concat())))
            .unwrap()
    };
    let doc = json_of(&["--no-config"]);
    assert_eq!(doc["findings"][0]["help"], "ringfence rule NET001");
    assert!(doc["findings"][0].get("url").is_none(), "{doc}");
    write(dir.path(), "ringfence.toml", "docs-url = \"https://example.com/ringfence/rules/{code}.html\"\n");
    let doc = json_of(&[]);
    assert_eq!(doc["findings"][0]["url"], "https://example.com/ringfence/rules/NET001.html");
    let human = stdout(&ringfence(dir.path(), &["check", "main.tf"]));
    assert!(
        human.contains("details: ringfence rule NET001 or https://example.com/ringfence/rules/NET001.html\n"),
        "{human}"
    );
    // Without `{code}`, the code is appended.
    write(dir.path(), "ringfence.toml", "docs-url = \"https://example.com/rules/\"\n");
    assert_eq!(json_of(&[])["findings"][0]["url"], "https://example.com/rules/NET001");
    write(dir.path(), "ringfence.toml", "docs-url = \"file:///etc/passwd\"\n");
    let out = ringfence(dir.path(), &["check", "main.tf"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("ringfence.toml:1:12: `docs-url` is an http(s) address"), "{}", stderr(&out));
}

#[test]
fn the_summary_says_how_many_findings_fix_would_fix() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_kms_key\" \"a\" {}\n\nresource \"aws_kms_key\" \"b\" {\n  enable_key_rotation = false\n}\n",
    );
    let out = ringfence(dir.path(), &["check", "--no-config", "--select", "KMS001", "main.tf"]);
    assert!(
        stdout(&out).ends_with("Found 2 problems (2 high); 2 fixable with --fix; checked 1 file.\n"),
        "{}",
        stdout(&out)
    );
    let doc: Value = serde_json::from_str(&stdout(&ringfence(
        dir.path(),
        &["check", "--no-config", "--select", "KMS001", "-f", "json", "main.tf"],
    )))
    .unwrap();
    assert_eq!(doc["summary"]["fixable"], 2);
    assert_eq!(doc["findings"][0]["fix"], "set `enable_key_rotation` to true");
    ringfence(dir.path(), &["check", "--no-config", "--select", "KMS001", "--fix", "main.tf"]);
    let out = ringfence(dir.path(), &["check", "--no-config", "--select", "KMS001", "main.tf"]);
    assert_eq!(stdout(&out), "No problems found; checked 1 file.\n");
}

#[test]
fn sarif_has_rules_results_and_locations() {
    let out = ringfence(&workspace(), &["check", "--format", "sarif", STACK]);
    let sarif: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 6);
    for rule in rules {
        for field in ["id", "name"] {
            assert!(rule[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {rule}");
        }
        for field in ["shortDescription", "fullDescription", "help"] {
            assert!(rule[field]["text"].as_str().is_some_and(|s| !s.is_empty()), "{field} in {rule}");
        }
        assert!(["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), STACK_FINDINGS.lines().count());
    let kms = results
        .iter()
        .find(|r| {
            r["ruleId"] == "KMS001"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .ends_with("main.tf")
        })
        .unwrap();
    assert_eq!(kms["level"], "error");
    assert_eq!(rules[kms["ruleIndex"].as_u64().unwrap() as usize]["id"], "KMS001");
    let region = &kms["locations"][0]["physicalLocation"]["region"];
    assert_eq!((region["startLine"].as_u64(), region["startColumn"].as_u64()), (Some(4), Some(1)));
    assert_eq!(region["endLine"].as_u64(), Some(4));
    assert_eq!(region["endColumn"].as_u64(), Some(35), "end column is exclusive");
    assert_eq!(kms["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "aws_kms_key.artifacts");
    assert!(kms["message"]["text"].as_str().unwrap().contains("rotation"));
}

#[test]
fn json_output_follows_the_documented_schema() {
    let out = ringfence(&workspace(), &["check", "--format", "json", "tests/data/ai-stack/cloudformation"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["findings"], 8);
    assert_eq!(doc["summary"]["critical"], 2);
    let first = &doc["findings"][0];
    assert_eq!(first["code"], "KMS001");
    assert_eq!(first["name"], "key-rotation-disabled");
    assert_eq!(first["severity"], "high");
    assert_eq!(first["file"], "tests/data/ai-stack/cloudformation/inference.yaml");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(9), Some(26)));
    assert_eq!((first["end_line"].as_u64(), first["end_column"].as_u64()), (Some(9), Some(31)));
    assert_eq!(first["resource"]["address"], "ModelKey");
    assert_eq!(first["resource"]["type"], "AWS::KMS::Key");
    assert!(doc["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn a_broken_file_is_a_located_error_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good/main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n");
    write(dir.path(), "broken/main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = \n}\n");
    write(dir.path(), "broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [unclosed\n");
    write(
        dir.path(),
        "dup.json",
        "{\"Resources\": {\"A\": {\"Type\": \"AWS::KMS::Key\"},\n \"A\": {\"Type\": \"AWS::KMS::Key\"}}}\n",
    );
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("good/main.tf:2:25: high KMS001"), "{text}");
    assert!(text.contains("broken/main.tf:2:25: error invalid HCL"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("broken.yaml:") && l.contains("error invalid YAML")), "{text}");
    assert!(text.contains("dup.json:2:2: error duplicate key `A`"), "{text}");
}

#[test]
fn hostile_files_are_errors_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let deep_yaml = format!("AWSTemplateFormatVersion: x\nResources:\n  A: {}\n", "[".repeat(100_000));
    write(dir.path(), "deep.yaml", &deep_yaml);
    write(dir.path(), "deep.tf", &format!("locals {{\n  x = {}\n}}\n", "[".repeat(100_000)));
    write(dir.path(), "deep.json", &format!("{{\"Resources\": {{\"A\": {}\"AWS::X\"}}}}", "[".repeat(100_000)));
    write(dir.path(), "binary.tf", "\u{0}\u{1}\u{2}resource");
    fs::write(dir.path().join("latin1.tf"), [0xffu8, 0xfe, 0x41]).unwrap();
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(text.contains("deep.yaml:3:"), "{text}");
    assert!(text.contains("deep.tf:2:"), "{text}");
    assert!(text.contains("deep.json:1:"), "{text}");
    assert!(text.contains("latin1.tf:1:1: error cannot read file: it is not UTF-8 text"), "{text}");
}

#[test]
fn exit_zero_when_clean_and_two_for_a_bad_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n");
    let out = ringfence(dir.path(), &["check", "--format", "concise"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "");
    assert_eq!(ringfence(dir.path(), &["check", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(ringfence(dir.path(), &["check", "--select", "NOPE001"]).status.code(), Some(2));
    assert_eq!(ringfence(dir.path(), &["check", "missing.tf"]).status.code(), Some(2));
}

#[test]
fn discovery_respects_gitignore_outside_git_and_skips_caches() {
    let dir = tempfile::tempdir().unwrap();
    let open_key = "resource \"aws_kms_key\" \"k\" {}\n";
    write(dir.path(), ".gitignore", "generated/\n");
    write(dir.path(), "generated/main.tf", open_key);
    write(dir.path(), ".terraform/modules/x/main.tf", open_key);
    write(dir.path(), "node_modules/pkg/main.tf", open_key);
    write(dir.path(), "infra/main.tf", open_key);
    // Not a template: a CI workflow is never read as CloudFormation.
    write(dir.path(), ".github/workflows/ci.yaml", "on: push\njobs: {}\n");
    // A template is recognised by content, whatever its name.
    write(dir.path(), "stacks/anything.json", "{\"Resources\": {\"Key\": {\"Type\": \"AWS::KMS::Key\"}}}\n");
    // CDK output is scanned although it is git-ignored.
    write(dir.path(), ".gitignore", "generated/\ncdk.out/\n");
    write(dir.path(), "cdk.out/App.template.json", "{\"Resources\": {\"CdkKey\": {\"Type\": \"AWS::KMS::Key\"}}}\n");
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    let text = stdout(&out);
    let files: Vec<&str> = text.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(files, vec!["cdk.out/App.template.json", "infra/main.tf", "stacks/anything.json"], "{text}");
    // A file named explicitly is checked even when ignored.
    let out = ringfence(dir.path(), &["check", "--format", "concise", "generated/main.tf"]);
    assert!(stdout(&out).starts_with("generated/main.tf:1:1: high KMS001"));
}

#[test]
fn a_tofu_file_replaces_the_tf_file_of_the_same_name_as_opentofu_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let open_key = "resource \"aws_kms_key\" \"tf\" {}\n";
    let rotated = "resource \"aws_kms_key\" \"tofu\" {\n  enable_key_rotation = false\n}\n";
    write(dir.path(), "infra/main.tf", open_key);
    write(dir.path(), "infra/main.tofu", rotated);
    write(dir.path(), "infra/keys.tf.json", "{\"resource\": {\"aws_kms_key\": {\"json_tf\": {}}}}\n");
    write(dir.path(), "infra/keys.tofu.json", "{\"resource\": {\"aws_kms_key\": {\"json_tofu\": {}}}}\n");
    // A `.tf` without a `.tofu` twin is read as usual.
    write(dir.path(), "infra/other.tf", "resource \"aws_kms_key\" \"other\" {}\n");
    let out = ringfence(dir.path(), &["check", "--format", "concise", "infra"]);
    let text = stdout(&out);
    let places: Vec<String> =
        text.lines().map(|l| l.split(": ").next().unwrap().to_string() + " " + l.split(' ').nth(2).unwrap()).collect();
    assert_eq!(
        places,
        ["infra/keys.tofu.json:1:31 KMS001", "infra/main.tofu:2:25 KMS001", "infra/other.tf:1:1 KMS001"],
        "{text}"
    );
    assert!(
        text.contains("[aws_kms_key.json_tofu]") && !text.contains("json_tf]") && !text.contains("aws_kms_key.tf]")
    );
    let human =
        stderr(&ringfence(dir.path(), &["check", "infra"])) + &stdout(&ringfence(dir.path(), &["check", "infra"]));
    assert!(human.contains("checked 3 files, 2 ignored for a .tofu file of the same name"), "{human}");
    let json: Value =
        serde_json::from_str(&stdout(&ringfence(dir.path(), &["check", "--format", "json", "infra"]))).unwrap();
    assert_eq!(json["summary"]["shadowed"], 2, "{json}");
    // Named on the command line, the `.tf` file is checked.
    let named = stdout(&ringfence(dir.path(), &["check", "--format", "concise", "infra/main.tf"]));
    assert!(named.contains("infra/main.tf:1:1: high KMS001"), "{named}");
}

#[test]
fn binary_and_non_template_documents_found_while_walking_are_skipped_quietly() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("data")).unwrap();
    fs::write(dir.path().join("data/weights.json"), [0xff, 0xfe, 0x00, 0x9c, 0x80, 0x81]).unwrap();
    fs::write(dir.path().join("data/blob.yaml"), [0x89, b'P', b'N', b'G', 0x00, 0xff]).unwrap();
    write(dir.path(), "data/package.json", "{\"name\": \"x\", \"Resources\": 3}\n");
    write(dir.path(), "data/config.yaml", "Resources:\n  - not a template\n");
    write(dir.path(), "main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n");
    let out = ringfence(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let json: Value =
        serde_json::from_str(&stdout(&ringfence(dir.path(), &["check", "--format", "json", "."]))).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json}");
    assert_eq!(json["summary"]["not_iac"], 4, "{json}");
    // Named on the command line, a binary `.json` is an error.
    assert_eq!(ringfence(dir.path(), &["check", "data/weights.json"]).status.code(), Some(2));
}

#[test]
fn rules_can_be_listed_explained_and_selected() {
    let root = workspace();
    let list = stdout(&ringfence(&root, &["rules"]));
    for code in ["IAM001", "NET001", "NET003", "KMS001", "KMS002", "KMS003"] {
        assert!(list.contains(code), "{list}");
    }
    let json: Value = serde_json::from_str(&stdout(&ringfence(&root, &["rules", "--format", "json"]))).unwrap();
    assert!(json.as_array().unwrap().iter().any(|r| r["code"] == "KMS001" && r["name"] == "key-rotation-disabled"));
    let doc = stdout(&ringfence(&root, &["rule", "key-rotation-disabled"]));
    assert!(doc.starts_with("# KMS001: key-rotation-disabled"));
    let out = ringfence(&root, &["check", "--format", "concise", "--select", "NET", "--ignore", "NET003", STACK]);
    let text = stdout(&out);
    let codes: Vec<&str> = text.lines().map(|l| l.split(' ').nth(2).unwrap()).collect();
    assert_eq!(codes, vec!["NET001", "NET001", "NET001", "NET004"]);
}

#[test]
fn the_rules_table_is_aligned_and_fits_100_columns() {
    let list = stdout(&ringfence(&workspace(), &["rules"]));
    let rows: Vec<&str> = list.lines().take_while(|l| !l.is_empty()).collect();
    assert!(rows.len() > 40, "{list}");
    for row in &rows {
        assert!(row.chars().count() <= 100, "wider than 100 columns: {row}");
    }
    // Every column starts where its header does.
    let header = rows[0];
    for column in ["NAME", "SEVERITY", "DEFAULT", "FRAMEWORKS", "SUMMARY"] {
        let at = header.find(column).unwrap();
        for row in &rows[1..] {
            let before: String = row.chars().take(at).collect();
            assert!(before.ends_with(' '), "`{column}` is not aligned in: {row}");
        }
    }
    let kms001 = rows.iter().find(|r| r.starts_with("KMS001 ")).unwrap();
    assert!(kms001.contains(" high ") && kms001.ends_with('…'), "{kms001}");
}

#[test]
fn open_ingress_severity_and_message_follow_the_ports() {
    let out =
        ringfence(&workspace(), &["check", "--format", "concise", "rules/NET001/fail-icmp-ranges-any-zero-prefix.tf"]);
    let prefix = "rules/NET001/fail-icmp-ranges-any-zero-prefix.tf";
    let expected = [
        format!("{prefix}:8:20: high NET001 ingress from 0.0.0.0/0 (the whole internet) to ICMP [aws_security_group.a]"),
        format!("{prefix}:14:25: critical NET001 ingress from ::0/0 (the whole internet) to ports 8000-8100, including 8080 (HTTP admin) [aws_security_group.a]"),
        format!("{prefix}:20:20: critical NET001 ingress from 10.0.0.0/0 (the whole internet) to port 22 (SSH) [aws_security_group.a]"),
    ];
    assert_eq!(stdout(&out).lines().collect::<Vec<_>>(), expected);
}

#[test]
fn terraform_variables_come_from_var_files_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "variable \"cidr\" {\n  default = \"10.0.0.0/8\"\n}\nvariable \"rotate\" {\n  type    = bool\n  default = true\n}\n\
         resource \"aws_security_group_rule\" \"r\" {\n  type        = \"ingress\"\n  from_port   = 443\n  to_port     = 443\n  protocol    = \"tcp\"\n  cidr_blocks = [var.cidr]\n}\n\
         resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.rotate\n}\n",
    );
    write(dir.path(), "prod.tfvars", "cidr = \"0.0.0.0/0\"\n");
    let clean = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(stdout(&clean), "");
    let out = ringfence(
        dir.path(),
        &["check", "--format", "concise", "--var-file", "prod.tfvars", "--var", "rotate=false", "."],
    );
    let text = stdout(&out);
    assert!(text.contains("main.tf:13:18: high NET001"), "{text}");
    assert!(text.contains("main.tf:16:25: high KMS001 KMS key rotation is turned off"), "{text}");
    let json: Value = serde_json::from_str(&stdout(&ringfence(
        dir.path(),
        &["check", "--format", "json", "--var-file", "prod.tfvars", "--var", "rotate=false", "."],
    )))
    .unwrap();
    let labels: Vec<String> =
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| {
                f["labels"].as_array().unwrap().iter().map(|l| {
                    format!("{}:{} {}", l["file"].as_str().unwrap(), l["line"], l["message"].as_str().unwrap())
                })
            })
            .collect();
    assert!(labels.contains(&"prod.tfvars:1 `var.cidr` is set here (prod.tfvars)".to_string()), "{labels:?}");
    assert!(labels.contains(&"<command line>:1 `var.rotate` is set here (--var)".to_string()), "{labels:?}");
    assert_eq!(ringfence(dir.path(), &["check", "--var", "no-equals-sign"]).status.code(), Some(2));
}

#[test]
fn cycles_are_reported_never_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "locals {\n  a = local.b\n  b = local.a\n}\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = local.a\n}\nmodule \"loop\" {\n  source = \"./a\"\n}\n");
    write(dir.path(), "a/main.tf", "module \"back\" {\n  source = \"../b\"\n}\n");
    write(dir.path(), "b/main.tf", "module \"again\" {\n  source = \"../a\"\n}\n");
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    let text = stdout(&out);
    assert!(text.contains("error reference cycle through `local."), "{text}");
    assert!(text.contains("error module source cycle: . → a → b → a"), "{text}");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_missing_module_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"~> 5.0\"\n}\n",
    );
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(
        stdout(&out),
        "main.tf:2:13: warning module `vpc` (source `terraform-aws-modules/vpc/aws`) is not installed locally (run `terraform init`); its resources are not checked\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn installed_remote_modules_are_read_from_the_terraform_cache() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "module \"keys\" {\n  source  = \"example/keys/aws\"\n  rotate  = false\n}\n");
    write(
        dir.path(),
        ".terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"keys","Source":"registry.terraform.io/example/keys/aws","Dir":".terraform/modules/keys"}]}"#,
    );
    write(
        dir.path(),
        ".terraform/modules/keys/main.tf",
        "variable \"rotate\" {}\nresource \"aws_kms_key\" \"this\" {\n  enable_key_rotation = var.rotate\n}\n",
    );
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(
        stdout(&out),
        ".terraform/modules/keys/main.tf:3:25: high KMS001 KMS key rotation is turned off: `enable_key_rotation` is false [module.keys.aws_kms_key.this]\n"
    );
}

#[test]
fn terraform_json_templates_are_evaluated_in_place() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf.json",
        "{\n  \"variable\": {\"open\": {\"default\": \"0.0.0.0/0\"}},\n  \"resource\": {\"aws_security_group_rule\": {\"ssh\": {\n    \"type\": \"ingress\", \"from_port\": 22, \"to_port\": 22, \"protocol\": \"tcp\",\n    \"cidr_blocks\": [\"${var.open}\"]\n  }}}\n}\n",
    );
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(
        stdout(&out),
        "main.tf.json:5:21: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) [aws_security_group_rule.ssh]\n"
    );
}

#[test]
fn a_hostile_count_is_a_budget_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_kms_key\" \"k\" {\n  count               = 1000000000000\n  enable_key_rotation = true\n}\n",
    );
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    assert!(
        stdout(&out).contains(
            "main.tf:2:25: error evaluation budget exceeded: `count` of 1000000000000 creates more than 10000 instances"
        ),
        "{}",
        stdout(&out)
    );
    assert_eq!(out.status.code(), Some(2), "a count that is not checked in full fails the gate");
}

const PARAMETERISED_TEMPLATE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Rotate:\n    Type: String\n    Default: \"true\"\n  Access:\n    Type: String\n    Default: VpcOnly\nConditions:\n  InVirginia: !Equals [!Ref \"AWS::Region\", us-east-1]\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: !Ref Rotate\n  RegionalKey:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: !If [InVirginia, false, true]\n  Domain:\n    Type: AWS::SageMaker::Domain\n    Properties:\n      KmsKeyId: arn:aws:kms:us-east-1:111122223333:key/k\n      AppNetworkAccessType: !Ref Access\n";

#[test]
fn cloudformation_parameters_come_from_files_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "stack.yaml", PARAMETERISED_TEMPLATE);
    write(dir.path(), "cli-format.json", "[\n  {\"ParameterKey\": \"Rotate\", \"ParameterValue\": \"false\"}\n]\n");
    write(dir.path(), "parameters-format.json", "{\"Parameters\": {\n  \"Access\": \"PublicInternetOnly\"\n}}\n");
    assert_eq!(stdout(&ringfence(dir.path(), &["check", "--format", "concise", "stack.yaml"])), "");
    let out = ringfence(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--cfn-parameters",
            "cli-format.json",
            "--cfn-parameters",
            "parameters-format.json",
            "--region",
            "us-east-1",
            "stack.yaml",
        ],
    );
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let got: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let label = &f["labels"][0];
            format!(
                "{} {}:{} <- {}:{} {}",
                f["code"].as_str().unwrap(),
                f["line"],
                f["column"],
                label["file"].as_str().unwrap(),
                label["line"],
                label["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            "KMS001 15:26 <- cli-format.json:2 parameter `Rotate` is set here (cli-format.json)",
            "KMS001 19:43 <- stack.yaml:10 chosen because condition `InVirginia` is true",
            "NET003 24:29 <- parameters-format.json:2 parameter `Access` is set here (parameters-format.json)",
        ]
    );
    let out = ringfence(
        dir.path(),
        &["check", "--format", "concise", "--cfn-param", "Access=PublicInternetOnly", "stack.yaml"],
    );
    assert_eq!(
        stdout(&out),
        "stack.yaml:24:29: high NET003 SageMaker domain is not VPC-only: Studio apps reach the internet directly [Domain]\n"
    );
}

#[test]
fn cdk_output_shows_the_construct_path() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "cdk.out/MlStack.template.json",
        "{\"Resources\": {\"ModelKey1A2B3C4D\": {\"Type\": \"AWS::KMS::Key\",\n \"Metadata\": {\"aws:cdk:path\": \"MlStack/ModelKey/Resource\"}}}}\n",
    );
    let out = ringfence(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(
        stdout(&out),
        "cdk.out/MlStack.template.json:1:16: high KMS001 KMS key has no automatic rotation: `EnableKeyRotation` is not set [ModelKey1A2B3C4D (MlStack/ModelKey/Resource)]\n"
    );
}

#[test]
fn a_rule_steps_back_only_for_rules_that_run() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode({\n    Statement = [{ Effect = \"Allow\", Action = \"s3:*\", Resource = \"*\" }]\n  })\n}\n",
    );
    let all = stdout(&ringfence(dir.path(), &["check", "--format", "concise", "."]));
    assert!(all.contains("IAM002") && !all.contains("IAM003"), "{all}");
    let without = stdout(&ringfence(dir.path(), &["check", "--format", "concise", "--ignore", "IAM002", "."]));
    assert!(without.contains("main.tf:3:66: high IAM003"), "{without}");
}

#[test]
fn compliance_filters_rules_and_travels_with_findings() {
    let root = workspace();
    let listed: Value = serde_json::from_str(&stdout(&ringfence(&root, &["rules", "--format", "json"]))).unwrap();
    let listed = listed.as_array().unwrap();
    let mapped_to = |framework: &str| -> Vec<String> {
        listed
            .iter()
            .filter(|r| r["frameworks"].as_array().unwrap().iter().any(|f| f == framework))
            .map(|r| r["code"].as_str().unwrap().to_string())
            .collect()
    };
    let cis = mapped_to("cis");
    assert!(!cis.is_empty() && cis.len() < listed.len(), "CIS maps some rules, not all: {cis:?}");

    let all: Value = serde_json::from_str(&stdout(&ringfence(&root, &["check", STACK, "--format", "json"]))).unwrap();
    let only_cis: Value =
        serde_json::from_str(&stdout(&ringfence(&root, &["check", STACK, "--format", "json", "--compliance", "cis"])))
            .unwrap();
    let codes = |report: &Value| -> Vec<String> {
        report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
    };
    assert!(codes(&only_cis).iter().all(|c| cis.contains(c)), "{:?}", codes(&only_cis));
    assert!(codes(&only_cis).len() < codes(&all).len(), "the filter drops rules outside CIS");
    assert!(!codes(&only_cis).is_empty());
    for finding in only_cis["findings"].as_array().unwrap() {
        let tags = finding["compliance"].as_array().unwrap();
        assert!(tags.iter().any(|t| t.as_str().unwrap().starts_with("cis:")), "{finding}");
    }

    let sarif: Value =
        serde_json::from_str(&stdout(&ringfence(&root, &["check", STACK, "--format", "sarif"]))).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    // Suppression rules (RF) give no compliance evidence; every other rule does.
    assert!(
        rules.iter().filter(|r| !r["id"].as_str().unwrap().starts_with("RF")).all(|r| r["properties"]["tags"]
            .as_array()
            .unwrap()
            .len()
            > 2),
        "every catalog rule carries control tags"
    );

    let bad = ringfence(&root, &["check", STACK, "--compliance", "iso27001"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown compliance framework `iso27001`"));
}

#[test]
fn rules_off_by_default_run_only_when_selected() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "hub.tf",
        "resource \"aws_securityhub_account\" \"main\" {\n  enable_default_standards = false\n}\n",
    );
    let default = ringfence(dir.path(), &["check", ".", "--format", "concise"]);
    assert_eq!(default.status.code(), Some(0), "{}", stdout(&default));
    let selected = ringfence(dir.path(), &["check", ".", "--format", "concise", "--select", "LOG004"]);
    assert_eq!(selected.status.code(), Some(1));
    assert!(stdout(&selected).starts_with("hub.tf:2:30: low LOG004 "), "{}", stdout(&selected));
    let listed = stdout(&ringfence(dir.path(), &["rules"]));
    let line = listed.lines().find(|l| l.starts_with("LOG004")).unwrap();
    assert!(line.contains(" off "), "{line}");
    assert!(listed.contains("Rules off by default run only when selected"));
}

/// A module called three times with one problem inside it: one finding, at the line
/// to fix, that names the other instances in every format.
#[test]
fn a_module_called_three_times_is_one_finding_that_names_its_instances() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "modules/bastion/main.tf",
        "resource \"aws_security_group\" \"bastion\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    \
         protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
    );
    let calls: String =
        ["a", "b", "c"].iter().map(|t| format!("module \"{t}\" {{\n  source = \"./modules/bastion\"\n}}\n")).collect();
    write(root, "main.tf", &calls);
    let human = ringfence(root, &["check", "--no-config", "."]);
    let text = stdout(&human).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(
            "in aws_security_group `module.a.aws_security_group.bastion` and 2 other instances \
             (`module.b.aws_security_group.bastion`, `module.c.aws_security_group.bastion`)"
        ),
        "{text}"
    );
    assert!(text.contains("Found 1 problem (1 critical)"), "{text}");
    let doc = json(root, &["--no-config", "."]);
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    assert_eq!(
        (&doc["findings"][0]["file"], &doc["findings"][0]["line"]),
        (&"modules/bastion/main.tf".into(), &6.into())
    );
    assert_eq!(
        doc["findings"][0]["instances"],
        serde_json::json!(["module.b.aws_security_group.bastion", "module.c.aws_security_group.bastion"])
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&stdout(&ringfence(root, &["check", "--no-config", "--format", "sarif", "."]))).unwrap();
    let logical: Vec<&str> = sarif["runs"][0]["results"][0]["locations"][0]["logicalLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["fullyQualifiedName"].as_str().unwrap())
        .collect();
    assert_eq!(
        logical,
        [
            "module.a.aws_security_group.bastion",
            "module.b.aws_security_group.bastion",
            "module.c.aws_security_group.bastion"
        ]
    );
}

/// A policy statement held in a local stands where the local is used (the location
/// contract for values that came through a local), and its label says the statement
/// was written in the data source, not defined by the local.
#[test]
fn a_statement_held_in_a_local_is_labelled_where_it_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "main.tf",
        r#"data "aws_iam_policy_document" "a" {
  statement {
    actions   = ["ec2:CreateVolume"]
    resources = ["arn:aws:ec2:*:*:volume/*"]
  }
}

locals {
  docs = [data.aws_iam_policy_document.a.json]
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = local.docs
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.merged.json
}
"#,
    );
    let doc = json(root, &["--no-config", "."]);
    let finding = &doc["findings"][0];
    assert_eq!(
        (&finding["code"], &finding["line"]),
        (&serde_json::Value::from("IAM003"), &serde_json::Value::from(13))
    );
    let labels: Vec<String> = finding["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("{}:{} {}", l["line"], l["column"], l["message"].as_str().unwrap()))
        .collect();
    assert_eq!(labels, ["4:18 written here, used through `local.docs`"]);
}

/// A directory that is both scanned and called as a module is evaluated on its own
/// first (its trees then dropped, as every directory that calls no module is); once
/// the caller is read, that result is dropped and the module is checked through its
/// caller only. Likewise a template scanned beside the parent that includes it.
#[test]
fn a_scanned_module_or_nested_template_is_reported_once_through_its_caller() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "app/main.tf", "module \"lib\" {\n  source = \"../lib\"\n}\n");
    write(d, "lib/main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n");
    write(d, "solo/main.tf", "resource \"aws_kms_key\" \"s\" {\n  enable_key_rotation = false\n}\n");
    write(
        d,
        "cfn/parent.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./child.yaml\n",
    );
    write(
        d,
        "cfn/child.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: false\n",
    );
    let (report, _) = concise(d, &["--select", "KMS001", "."]);
    let findings: Vec<&str> = report.lines().filter(|l| l.contains("KMS001")).collect();
    assert_eq!(findings.len(), 3, "{report}");
    assert!(
        findings.iter().any(|l| l.starts_with("lib/main.tf:2:") && l.ends_with("[module.lib.aws_kms_key.k]")),
        "{report}"
    );
    assert!(findings.iter().any(|l| l.starts_with("solo/main.tf:2:") && l.ends_with("[aws_kms_key.s]")), "{report}");
    assert!(findings.iter().any(|l| l.starts_with("cfn/child.yaml:6:")), "{report}");
}

/// `RINGFENCE_TIMINGS=1` prints where the run spent its time, stage by stage and in
/// order (and the costliest rules), on standard error; the report is the same as
/// without it.
#[test]
fn timings_are_printed_on_request_only_and_change_no_report() {
    let args = ["check", "--format", "concise", STACK];
    let plain = ringfence(&workspace(), &args);
    let timed = std::process::Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(workspace())
        .args(args)
        .env("RINGFENCE_TIMINGS", "1")
        .output()
        .unwrap();
    assert_eq!(stdout(&timed), stdout(&plain));
    assert_eq!(timed.status.code(), plain.status.code());
    assert!(!stderr(&plain).contains("ringfence timings"), "{}", stderr(&plain));
    let stages: Vec<String> = stderr(&timed)
        .lines()
        .filter_map(|l| l.strip_prefix("ringfence timings:"))
        .map(|l| l.rsplit("  ").next().unwrap_or("").trim().to_string())
        .filter(|stage| !stage.starts_with("rule "))
        .collect();
    let expected = [
        "configuration and rules ready",
        "files read",
        "templates parsed and evaluated",
        "Terraform parsed, roots without modules evaluated",
        "Terraform roots with modules evaluated",
        "CloudFormation evaluated",
        "model built",
        "rules and suppressions",
        "findings sorted",
        "reports written",
    ];
    assert_eq!(stages, expected, "{}", stderr(&timed));
    let rules = stderr(&timed).lines().filter(|l| l.contains(" ms  rule ")).count();
    assert!((1..=10).contains(&rules), "{}", stderr(&timed));
}
