//! Custom policies (YAML, CEL conditions) as a user runs them: `--policies`, the
//! configuration's `policies`, `ringfence policy test`, and every place a rule shows.

mod common;

use common::{code, ringfence, stderr, stdout, workspace, write};
use std::path::Path;

const ENDPOINT: &str = r#"policies:
  - code: ORG001
    name: endpoint-approved-instance-types
    severity: high
    summary: SageMaker endpoints use only approved instance types
    resources:
      - aws_sagemaker_endpoint_configuration
      - AWS::SageMaker::EndpointConfig
    at: production_variants.instance_type
    deny: >-
      r.production_variants.exists(v, !(v.instance_type in ["ml.m5.large", "ml.c5.xlarge"]))
    message: SageMaker endpoint uses an instance type outside the approved list
"#;

const ENDPOINT_TF: &str = r#"variable "canary_type" {
  default = "ml.p4d.24xlarge"
}

resource "aws_sagemaker_endpoint_configuration" "e" {
  name = "e"

  production_variants {
    variant_name  = "primary"
    instance_type = "ml.m5.large"
  }

  production_variants {
    variant_name  = "canary"
    instance_type = var.canary_type
  }
}

variable "unset" {
  type = string
}

resource "aws_sagemaker_endpoint_configuration" "unknown" {
  name = "unknown"

  production_variants {
    variant_name  = "primary"
    instance_type = var.unset
  }
}
"#;

const ENDPOINT_CFN: &str = r#"Resources:
  Endpoint:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      ProductionVariants:
        - VariantName: gpu
          InstanceType: ml.g5.48xlarge
        - VariantName: cpu
          InstanceType: ml.c5.xlarge
"#;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policies/org.yaml", ENDPOINT);
    write(dir.path(), "infra/main.tf", ENDPOINT_TF);
    write(dir.path(), "infra/endpoint.yaml", ENDPOINT_CFN);
    dir
}

fn concise(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--no-config", "--format", "concise", "--color", "never"];
    all.extend_from_slice(args);
    let out = ringfence(dir, &all);
    (code(&out), stdout(&out), stderr(&out))
}

#[test]
fn a_policy_reports_on_both_languages_at_the_element_that_breaks_it_and_not_on_unknowns() {
    let dir = project();
    let (status, out, err) = concise(dir.path(), &["--policies", "policies", "--select", "ORG", "infra"]);
    assert_eq!(status, 1, "{out}{err}");
    assert_eq!(
        out.lines().filter(|l| l.contains("ORG001")).collect::<Vec<_>>(),
        vec![
            "infra/endpoint.yaml:7:25: high ORG001 SageMaker endpoint uses an instance type outside the approved \
             list [Endpoint]",
            "infra/main.tf:15:21: high ORG001 SageMaker endpoint uses an instance type outside the approved list \
             [aws_sagemaker_endpoint_configuration.e]",
        ],
        "the canary variant (the second), not the first; the endpoint whose type is unknown is not reported"
    );
}

#[test]
fn a_value_from_a_variable_carries_the_label_of_where_it_was_set() {
    let dir = project();
    let out = ringfence(
        dir.path(),
        &["check", "--no-config", "--policies", "policies", "--select", "ORG001", "--format", "json", "infra/main.tf"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &json["findings"][0];
    assert_eq!((finding["line"].as_u64(), finding["code"].as_str()), (Some(15), Some("ORG001")));
    let labels = finding["labels"].as_array().expect("labels");
    assert!(labels.iter().any(|l| l["line"] == 2 && l["file"] == "infra/main.tf"), "{labels:?}");
}

#[test]
fn cloudformation_names_are_snake_case_except_in_free_form_values() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.yaml",
        r#"policies:
  - code: ACME001
    name: lambda-debug-logging
    severity: low
    summary: Functions do not log at debug level
    resources: [AWS::Lambda::Function, aws_lambda_function]
    at: environment.variables.LOG_LEVEL
    deny:
      cloudformation: r.environment.variables.LOG_LEVEL == "debug" && r.kms_key_arn == "" && lang == "cloudformation"
      terraform: r.environment.exists(e, e.variables.LOG_LEVEL == "debug") && lang == "terraform"
  - code: ACME002
    name: role-trusts-everyone
    severity: critical
    summary: Roles do not trust every principal
    resources: [AWS::IAM::Role]
    deny: r.assume_role_policy_document.Statement.exists(s, s.Principal == "*") && r.type == "AWS::IAM::Role"
"#,
    );
    write(
        dir.path(),
        "t.yaml",
        r#"Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      KmsKeyArn: ""
      Environment:
        Variables:
          LOG_LEVEL: debug
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: sts:AssumeRole
"#,
    );
    write(
        dir.path(),
        "main.tf",
        "resource \"aws_lambda_function\" \"f\" {\n  function_name = \"f\"\n  environment {\n    variables = {\n      \
         LOG_LEVEL = \"debug\"\n    }\n  }\n}\n",
    );
    let (status, out, err) = concise(dir.path(), &["--policies", "p.yaml", "--select", "ACME", "."]);
    assert_eq!(status, 1, "{out}{err}");
    let found: Vec<&str> = out.lines().filter(|l| l.contains("ACME")).map(|l| l.split(" [").next().unwrap()).collect();
    assert_eq!(
        found,
        vec![
            "main.tf:5:19: low ACME001 Functions do not log at debug level",
            "t.yaml:8:22: low ACME001 Functions do not log at debug level",
            "t.yaml:9:3: critical ACME002 Roles do not trust every principal",
        ]
    );
}

#[test]
fn an_unknown_value_decides_nothing_unless_the_rest_of_the_condition_does() {
    let dir = tempfile::tempdir().unwrap();
    let policy = |code: &str, name: &str, deny: &str| {
        format!(
            "  - code: {code}\n    name: {name}\n    severity: low\n    summary: {name}\n    resources: [aws_s3_bucket]\n    \
             deny: '{deny}'\n"
        )
    };
    let text = format!(
        "policies:\n{}{}{}",
        policy("UNK001", "true-or-unknown", "true || r.bucket == \"x\""),
        policy("UNK002", "false-or-unknown", "false || r.bucket != \"x\""),
        policy("UNK003", "not-in-unknown", "!(r.bucket in [\"a\"])"),
    );
    write(dir.path(), "p.yaml", &text);
    write(
        dir.path(),
        "main.tf",
        "variable \"name\" {\n  type = string\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n",
    );
    let (status, out, err) = concise(dir.path(), &["--policies", "p.yaml", "--select", "UNK", "main.tf"]);
    assert_eq!(status, 1, "{out}{err}");
    let codes: Vec<&str> =
        out.lines().filter_map(|l| l.split_whitespace().nth(2)).filter(|c| c.starts_with("UNK")).collect();
    assert_eq!(codes, vec!["UNK001"], "{out}");
}

#[test]
fn a_condition_that_fails_on_known_values_is_an_error_located_in_the_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.yaml",
        "policies:\n  - code: ORG009\n    name: owner-tag\n    severity: low\n    summary: Buckets have an owner\n    \
         resources: [aws_s3_bucket]\n    deny: r.tags.Owner == \"\"\n",
    );
    write(dir.path(), "main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n");
    let (status, out, err) = concise(dir.path(), &["--policies", "p.yaml", "main.tf"]);
    assert_eq!(status, 2, "{out}{err}");
    assert!(
        out.contains(
            "p.yaml:7:11: error policy ORG009 (owner-tag): its condition fails on `aws_s3_bucket.b`: No such key: tags"
        ),
        "{out}"
    );
    assert!(out.contains("main.tf:1:1: medium KMS002"), "the built-in rules still report: {out}");
}

#[test]
fn a_malformed_policy_file_is_a_located_error_before_anything_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n");
    let head = "policies:\n  - code: ORG001\n    name: mine\n    severity: high\n    summary: s\n    resources: [aws_s3_bucket]\n";
    for (text, expected) in [
        (format!("{head}    deny: r.bucket ==\n"), "p.yaml:7:21: CEL syntax error in `deny`"),
        (
            format!("{head}    deny: >-\n      r.bucket == \"b\" &&\n        size(r.tags > 1\n"),
            "p.yaml:9:23: CEL syntax error",
        ),
        (format!("{head}    deny: \"true\"\n    colour: red\n"), "p.yaml:8:5: unknown key `colour`"),
        (
            head.replace("ORG001", "KMS101") + "    deny: \"true\"\n",
            "p.yaml:2:11: code `KMS101` is in the built-in family KMS",
        ),
        (
            head.replace("ORG001", "ORG1") + "    deny: \"true\"\n",
            "p.yaml:2:11: code `ORG1` must be 2 to 5 capitals then 3 digits",
        ),
        (
            head.replace("mine", "open-ingress") + "    deny: \"true\"\n",
            "p.yaml:3:11: name `open-ingress` is taken by rule NET001",
        ),
        (
            format!("{head}    deny: \"true\"\n  - code: ORG001\n"),
            "p.yaml:8:11: code `ORG001` is taken by rule ORG001 `mine`",
        ),
        ("policies: [\n".to_string(), "p.yaml:2:1: not a policy file: invalid YAML"),
    ] {
        write(dir.path(), "p.yaml", &text);
        let (status, out, err) = concise(dir.path(), &["--policies", "p.yaml", "main.tf"]);
        assert_eq!(status, 2, "{text}\n{out}{err}");
        assert!(err.starts_with(&format!("error: {expected}")), "{text}\n{err}");
        assert!(out.is_empty(), "nothing is checked: {out}");
    }
}

#[test]
fn the_configuration_names_policies_and_selects_rerates_and_suppresses_their_rules() {
    let dir = project();
    write(
        dir.path(),
        "ringfence.toml",
        "policies = [\"policies\"]\nselect = [\"ORG\"]\n\n[severity]\nendpoint-approved-instance-types = \"critical\"\n",
    );
    let out = ringfence(dir.path(), &["check", "--format", "concise", "infra"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let lines: Vec<String> = stdout(&out).lines().filter(|l| l.contains("ORG001")).map(String::from).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().all(|l| l.contains(": critical ORG001 ")), "{lines:?}");

    // A suppression comment names the policy like any rule.
    let suppressed = ENDPOINT_TF.replace(
        "    instance_type = var.canary_type\n",
        "    # ringfence:ignore[ORG001] the canary runs on a GPU for a week\n    instance_type = var.canary_type\n",
    );
    write(dir.path(), "infra/main.tf", &suppressed);
    let out = ringfence(dir.path(), &["check", "--format", "concise", "infra/main.tf"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));

    // `--ignore` by name, and the baseline records and hides its findings.
    write(dir.path(), "infra/main.tf", ENDPOINT_TF);
    let out = ringfence(dir.path(), &["check", "--ignore", "endpoint-approved-instance-types", "infra"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = ringfence(dir.path(), &["check", "--write-baseline", "base.json", "infra"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(common::read(dir.path(), "base.json").contains("ORG001"));
    let out = ringfence(dir.path(), &["check", "--baseline", "base.json", "infra"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));

    // A rule name of the configuration that no rule has is still refused.
    write(dir.path(), "ringfence.toml", "policies = [\"policies\"]\nselect = [\"ORG002\"]\n");
    let out = ringfence(dir.path(), &["check", "infra"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("ringfence.toml:2:11: unknown rule, name or family `ORG002`"), "{}", stderr(&out));
}

#[test]
fn sarif_rules_list_and_page_show_the_policy() {
    let dir = project();
    let out = ringfence(
        dir.path(),
        &["check", "--no-config", "--policies", "policies", "--select", "ORG", "--format", "sarif", "infra"],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let org = rules.iter().find(|r| r["id"] == "ORG001").expect("ORG001 in the SARIF rules");
    assert_eq!(org["shortDescription"]["text"], "SageMaker endpoints use only approved instance types");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);

    write(dir.path(), "ringfence.toml", "policies = [\"policies\"]\n");
    let out = ringfence(dir.path(), &["rules"]);
    let row = stdout(&out).lines().find(|l| l.starts_with("ORG001")).map(String::from).expect("ORG001 listed");
    assert!(row.contains("endpoint-approved-instance-types") && row.contains("high"), "{row}");
    let out = ringfence(dir.path(), &["rule", "endpoint-approved-instance-types"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).starts_with("# ORG001: endpoint-approved-instance-types\n\nSageMaker endpoints"),
        "{}",
        stdout(&out)
    );
    let out = ringfence(dir.path(), &["rule", "ORG001", "--no-config"]);
    assert_eq!(code(&out), 2, "without the configuration the policy is unknown");
}

#[test]
fn the_output_is_the_same_whatever_the_thread_count() {
    let dir = project();
    let run = |threads: &str| concise(dir.path(), &["--policies", "policies", "--threads", threads, "infra"]).1;
    assert_eq!(run("1"), run("4"));
}

#[test]
fn policy_test_passes_the_example_set() {
    let out = ringfence(&workspace(), &["policy", "test", "examples/policies"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    for code in ["ORG001", "ORG002", "ORG003", "ORG004"] {
        assert!(text.contains(&format!("ok   {code} {code}/fail.tf")), "{text}");
    }
    assert!(text.ends_with("4 policies, 15 cases: all pass\n"), "{text}");
}

#[test]
fn policy_test_says_what_was_missed_and_what_was_extra() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "org.yaml", ENDPOINT);
    let fixture = ENDPOINT_TF
        .replace("    instance_type = \"ml.m5.large\"\n", "    instance_type = \"ml.m5.large\" # expect: ORG001\n");
    write(dir.path(), "ORG001/fail.tf", &fixture);
    write(dir.path(), "ORG001/pass.yaml", ENDPOINT_CFN.replace("ml.g5.48xlarge", "ml.m5.large").as_str());
    let out = ringfence(dir.path(), &["policy", "test", "."]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "FAIL ORG001 ORG001/fail.tf\n  missed: ORG001/fail.tf:10 expects ORG001 (found 0 of 1)\n  extra:  \
         ORG001/fail.tf:15 ORG001 SageMaker endpoint uses an instance type outside the approved list\nok   ORG001 \
         ORG001/pass.yaml\n\n1 policy, 2 cases: 1 failed\n"
    );
}

#[test]
fn a_condition_about_the_whole_list_stands_on_its_first_value_and_without_at_on_the_header() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.yaml",
        "policies:\n  - code: ORG101\n    name: one-variant\n    severity: low\n    summary: One variant per endpoint\n    \
         resources: [aws_sagemaker_endpoint_configuration]\n    at: production_variants.instance_type\n    \
         deny: size(r.production_variants) > 1\n  - code: ORG102\n    name: named-e\n    severity: low\n    \
         summary: Not named e\n    resources: [aws_sagemaker_endpoint_configuration]\n    deny: r.name == \"e\" && \
         r.address == \"aws_sagemaker_endpoint_configuration.e\" && r.type == \
         \"aws_sagemaker_endpoint_configuration\"\n",
    );
    write(dir.path(), "main.tf", ENDPOINT_TF);
    let (status, out, err) = concise(dir.path(), &["--policies", "p.yaml", "--select", "ORG101,ORG102", "main.tf"]);
    assert_eq!(status, 1, "{out}{err}");
    let found: Vec<&str> =
        out.lines().filter(|l| l.contains(" ORG1")).map(|l| l.split(": low").next().unwrap()).collect();
    assert_eq!(found, vec!["main.tf:5:1", "main.tf:10:21"], "{out}");
}

#[test]
fn a_policy_file_named_by_the_configuration_and_the_command_line_is_read_once() {
    let dir = project();
    write(dir.path(), "ringfence.toml", "policies = [\"policies/\"]\n");
    let out = ringfence(dir.path(), &["check", "--policies", "policies/org.yaml", "--format", "concise", "infra"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().filter(|l| l.contains(" ORG001 ")).count(), 2, "{}", stdout(&out));
}

#[test]
fn policy_test_reads_a_json_fixtures_expectations_from_its_sidecar() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "org.yaml", ENDPOINT);
    let template =
        "{\n  \"Resources\": {\n    \"Endpoint\": {\n      \"Type\": \"AWS::SageMaker::EndpointConfig\",\n      \
                    \"Properties\": {\n        \"ProductionVariants\": [\n          {\"VariantName\": \"a\", \
                    \"InstanceType\": \"ml.p4d.24xlarge\"}\n        ]\n      }\n    }\n  }\n}\n";
    write(dir.path(), "ORG001/fail.json", template);
    write(dir.path(), "ORG001/fail.json.expect", "7: ORG001\n");
    let out = ringfence(dir.path(), &["policy", "test", "."]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert_eq!(stdout(&out), "ok   ORG001 ORG001/fail.json\n\n1 policy, 1 case: all pass\n");
    write(dir.path(), "ORG001/fail.json.expect", "6: ORG001\n");
    let out = ringfence(dir.path(), &["policy", "test", "."]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("  missed: ORG001/fail.json:6 expects ORG001 (found 0 of 1)\n"), "{}", stdout(&out));
    assert!(stdout(&out).contains("  extra:  ORG001/fail.json:7 ORG001 "), "{}", stdout(&out));
}
