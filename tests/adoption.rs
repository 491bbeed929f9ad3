//! Adopting ringfence on an existing codebase, as a user does it with the built binary:
//! `ringfence.toml` (discovery, every key, located errors), `ringfence init`, the exit
//! policy, `--statistics`, baselines and `--changed-since`. The last tests check that
//! every example of docs/configuration.md and docs/baselines.md works.

mod common;
use common::*;

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `ringfence check --format concise ARGS`: (standard output, exit code).
fn concise(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = ringfence(dir, &[&["check", "--format", "concise"], args].concat());
    assert_eq!(stderr(&out), "", "stderr of check {args:?}");
    (stdout(&out), code(&out))
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = ringfence(dir, &[&["check", "--format", "json"], args].concat());
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
}

/// The lines of a concise report, each cut before its message: `file:line:col: severity CODE`.
fn located(report: &str) -> Vec<String> {
    report.lines().map(|l| l.splitn(4, ' ').take(3).collect::<Vec<_>>().join(" ")).collect()
}

/// One finding of each severity, from three families.
const FOUR_SEVERITIES: &str = r#"resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_kms_key" "logs" {
  enable_key_rotation = false
}

resource "aws_ecr_repository" "models" {
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_repository" "raw" {
  image_tag_mutability = "IMMUTABLE"
}
"#;

const NET001_AT_6: &str = "main.tf:6:20: critical NET001";
const KMS001_AT_11: &str = "main.tf:11:25: high KMS001";
const DATA009_AT_15: &str = "main.tf:15:26: low DATA009";
const DATA004_AT_21: &str = "main.tf:21:1: medium DATA004";

/// A security group open to SSH and a key without rotation.
const SSH_AND_KEY: &str = r#"resource "aws_security_group" "sg" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_kms_key" "k" {
  enable_key_rotation = false
}
"#;

// ---------------------------------------------------------------------------------
// Discovery

#[test]
fn a_configuration_in_a_parent_directory_applies_to_a_scanned_subdirectory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ringfence.toml", "ignore = [\"KMS001\"]\n");
    write(root, "infra/net/main.tf", SSH_AND_KEY);
    let expected = "infra/net/main.tf:6:20: critical NET001";
    assert_eq!(located(&concise(root, &["infra/net"]).0), [expected]);
    assert_eq!(located(&concise(root, &["infra/net/main.tf"]).0), [expected]);
    // From inside the subdirectory, the search still goes up to the root.
    let (report, exit) = concise(&root.join("infra/net"), &["."]);
    assert_eq!(located(&report), ["main.tf:6:20: critical NET001"]);
    assert_eq!(exit, 1);
    // Without a path, the working directory is scanned and the search starts there.
    assert_eq!(located(&concise(&root.join("infra/net"), &[]).0), ["main.tf:6:20: critical NET001"]);
}

#[test]
fn dot_ringfence_toml_is_found_and_ringfence_toml_wins_in_one_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "infra/main.tf", SSH_AND_KEY);
    write(root, ".ringfence.toml", "ignore = [\"NET001\"]\n");
    assert_eq!(located(&concise(root, &["infra"]).0), ["infra/main.tf:11:25: high KMS001"]);
    write(root, "ringfence.toml", "ignore = [\"KMS001\"]\n");
    assert_eq!(located(&concise(root, &["infra"]).0), ["infra/main.tf:6:20: critical NET001"]);
}

#[test]
fn the_nearest_configuration_wins_and_configurations_are_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ringfence.toml", "ignore = [\"KMS001\"]\n");
    write(root, "infra/.ringfence.toml", "ignore = [\"NET001\"]\n");
    write(root, "infra/main.tf", SSH_AND_KEY);
    assert_eq!(located(&concise(root, &["infra"]).0), ["infra/main.tf:11:25: high KMS001"]);
}

#[test]
fn config_names_the_file_and_no_config_ignores_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ringfence.toml", "ignore = [\"KMS001\"]\n");
    write(root, "ci/strict.toml", "ignore = [\"NET001\"]\n");
    write(root, "main.tf", SSH_AND_KEY);
    assert_eq!(located(&concise(root, &["."]).0), ["main.tf:6:20: critical NET001"]);
    assert_eq!(located(&concise(root, &["--config", "ci/strict.toml", "."]).0), ["main.tf:11:25: high KMS001"]);
    assert_eq!(
        located(&concise(root, &["--no-config", "."]).0),
        ["main.tf:6:20: critical NET001", "main.tf:11:25: high KMS001"]
    );
    let missing = ringfence(root, &["check", "--config", "nope.toml", "."]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).starts_with("error: nope.toml:1:1: cannot read configuration: "), "{}", stderr(&missing));
}

#[test]
fn paths_of_a_named_configuration_are_relative_to_its_directory_from_any_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "project/ringfence.toml",
        "exclude = [\"examples\"]\n\n[per-path-ignores]\n\"sandbox/**\" = [\"KMS\"]\n",
    );
    write(root, "project/examples/main.tf", SSH_AND_KEY);
    write(root, "project/sandbox/main.tf", SSH_AND_KEY);
    let expected = ["project/sandbox/main.tf:6:20: critical NET001"];
    assert_eq!(located(&concise(root, &["--config", "project/ringfence.toml", "project"]).0), expected);
    let (report, _) = concise(&root.join("project/sandbox"), &["--config", "../ringfence.toml", "."]);
    assert_eq!(located(&report), ["main.tf:6:20: critical NET001"]);
}

/// Bug: `--config ringfence.toml` (a bare file name) anchors `exclude` and
/// `per-path-ignores` at "." instead of the file's absolute directory, so they match
/// nothing; `--config ./ringfence.toml` works.
#[test]
fn a_configuration_named_by_a_bare_file_name_anchors_its_globs_at_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ringfence.toml", "exclude = [\"examples\"]\n\n[per-path-ignores]\n\"sandbox/**\" = [\"KMS\"]\n");
    write(root, "examples/main.tf", SSH_AND_KEY);
    write(root, "sandbox/main.tf", SSH_AND_KEY);
    let expected = ["sandbox/main.tf:6:20: critical NET001"];
    assert_eq!(located(&concise(root, &["--config", "./ringfence.toml", "."]).0), expected);
    assert_eq!(located(&concise(root, &["--config", "ringfence.toml", "."]).0), expected);
}

// ---------------------------------------------------------------------------------
// Rule selection, compliance, severities

#[test]
fn select_and_ignore_take_codes_names_and_families() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", FOUR_SEVERITIES);
    let with = |config: &str, args: &[&str]| {
        write(root, "ringfence.toml", config);
        located(&concise(root, &[args, &["."]].concat()).0)
    };
    assert_eq!(with("", &[]), [NET001_AT_6, KMS001_AT_11, DATA009_AT_15, DATA004_AT_21]);
    // A family and a name.
    assert_eq!(with("select = [\"NET\", \"key-rotation-disabled\"]\n", &[]), [NET001_AT_6, KMS001_AT_11]);
    assert_eq!(with("ignore = [\"open-ingress\", \"DATA004\"]\n", &[]), [KMS001_AT_11, DATA009_AT_15]);
    assert_eq!(with("ignore = [\"DATA\"]\n", &[]), [NET001_AT_6, KMS001_AT_11]);
    // Letter case does not matter.
    assert_eq!(with("select = [\"net\"]\n", &[]), [NET001_AT_6]);
    // --select replaces the configuration's select.
    assert_eq!(with("select = [\"NET\"]\n", &["--select", "DATA"]), [DATA009_AT_15, DATA004_AT_21]);
    // --ignore adds to the configuration's ignore.
    assert_eq!(with("ignore = [\"DATA\"]\n", &["--ignore", "KMS001"]), [NET001_AT_6]);
    // ignore wins over select.
    assert_eq!(with("select = [\"NET\", \"KMS\"]\nignore = [\"NET001\"]\n", &[]), [KMS001_AT_11]);
}

#[test]
fn compliance_keeps_the_rules_of_its_frameworks_and_the_command_line_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", FOUR_SEVERITIES);
    // DATA009 gives evidence for SOC 2 only.
    write(root, "ringfence.toml", "compliance = [\"pci\"]\n");
    assert_eq!(located(&concise(root, &["."]).0), [NET001_AT_6, KMS001_AT_11, DATA004_AT_21]);
    assert_eq!(
        located(&concise(root, &["--compliance", "soc2", "."]).0),
        [NET001_AT_6, KMS001_AT_11, DATA009_AT_15, DATA004_AT_21]
    );
}

#[test]
fn severity_overrides_change_every_report_and_what_fail_on_counts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", FOUR_SEVERITIES);
    write(
        root,
        "ringfence.toml",
        "[severity]\nNET001 = \"medium\"\nkey-rotation-disabled = \"low\"\nDATA = \"critical\"\n",
    );
    let (report, exit) = concise(root, &["."]);
    assert_eq!(
        located(&report),
        [
            "main.tf:6:20: medium NET001",
            "main.tf:11:25: low KMS001",
            "main.tf:15:26: critical DATA009",
            "main.tf:21:1: critical DATA004"
        ]
    );
    assert_eq!(exit, 1);
    let doc = json(root, &["."]);
    let severities: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(severities, [("NET001", "medium"), ("KMS001", "low"), ("DATA009", "critical"), ("DATA004", "critical")]);
    assert_eq!(
        (&doc["summary"]["critical"], &doc["summary"]["high"], &doc["summary"]["medium"], &doc["summary"]["low"]),
        (&Value::from(2), &Value::from(0), &Value::from(1), &Value::from(1))
    );
    // The critical SSH rule is medium now: --fail-on high passes once DATA is ignored.
    assert_eq!(concise(root, &["--fail-on", "high", "."]).1, 1);
    assert_eq!(concise(root, &["--fail-on", "high", "--ignore", "DATA", "."]).1, 0);
    assert_eq!(concise(root, &["--fail-on", "medium", "--ignore", "DATA", "."]).1, 1);
    // Without the override the same run fails.
    assert_eq!(concise(root, &["--no-config", "--fail-on", "high", "--ignore", "DATA", "."]).1, 1);
}

// ---------------------------------------------------------------------------------
// Paths: exclude and per-path-ignores

#[test]
fn exclude_prunes_directories_also_for_files_named_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ringfence.toml", "exclude = [\"examples\", \"**/generated/**\", \"legacy/*.tf\"]\n");
    let key = "resource \"aws_kms_key\" \"k\" {}\n";
    for file in ["main.tf", "examples/main.tf", "infra/generated/main.tf", "legacy/old.tf", "legacy/keep/main.tf"] {
        write(root, file, key);
    }
    let files = |report: &str| report.lines().map(|l| l.split(':').next().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(files(&concise(root, &["."]).0), ["legacy/keep/main.tf", "main.tf"]);
    // Named explicitly, as pre-commit passes them: still excluded.
    for named in ["examples/main.tf", "infra/generated/main.tf", "legacy/old.tf"] {
        assert_eq!(concise(root, &[named]), (String::new(), 0), "{named}");
    }
    assert_eq!(concise(&root.join("examples"), &["main.tf"]), (String::new(), 0));
    assert_eq!(files(&concise(root, &["legacy/keep/main.tf"]).0), ["legacy/keep/main.tf"]);
}

#[test]
fn per_path_ignores_drop_findings_located_in_matching_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "ringfence.toml", "[per-path-ignores]\n\"sandbox/**\" = [\"open-ingress\", \"KMS\"]\n");
    write(root, "sandbox/main.tf", SSH_AND_KEY);
    write(root, "prod/main.tf", SSH_AND_KEY);
    let (report, exit) = concise(root, &["."]);
    assert_eq!(located(&report), ["prod/main.tf:6:20: critical NET001", "prod/main.tf:11:25: high KMS001"]);
    assert_eq!(exit, 1);
    assert_eq!(concise(&root.join("sandbox"), &["."]), (String::new(), 0));
    assert_eq!(concise(&root.join("sandbox"), &["main.tf"]), (String::new(), 0));
    // Dropped findings are not counted as suppressed either.
    let doc = json(root, &["sandbox"]);
    assert_eq!((&doc["summary"]["findings"], &doc["summary"]["suppressed"]), (&Value::from(0), &Value::from(0)));
}

// ---------------------------------------------------------------------------------
// Inputs

/// A root module passes a variable to a module that opens a security group with it.
fn module_with_a_cidr_variable(root: &Path) {
    write(root, "app/main.tf", "variable \"ssh_cidr\" {\n  default = \"10.0.0.0/8\"\n}\n\nmodule \"sg\" {\n  source = \"./modules/sg\"\n  cidr   = var.ssh_cidr\n}\n");
    write(
        root,
        "app/modules/sg/main.tf",
        "variable \"cidr\" {}\n\nresource \"aws_security_group\" \"ssh\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [var.cidr]\n  }\n}\n",
    );
}

const MODULE_FINDING: &str = "app/modules/sg/main.tf:8:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) [module.sg.aws_security_group.ssh]\n";

fn labels(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["labels"].as_array().unwrap().iter())
        .map(|l| format!("{}:{} {}", l["file"].as_str().unwrap(), l["line"], l["message"].as_str().unwrap()))
        .collect()
}

#[test]
fn var_files_and_vars_of_the_configuration_reach_a_module_through_a_variable() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    module_with_a_cidr_variable(root);
    write(root, "env/prod.tfvars", "ssh_cidr = \"0.0.0.0/0\"\n");
    assert_eq!(concise(root, &["app"]), (String::new(), 0));
    write(root, "ringfence.toml", "var-files = [\"env/prod.tfvars\"]\n");
    assert_eq!(concise(root, &["app"]), (MODULE_FINDING.to_string(), 1));
    // The path is relative to the configuration, not to the working directory.
    let (report, _) = concise(&root.join("app"), &["."]);
    assert_eq!(report, MODULE_FINDING.replace("app/", ""));
    write(root, "ringfence.toml", "# inputs\n[vars]\nssh_cidr = \"0.0.0.0/0\"\n");
    assert_eq!(concise(root, &["app"]), (MODULE_FINDING.to_string(), 1));
    // A list is written as HCL.
    write(root, "app/main.tf", &read(root, "app/main.tf").replace("cidr   = var.ssh_cidr", "cidr   = var.ssh_cidr[0]"));
    write(root, "ringfence.toml", "[vars]\nssh_cidr = '[\"0.0.0.0/0\"]'\n");
    assert_eq!(concise(root, &["app"]), (MODULE_FINDING.to_string(), 1));
}

/// Bugs: a value from the configuration's `var-files` is labelled with an absolute path
/// (`--var-file` gives the path as written), and one from `[vars]` is labelled as if it
/// came from `--var` on the command line instead of from ringfence.toml. The same holds
/// for `cfn-parameters` and `[cfn-params]`.
#[test]
fn values_from_the_configuration_are_labelled_where_they_were_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    module_with_a_cidr_variable(root);
    write(root, "env/prod.tfvars", "ssh_cidr = \"0.0.0.0/0\"\n");
    let from_cli = labels(&json(root, &["--var-file", "env/prod.tfvars", "app"]));
    assert!(
        from_cli.contains(&"env/prod.tfvars:1 `var.ssh_cidr` is set here (prod.tfvars)".to_string()),
        "{from_cli:?}"
    );
    write(root, "ringfence.toml", "var-files = [\"env/prod.tfvars\"]\n");
    let from_config = labels(&json(root, &["app"]));
    assert!(
        from_config.contains(&"env/prod.tfvars:1 `var.ssh_cidr` is set here (prod.tfvars)".to_string()),
        "{from_config:?}"
    );
    write(root, "ringfence.toml", "# inputs\n[vars]\nssh_cidr = \"0.0.0.0/0\"\n");
    let from_vars = labels(&json(root, &["app"]));
    let label = from_vars.iter().find(|l| l.contains("var.ssh_cidr")).unwrap();
    assert!(label.contains("ringfence.toml:3 ") && !label.contains("--var"), "{from_vars:?}");

    write(root, "stack.yaml", ROTATE_TEMPLATE);
    write(root, "params/prod.json", "[\n  {\"ParameterKey\": \"Rotate\", \"ParameterValue\": \"false\"}\n]\n");
    write(root, "ringfence.toml", "cfn-parameters = [\"params/prod.json\"]\n");
    let from_params = labels(&json(root, &["stack.yaml"]));
    assert_eq!(from_params, ["params/prod.json:2 parameter `Rotate` is set here (prod.json)"]);
}

/// Bug: the same variable given twice (`[vars]` and `--var`, or two `--var`s) is an
/// "invalid HCL ... redefined attribute" error on `<command line>` (exit 2) instead of
/// the last value winning, as documented and as Terraform does.
#[test]
fn a_variable_given_again_on_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", "variable \"rotate\" {\n  default = true\n}\n\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.rotate\n}\n");
    let finding =
        "main.tf:6:25: high KMS001 KMS key rotation is turned off: `enable_key_rotation` is false [aws_kms_key.k]\n";
    write(root, "ringfence.toml", "[vars]\nrotate = \"true\"\n");
    assert_eq!(concise(root, &["."]), (String::new(), 0));
    assert_eq!(concise(root, &["--var", "rotate=false", "."]), (finding.to_string(), 1));
    assert_eq!(
        concise(root, &["--no-config", "--var", "rotate=true", "--var", "rotate=false", "."]),
        (finding.to_string(), 1)
    );
}

const ROTATE_TEMPLATE: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Rotate:\n    Type: String\n    Default: \"true\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: !Ref Rotate\n";

#[test]
fn cfn_parameters_cfn_params_and_region_of_the_configuration_reach_templates() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let finding = "stack.yaml:10:26: high KMS001 KMS key rotation is turned off: `EnableKeyRotation` is false [Key]\n";
    write(root, "stack.yaml", ROTATE_TEMPLATE);
    write(root, "params/prod.json", "[\n  {\"ParameterKey\": \"Rotate\", \"ParameterValue\": \"false\"}\n]\n");
    assert_eq!(concise(root, &["."]), (String::new(), 0));
    write(root, "ringfence.toml", "cfn-parameters = [\"params/prod.json\"]\n");
    assert_eq!(concise(root, &["."]), (finding.to_string(), 1));
    assert_eq!(concise(&root.join("params"), &[".."]), (finding.replace("stack.yaml", "../stack.yaml"), 1));
    // A later value wins: the command line over the file's.
    assert_eq!(concise(root, &["--cfn-param", "Rotate=true", "."]), (String::new(), 0));
    write(root, "ringfence.toml", "[cfn-params]\nRotate = \"false\"\n");
    assert_eq!(concise(root, &["."]), (finding.to_string(), 1));
    assert_eq!(concise(root, &["--cfn-param", "Rotate=true", "."]), (String::new(), 0));

    write(
        root,
        "stack.yaml",
        "AWSTemplateFormatVersion: \"2010-09-09\"\nConditions:\n  InVirginia: !Equals [!Ref \"AWS::Region\", us-east-1]\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: !If [InVirginia, false, true]\n",
    );
    write(root, "ringfence.toml", "region = \"us-east-1\"\naccount-id = \"123456789012\"\n");
    let (report, exit) = concise(root, &["stack.yaml"]);
    assert_eq!(located(&report), ["stack.yaml:8:43: high KMS001"]);
    assert_eq!(exit, 1);
    assert_eq!(concise(root, &["--region", "eu-west-1", "stack.yaml"]), (String::new(), 0));
}

#[test]
fn the_baseline_key_is_relative_to_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "infra/main.tf", SSH_AND_KEY);
    let written = ringfence(root, &["check", "--write-baseline", "ringfence-baseline.json", "."]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    write(root, "ringfence.toml", "baseline = \"ringfence-baseline.json\"\n");
    let out = ringfence(&root.join("infra"), &["check", "."]);
    assert_eq!(stdout(&out), "No problems found in 1 file (2 in the baseline not shown).\n");
    assert_eq!(code(&out), 0);
    // --no-config drops it; --baseline replaces it.
    assert_eq!(concise(&root.join("infra"), &["--no-config", "."]).1, 1);
    write(root, "empty.json", "{\"version\": 1, \"tool\": \"ringfence\", \"findings\": []}\n");
    assert_eq!(concise(&root.join("infra"), &["--baseline", "../empty.json", "."]).1, 1);
    // A baseline that does not exist yet is an error, with the way to make one.
    fs::remove_file(root.join("ringfence-baseline.json")).unwrap();
    let out = ringfence(root, &["check", "."]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("(record one with --write-baseline "), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------
// Configuration errors: exit 2, located at the exact line and column

/// Runs a check with this ringfence.toml; returns standard error after asserting the
/// exit code and that the first line is `error: …ringfence.toml:LINE:COL: …`.
fn config_error(config: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", SSH_AND_KEY);
    write(dir.path(), "ringfence.toml", config);
    let out = ringfence(dir.path(), &["check", "."]);
    assert_eq!(code(&out), 2, "{config}\n{}", stderr(&out));
    assert_eq!(stdout(&out), "", "nothing is scanned");
    // The configuration's path as found; only what follows it is compared.
    let text = stderr(&out);
    let (head, rest) = text.split_once("ringfence.toml:").unwrap_or_else(|| panic!("no location: {text}"));
    assert!(head.starts_with("error: "), "{text}");
    rest.to_string()
}

#[test]
fn an_unknown_key_is_an_error_at_its_line() {
    assert_eq!(
        config_error("select = [\"NET\"]\nfail_on = \"high\"\n"),
        "2:1: unknown field `fail_on`, expected one of `select`, `ignore`, `compliance`, `fail-on`, `severity`, `exclude`, `per-path-ignores`, `var-files`, `vars`, `cfn-parameters`, `cfn-params`, `region`, `account-id`, `baseline`\n  | fail_on = \"high\"\n  | ^\n"
    );
}

#[test]
fn unknown_rules_are_errors_at_their_string() {
    assert_eq!(
        config_error("select = [\n  \"KMS\",\n  \"bogus-name\",\n]\n"),
        "3:3: unknown rule, name or family `bogus-name`\n  |   \"bogus-name\",\n  |   ^\n"
    );
    assert_eq!(
        config_error("ignore = [\"NET001\", \"NET999\"]\n"),
        "1:21: unknown rule, name or family `NET999`\n  | ignore = [\"NET001\", \"NET999\"]\n  |                     ^\n"
    );
    assert_eq!(
        config_error("[per-path-ignores]\n\"sandbox/**\" = [\"NET001\", \"XYZ123\"]\n"),
        "2:27: unknown rule, name or family `XYZ123`\n  | \"sandbox/**\" = [\"NET001\", \"XYZ123\"]\n  |                           ^\n"
    );
    assert_eq!(
        config_error("compliance = [\"iso27001\"]\n"),
        "1:15: unknown compliance framework `iso27001` (one of: cis, hipaa, soc2, gdpr, pci)\n  | compliance = [\"iso27001\"]\n  |               ^\n"
    );
    // Keys of [severity] and [per-path-ignores]: the right line (for the column, see
    // errors_about_a_tables_key_are_located_at_the_key).
    let severity = config_error("[severity]\nNET001 = \"low\"\nNOPE = \"high\"\n");
    assert!(severity.starts_with("3:"), "{severity}");
    assert!(
        severity.contains(": unknown rule, name or family `NOPE` in [severity]\n  | NOPE = \"high\"\n"),
        "{severity}"
    );
    let glob = config_error("[per-path-ignores]\n\"sandbox/[x\" = [\"NET001\"]\n");
    assert!(glob.starts_with("2:"), "{glob}");
    assert!(glob.contains(": bad glob `sandbox/[x`: unclosed character class; missing ']'\n"), "{glob}");
}

#[test]
fn bad_values_are_errors_at_the_value() {
    assert_eq!(
        config_error("fail-on = \"sometimes\"\n"),
        "1:11: `fail-on` is one of critical, high, medium, low, never (not `sometimes`)\n  | fail-on = \"sometimes\"\n  |           ^\n"
    );
    assert_eq!(
        config_error("# stricter for the network\n[severity]\nNET001 = \"urgent\"\n"),
        "3:10: a severity is critical, high, medium or low (not `urgent`)\n  | NET001 = \"urgent\"\n  |          ^\n"
    );
    assert_eq!(
        config_error("exclude = [\"ok\", \"a/[b\"]\n"),
        "1:18: bad glob `a/[b`: unclosed character class; missing ']'\n  | exclude = [\"ok\", \"a/[b\"]\n  |                  ^\n"
    );
    assert_eq!(
        config_error("select = \"NET\"\n"),
        "1:10: invalid type: string \"NET\", expected a sequence\n  | select = \"NET\"\n  |          ^\n"
    );
}

#[test]
fn a_toml_syntax_error_is_located() {
    assert_eq!(
        config_error("# comment\nselect = [\"NET\"]\nfail-on = high\n"),
        "3:11: string values must be quoted, expected literal string\n  | fail-on = high\n  |           ^\n"
    );
    assert_eq!(
        config_error("select = [\"NET\"]\nselect = [\"KMS\"]\n"),
        "2:1: duplicate key\n  | select = [\"KMS\"]\n  | ^\n"
    );
}

/// Bug: errors about a table's key point at its value ([severity]) or at its list or
/// the table header ([per-path-ignores]), because config.rs reads those keys as plain
/// strings ("Keys carry no span"); toml 0.9 gives keys spans through `Spanned<String>`.
#[test]
fn errors_about_a_tables_key_are_located_at_the_key() {
    assert_eq!(
        config_error("[severity]\nNET001 = \"low\"\nNOPE = \"high\"\n"),
        "3:1: unknown rule, name or family `NOPE` in [severity]\n  | NOPE = \"high\"\n  | ^\n"
    );
    assert_eq!(
        config_error("[per-path-ignores]\n\"sandbox/[x\" = [\"NET001\"]\n"),
        "2:1: bad glob `sandbox/[x`: unclosed character class; missing ']'\n  | \"sandbox/[x\" = [\"NET001\"]\n  | ^\n"
    );
    assert_eq!(
        config_error("[per-path-ignores]\n\"sandbox/[x\" = []\n"),
        "2:1: bad glob `sandbox/[x`: unclosed character class; missing ']'\n  | \"sandbox/[x\" = []\n  | ^\n"
    );
}

// ---------------------------------------------------------------------------------
// ringfence init

#[test]
fn init_writes_a_configuration_that_check_accepts_and_refuses_to_overwrite_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    let out = ringfence(root, &["init"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = read(root, "ringfence.toml");
    assert!(written.starts_with("# ringfence configuration."), "{written}");
    // As written it changes nothing: the same findings as without a configuration.
    let (report, exit) = concise(root, &["."]);
    assert_eq!(located(&report), ["main.tf:6:20: critical NET001", "main.tf:11:25: high KMS001"]);
    assert_eq!(exit, 1);

    write(root, "ringfence.toml", "ignore = [\"NET001\"]\n");
    let again = ringfence(root, &["init"]);
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("ringfence.toml exists (--force replaces it)"), "{}", stderr(&again));
    assert_eq!(read(root, "ringfence.toml"), "ignore = [\"NET001\"]\n", "left untouched");
    let forced = ringfence(root, &["init", "--force"]);
    assert_eq!(code(&forced), 0);
    assert_eq!(read(root, "ringfence.toml"), written);

    fs::create_dir(root.join("infra")).unwrap();
    let elsewhere = ringfence(root, &["init", "infra"]);
    assert_eq!(code(&elsewhere), 0);
    assert!(stdout(&elsewhere).contains("infra"), "{}", stdout(&elsewhere));
    assert_eq!(read(root, "infra/ringfence.toml"), written);
}

/// Bug: in the file `init` writes, `var-files` follows `# [severity]`, and `region`,
/// `account-id` and `baseline` follow `# [cfn-params]`: a user who uncomments the
/// examples puts those top-level keys inside the tables (an error for `var-files`,
/// silently a CloudFormation parameter for `region` and `baseline`).
#[test]
fn every_example_of_the_init_file_works_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    assert_eq!(code(&ringfence(root, &["init"])), 0);
    // Uncomment `# key = value`, `# "glob" = [...]` and `# [table]` lines.
    let uncommented: String = read(root, "ringfence.toml")
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest)
                if (rest.starts_with('[') && rest.ends_with(']'))
                    || rest.split_once(" = ").is_some_and(|(key, _)| !key.contains(' ')) =>
            {
                rest.to_string() + "\n"
            }
            _ => line.to_string() + "\n",
        })
        .collect();
    write(root, "ringfence.toml", &uncommented);
    write(root, "env/prod.tfvars", "");
    write(root, "params/prod.json", "[]\n");
    write(root, "ringfence-baseline.json", "{\"version\": 1, \"tool\": \"ringfence\", \"findings\": []}\n");
    let out = ringfence(root, &["check", "--format", "concise", "."]);
    assert_eq!(stderr(&out), "", "{uncommented}");
    assert_ne!(code(&out), 2);
    // The baseline key is a baseline, not a CloudFormation parameter: a missing file is an error.
    fs::remove_file(root.join("ringfence-baseline.json")).unwrap();
    assert_eq!(code(&ringfence(root, &["check", "."])), 2, "{uncommented}");
}

// ---------------------------------------------------------------------------------
// Exit policy

#[test]
fn any_finding_fails_by_default_and_fail_on_sets_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", FOUR_SEVERITIES);
    let levels = ["low", "medium", "high", "critical"];
    // Each rule alone, at each threshold: exit 1 when its severity reaches it.
    for (code, severity) in [("DATA009", 0), ("DATA004", 1), ("KMS001", 2), ("NET001", 3)] {
        let (report, exit) = concise(root, &["--select", code, "."]);
        assert_eq!(report.lines().count(), 1, "{report}");
        assert_eq!(exit, 1, "default for {code}");
        for (threshold, level) in levels.iter().enumerate() {
            let expected = if severity >= threshold { 1 } else { 0 };
            assert_eq!(concise(root, &["--select", code, "--fail-on", level, "."]).1, expected, "{code} {level}");
        }
        assert_eq!(concise(root, &["--select", code, "--fail-on", "never", "."]).1, 0, "{code} never");
        assert_eq!(concise(root, &["--select", code, "--exit-zero", "."]).1, 0, "{code} --exit-zero");
    }
    // The findings are reported whatever the threshold.
    assert_eq!(concise(root, &["--fail-on", "critical", "--ignore", "NET001", "."]).0.lines().count(), 3);
    let bad = ringfence(root, &["check", "--fail-on", "urgent", "."]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("`urgent` is not one of critical, high, medium, low, never"), "{}", stderr(&bad));
}

#[test]
fn fail_on_of_the_configuration_is_replaced_by_the_flag_and_exit_zero_beats_both() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", FOUR_SEVERITIES);
    write(root, "ringfence.toml", "fail-on = \"critical\"\nignore = [\"NET001\"]\n");
    assert_eq!(concise(root, &["."]).1, 0);
    assert_eq!(concise(root, &["--fail-on", "high", "."]).1, 1);
    write(root, "ringfence.toml", "fail-on = \"low\"\n");
    assert_eq!(concise(root, &["--exit-zero", "."]).1, 0);
    assert_eq!(concise(root, &["--fail-on", "never", "."]).1, 0);
}

#[test]
fn an_unparsable_file_exits_2_even_with_exit_zero_and_the_other_findings_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good/main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n");
    write(root, "bad/main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = \n}\n");
    for flags in [&["--exit-zero"][..], &["--fail-on", "never"], &[]] {
        let (report, exit) = concise(root, &[flags, &["."]].concat());
        assert_eq!(exit, 2, "{flags:?}");
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 2, "{report}");
        assert!(lines.contains(&"good/main.tf:2:25: high KMS001 KMS key rotation is turned off: `enable_key_rotation` is false [aws_kms_key.k]"), "{report}");
        assert!(lines.iter().any(|l| l.starts_with("bad/main.tf:2:25: error invalid HCL")), "{report}");
    }
    let human = stdout(&ringfence(root, &["check", "--exit-zero", "."]));
    assert!(
        human.ends_with("Found 1 problem (1 high) in 2 files; 1 error in files that could not be fully read.\n"),
        "{human}"
    );
}

// ---------------------------------------------------------------------------------
// Statistics

/// Two open security groups, a suppressed and a reported key without rotation, and a
/// repository with mutable tags.
const STATISTICS_STACK: &str = r#"resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_kms_key" "accepted" {
  enable_key_rotation = false # ringfence:ignore[KMS001] key retired next quarter until=2099-12-31
}

resource "aws_kms_key" "new" {
  enable_key_rotation = false
}

resource "aws_ecr_repository" "models" {
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}
"#;

const STATISTICS: &str = concat!(
    " COUNT SUPPRESSED  CODE     NAME                                 SEVERITY\n",
    "     2          0  NET001   open-ingress                         critical\n",
    "     1          0  DATA009  ecr-mutable-tags                     low\n",
    "     1          1  KMS001   key-rotation-disabled                high\n",
    "     4          1  total\n",
);

#[test]
fn statistics_count_findings_per_rule_most_frequent_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", STATISTICS_STACK);
    let out = ringfence(root, &["check", "--statistics", "."]);
    assert_eq!(stdout(&out), STATISTICS);
    assert_eq!(code(&out), 1, "the exit code is the same as without --statistics");
    assert_eq!(stdout(&ringfence(root, &["check", "--statistics", "--format", "concise", "."])), STATISTICS);
    assert_eq!(code(&ringfence(root, &["check", "--statistics", "--fail-on", "critical", "--ignore", "NET", "."])), 0);
    write(root, "main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n");
    let clean = ringfence(root, &["check", "--statistics", "."]);
    assert_eq!(
        stdout(&clean),
        " COUNT SUPPRESSED  CODE     NAME                                 SEVERITY\n     0          0  total\n"
    );
    assert_eq!(code(&clean), 0);
}

/// Bug: the SEVERITY column shows the rule's declared severity, ignoring the
/// configuration's `[severity]` override that every other report and `--fail-on` use.
#[test]
fn statistics_show_the_severity_the_configuration_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", STATISTICS_STACK);
    write(root, "ringfence.toml", "[severity]\nKMS001 = \"low\"\n");
    let text = stdout(&ringfence(root, &["check", "--statistics", "."]));
    assert!(text.contains("     1          1  KMS001   key-rotation-disabled                low\n"), "{text}");
}

// ---------------------------------------------------------------------------------
// Baselines

const OPEN_WEB: &str = r#"
resource "aws_security_group" "web" {
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

fn baseline_entries(dir: &Path, name: &str) -> Vec<(String, String, String)> {
    let doc: Value = serde_json::from_str(&read(dir, name)).unwrap();
    assert_eq!((&doc["version"], &doc["tool"]), (&Value::from(1), &Value::from("ringfence")));
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["fingerprint"].as_str().unwrap().len(), 24, "{e}");
            let field = |k: &str| e[k].as_str().unwrap().to_string();
            (field("file"), field("code"), field("resource"))
        })
        .collect()
}

#[test]
fn a_baseline_hides_todays_findings_whatever_moves_and_reports_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "infra/main.tf", SSH_AND_KEY);
    let written = ringfence(root, &["check", "--write-baseline", "ringfence-baseline.json", "."]);
    assert_eq!(code(&written), 0);
    assert_eq!(stdout(&written), "");
    assert_eq!(stderr(&written), "Wrote 2 findings to the baseline ringfence-baseline.json\n");
    assert_eq!(
        baseline_entries(root, "ringfence-baseline.json"),
        [
            ("infra/main.tf".into(), "KMS001".into(), "aws_kms_key.k".into()),
            ("infra/main.tf".into(), "NET001".into(), "aws_security_group.sg".into())
        ]
    );

    let quiet = ringfence(root, &["check", "--baseline", "ringfence-baseline.json", "."]);
    assert_eq!(stdout(&quiet), "No problems found in 1 file (2 in the baseline not shown).\n");
    assert_eq!(code(&quiet), 0);
    let doc = json(root, &["--baseline", "ringfence-baseline.json", "."]);
    assert_eq!((&doc["summary"]["findings"], &doc["summary"]["baseline"]), (&Value::from(0), &Value::from(2)));

    // Every line moves down three, and the offending lines are re-indented.
    let shifted =
        format!("# network\n# and keys\n\n{}", SSH_AND_KEY.replace("  enable_key_rotation", "    enable_key_rotation"));
    write(root, "infra/main.tf", &shifted);
    assert_eq!(concise(root, &["--baseline", "ringfence-baseline.json", "."]), (String::new(), 0));

    // A new problem is the only one reported, at its line.
    write(root, "infra/main.tf", &(shifted.clone() + OPEN_WEB));
    assert_eq!(
        concise(root, &["--baseline", "ringfence-baseline.json", "."]),
        ("infra/main.tf:22:20: high NET001 ingress from 0.0.0.0/0 (the whole internet) to port 80 [aws_security_group.web]\n".to_string(), 1)
    );
    let summary = stdout(&ringfence(root, &["check", "--baseline", "ringfence-baseline.json", "."]));
    assert!(summary.ends_with("Found 1 problem (1 high) in 1 file (2 in the baseline not shown).\n"), "{summary}");

    // Fixing an accepted problem and writing the baseline again drops its entry.
    write(root, "infra/main.tf", &shifted.replace("enable_key_rotation = false", "enable_key_rotation = true"));
    assert_eq!(code(&ringfence(root, &["check", "--write-baseline", "ringfence-baseline.json", "."])), 0);
    assert_eq!(
        baseline_entries(root, "ringfence-baseline.json"),
        [("infra/main.tf".into(), "NET001".into(), "aws_security_group.sg".into())]
    );
}

#[test]
fn a_changed_offending_value_or_a_renamed_resource_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    assert_eq!(code(&ringfence(root, &["check", "--write-baseline", "b.json", "."])), 0);
    write(root, "main.tf", &SSH_AND_KEY.replace("\"0.0.0.0/0\"", "\"10.0.0.0/0\""));
    let (report, exit) = concise(root, &["--baseline", "b.json", "."]);
    assert_eq!(located(&report), ["main.tf:6:20: critical NET001"]);
    assert_eq!(exit, 1);
    write(root, "main.tf", &SSH_AND_KEY.replace("\"aws_kms_key\" \"k\"", "\"aws_kms_key\" \"renamed\""));
    assert_eq!(located(&concise(root, &["--baseline", "b.json", "."]).0), ["main.tf:11:25: high KMS001"]);
    fs::create_dir(root.join("moved")).unwrap();
    fs::rename(root.join("main.tf"), root.join("moved/main.tf")).unwrap();
    assert_eq!(concise(root, &["--baseline", "b.json", "."]).0.lines().count(), 2);
}

#[test]
fn a_second_identical_problem_in_one_resource_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let one = "resource \"aws_security_group\" \"sg\" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";
    write(root, "main.tf", one);
    assert_eq!(code(&ringfence(root, &["check", "--write-baseline", "b.json", "."])), 0);
    let two = one.replace("  }\n}\n", "  }\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"udp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n");
    write(root, "main.tf", &two);
    assert_eq!(
        located(&concise(root, &["--no-config", "."]).0),
        ["main.tf:6:20: critical NET001", "main.tf:12:20: critical NET001"]
    );
    let (report, exit) = concise(root, &["--baseline", "b.json", "."]);
    assert_eq!(located(&report), ["main.tf:12:20: critical NET001"]);
    assert_eq!(exit, 1);
}

#[test]
fn baseline_paths_are_relative_to_the_baseline_file_from_any_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "repo/infra/main.tf", SSH_AND_KEY);
    // Written from inside infra/, to a file one level up.
    let written =
        ringfence(&root.join("repo/infra"), &["check", "--write-baseline", "../ringfence-baseline.json", "."]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    let files: Vec<String> =
        baseline_entries(&root.join("repo"), "ringfence-baseline.json").into_iter().map(|e| e.0).collect();
    assert_eq!(files, ["infra/main.tf", "infra/main.tf"]);
    let expected = "No problems found in 1 file (2 in the baseline not shown).\n";
    for (cwd, args) in [
        ("repo", &["--baseline", "ringfence-baseline.json", "."][..]),
        ("repo", &["--baseline", "ringfence-baseline.json", "infra/main.tf"]),
        ("repo/infra", &["--baseline", "../ringfence-baseline.json", "."]),
        ("", &["--baseline", "repo/ringfence-baseline.json", "repo/infra"]),
    ] {
        let out = ringfence(&root.join(cwd), &[&["check"], args].concat());
        assert_eq!((stdout(&out).as_str(), code(&out)), (expected, 0), "from {cwd:?} with {args:?}");
    }
    // The same tree elsewhere (another checkout) matches too.
    let copy = tempfile::tempdir().unwrap();
    write(copy.path(), "infra/main.tf", SSH_AND_KEY);
    fs::copy(root.join("repo/ringfence-baseline.json"), copy.path().join("ringfence-baseline.json")).unwrap();
    assert_eq!(concise(copy.path(), &["--baseline", "ringfence-baseline.json", "."]), (String::new(), 0));
}

/// Bug: a file outside the baseline's directory is recorded by its path as given on
/// the command line (relative to the working directory then), so the entry no longer
/// matches from another working directory.
#[test]
fn a_baseline_matches_files_outside_its_directory_from_any_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "other/main.tf", SSH_AND_KEY);
    let written = ringfence(root, &["check", "--write-baseline", "baselines/b.json", "other"]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    assert_eq!(concise(root, &["--baseline", "baselines/b.json", "other"]), (String::new(), 0));
    assert_eq!(concise(&root.join("other"), &["--baseline", "../baselines/b.json", "."]), (String::new(), 0));
}

#[test]
fn a_broken_baseline_is_an_error_and_an_unreadable_file_makes_write_baseline_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    write(root, "b.json", "{\"version\": 1,\n \"findings\": 3}\n");
    let out = ringfence(root, &["check", "--baseline", "b.json", "."]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("error: b.json:2:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a ringfence baseline"), "{}", stderr(&out));
    let missing = ringfence(root, &["check", "--baseline", "nope.json", "."]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).contains("(record one with --write-baseline nope.json)"), "{}", stderr(&missing));

    write(root, "bad/main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = \n}\n");
    let partial = ringfence(root, &["check", "--write-baseline", "b.json", "."]);
    assert_eq!(code(&partial), 2);
    let text = stderr(&partial);
    assert!(text.starts_with("Wrote 2 findings to the baseline b.json\nerror: bad/main.tf: invalid HCL"), "{text}");
    assert!(text.contains("(its findings are not in the baseline)"), "{text}");
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The issue's acceptance test: a real repository (terragoat) accepted as it is, then
/// one new open security group inserted in the middle of a file, moving every line
/// below it: only that problem is reported.
#[test]
fn terragoat_with_a_baseline_reports_only_the_one_new_problem() {
    // The shared corpora are read in place and never committed; their README asks tests
    // to skip when the folder is absent (RINGFENCE_CORPORA points elsewhere).
    let corpora = std::env::var_os("RINGFENCE_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let corpus = corpora.join("terragoat");
    if !corpus.join("terraform/aws/ec2.tf").is_file() {
        eprintln!("skipped: the terragoat corpus is not at {} (set RINGFENCE_CORPORA)", corpus.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&corpus, root);
    let written = ringfence(root, &["check", "--write-baseline", "ringfence-baseline.json", "."]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    let accepted = baseline_entries(root, "ringfence-baseline.json");
    assert!(accepted.len() >= 10, "terragoat has many findings: {accepted:?}");
    assert!(accepted.contains(&("terraform/aws/ec2.tf".into(), "NET001".into(), "aws_security_group.web-node".into())));
    assert_eq!(concise(root, &["--baseline", "ringfence-baseline.json", "."]), (String::new(), 0));

    let path = "terraform/aws/ec2.tf";
    let original = read(root, path);
    let mut lines: Vec<&str> = original.split('\n').collect();
    assert_eq!(lines[116], "resource \"aws_vpc\" \"web_vpc\" {", "terragoat's ec2.tf changed: line 117");
    let below = lines.len() - 116;
    let added = [
        "resource \"aws_security_group\" \"ssh_anywhere\" {",
        "  description = \"added by the change under review\"",
        "  vpc_id      = aws_vpc.web_vpc.id",
        "",
        "  ingress {",
        "    from_port   = 22",
        "    to_port     = 22",
        "    protocol    = \"tcp\"",
        "    cidr_blocks = [\"0.0.0.0/0\"]",
        "  }",
        "}",
        "",
    ];
    lines.splice(116..116, added);
    write(root, path, &lines.join("\n"));
    assert!(below > 100, "most of the file moved down");

    let out = ringfence(root, &["check", "--format", "concise", "--baseline", "ringfence-baseline.json", "."]);
    assert_eq!(
        stdout(&out),
        "terraform/aws/ec2.tf:125:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) [aws_security_group.ssh_anywhere]\n"
    );
    assert_eq!(code(&out), 1);
    let human = stdout(&ringfence(root, &["check", "--baseline", "ringfence-baseline.json", "."]));
    assert!(human.contains(&format!("({} in the baseline not shown)", accepted.len())), "{human}");
    // From another working directory, with the baseline named relatively, the same.
    let from_aws = ringfence(
        &root.join("terraform/aws"),
        &["check", "--format", "concise", "--baseline", "../../ringfence-baseline.json", "."],
    );
    assert_eq!(
        stdout(&from_aws),
        "ec2.tf:125:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) [aws_security_group.ssh_anywhere]\n"
    );
}

// ---------------------------------------------------------------------------------
// --changed-since

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=ringfence tests", "-c", "user.email=tests@ringfence.invalid"])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("these tests need git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// A variable opening an SSH rule (line 10), two keys without rotation (lines 16, 20)
/// and an open HTTPS rule (line 28).
const CHANGES: &str = r#"variable "ssh_cidr" {
  default = "10.0.0.0/8"
}

resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.ssh_cidr]
  }
}

resource "aws_kms_key" "a" {
  description         = "a"
  enable_key_rotation = false
}

resource "aws_kms_key" "b" {
  enable_key_rotation = false
}

resource "aws_security_group" "web" {
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", CHANGES);
    git(dir.path(), &["init", "-q"]);
    commit_all(dir.path(), "start");
    dir
}

#[test]
fn changed_since_reports_only_what_changed_lines_brought() {
    let dir = repository();
    let root = dir.path();
    assert_eq!(
        located(&concise(root, &["."]).0),
        ["main.tf:16:25: high KMS001", "main.tf:20:25: high KMS001", "main.tf:28:20: high NET001"]
    );
    let unchanged = ringfence(root, &["check", "--changed-since", "HEAD", "."]);
    assert_eq!(stdout(&unchanged), "No problems found in 1 file (3 outside the changed lines not shown).\n");
    assert_eq!(code(&unchanged), 0);

    // A changed line of a resource brings that resource's findings, and no other.
    write(
        root,
        "main.tf",
        &CHANGES.replace("from_port   = 443\n    to_port     = 443", "from_port   = 8443\n    to_port     = 8443"),
    );
    let (report, exit) = concise(root, &["--changed-since", "HEAD", "."]);
    assert_eq!(located(&report), ["main.tf:28:20: high NET001"]);
    assert_eq!(exit, 1);
    write(root, "main.tf", &CHANGES.replace("description         = \"a\"", "description         = \"alpha\""));
    let out = ringfence(root, &["check", "--changed-since", "HEAD", "."]);
    assert!(stdout(&out).contains("main.tf:16:25"), "{}", stdout(&out));
    assert!(stdout(&out).ends_with("Found 1 problem (1 high) in 1 file (2 outside the changed lines not shown).\n"));
    let doc = json(root, &["--changed-since", "HEAD", "."]);
    assert_eq!((&doc["summary"]["findings"], &doc["summary"]["unchanged"]), (&Value::from(1), &Value::from(2)));
    // A deleted line counts for the lines around it.
    write(root, "main.tf", &CHANGES.replace("  description         = \"a\"\n", ""));
    assert_eq!(located(&concise(root, &["--changed-since", "HEAD", "."]).0), ["main.tf:15:25: high KMS001"]);
    // Staged changes count as well as unstaged ones, and so do committed ones since REV.
    write(
        root,
        "main.tf",
        &CHANGES.replace(
            "  enable_key_rotation = false\n}\n\nresource \"aws_security_group\" \"web\"",
            "  enable_key_rotation = false # todo\n}\n\nresource \"aws_security_group\" \"web\"",
        ),
    );
    git(root, &["add", "main.tf"]);
    assert_eq!(located(&concise(root, &["--changed-since", "HEAD", "."]).0), ["main.tf:20:25: high KMS001"]);
    commit_all(root, "todo");
    assert_eq!(located(&concise(root, &["--changed-since", "HEAD~1", "."]).0), ["main.tf:20:25: high KMS001"]);
    assert_eq!(concise(root, &["--changed-since", "HEAD", "."]), (String::new(), 0));
}

#[test]
fn a_changed_variable_default_makes_the_unchanged_security_group_it_opens_count_as_changed() {
    let dir = repository();
    let root = dir.path();
    write(root, "main.tf", &CHANGES.replace("\"10.0.0.0/8\"", "\"0.0.0.0/0\""));
    let (report, exit) = concise(root, &["--changed-since", "HEAD", "."]);
    assert_eq!(
        report,
        "main.tf:10:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) [aws_security_group.ssh]\n"
    );
    assert_eq!(exit, 1);
    // Across files: the default in variables.tf, the security group in network.tf.
    let (variable, rest) = CHANGES.split_at(CHANGES.find("resource").unwrap());
    write(root, "variables.tf", variable);
    write(root, "main.tf", rest);
    commit_all(root, "split");
    write(root, "variables.tf", &variable.replace("\"10.0.0.0/8\"", "\"0.0.0.0/0\""));
    let (report, _) = concise(root, &["--changed-since", "HEAD", "."]);
    assert_eq!(located(&report), ["main.tf:6:20: critical NET001"]);
    // The same through a tfvars file.
    git(root, &["checkout", "-q", "--", "variables.tf"]);
    write(root, "terraform.tfvars", "ssh_cidr = \"0.0.0.0/0\"\n");
    assert_eq!(located(&concise(root, &["--changed-since", "HEAD", "."]).0), ["main.tf:6:20: critical NET001"]);
}

#[test]
fn an_untracked_file_counts_as_changed() {
    let dir = repository();
    let root = dir.path();
    write(root, "new.tf", "resource \"aws_kms_key\" \"new\" {}\n");
    let (report, exit) = concise(root, &["--changed-since", "HEAD", "."]);
    assert_eq!(
        report,
        "new.tf:1:1: high KMS001 KMS key has no automatic rotation: `enable_key_rotation` is not set [aws_kms_key.new]\n"
    );
    assert_eq!(exit, 1);
    // From a subdirectory of the repository, and with the repository named from outside it.
    write(root, "infra/more.tf", "resource \"aws_kms_key\" \"more\" {}\n");
    assert_eq!(
        located(&concise(&root.join("infra"), &["--changed-since", "HEAD", "."]).0),
        ["more.tf:1:1: high KMS001"]
    );
    let parent = root.parent().unwrap();
    let name = root.file_name().unwrap().to_str().unwrap();
    let (report, _) = concise(parent, &["--changed-since", "HEAD", name]);
    assert_eq!(
        located(&report),
        [format!("{name}/infra/more.tf:1:1: high KMS001"), format!("{name}/new.tf:1:1: high KMS001")]
    );
}

#[test]
fn a_bad_revision_or_no_repository_exits_2_with_a_clear_message() {
    let dir = repository();
    let out = ringfence(dir.path(), &["check", "--changed-since", "no-such-branch", "."]);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout(&out), "");
    assert!(
        stderr(&out).starts_with("error: --changed-since: `no-such-branch` is not a revision of the repository at "),
        "{}",
        stderr(&out)
    );
    let out = ringfence(dir.path(), &["check", "--changed-since", "HEAD~5", "."]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("`HEAD~5` is not a revision"), "{}", stderr(&out));

    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "main.tf", SSH_AND_KEY);
    let out = ringfence(outside.path(), &["check", "--changed-since", "HEAD", "."]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("not a git repository"), "{}", stderr(&out));
}

/// Bug: the changed lines are keyed by the path git gives (`rev-parse --show-toplevel`
/// resolves symbolic links) while findings are keyed by the path as scanned, so a
/// repository reached through a symbolic link (macOS's /var → /private/var, a linked
/// workspace) matches nothing and every finding is hidden as "outside the changed lines".
#[cfg(unix)]
#[test]
fn changed_since_works_through_a_symbolic_link_to_the_repository() {
    let dir = repository();
    let root = dir.path();
    write(root, "new.tf", "resource \"aws_kms_key\" \"new\" {}\n");
    let links = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(root, links.path().join("repo")).unwrap();
    let (report, exit) = concise(links.path(), &["--changed-since", "HEAD", "repo"]);
    assert_eq!(located(&report), ["repo/new.tf:1:1: high KMS001"]);
    assert_eq!(exit, 1);
}

// ---------------------------------------------------------------------------------
// The documentation's examples

fn docs(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name)).unwrap()
}

/// The fenced blocks of this language in a markdown page: (line of the fence, text).
fn fenced(markdown: &str, language: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match &mut open {
            None => {
                if let Some(info) = line.trim_start().strip_prefix("```") {
                    open = Some((i + 1, info.trim().to_string(), String::new()));
                }
            }
            Some((start, info, text)) => {
                if line.trim_start().starts_with("```") {
                    if info == language {
                        blocks.push((*start, std::mem::take(text)));
                    }
                    open = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    blocks
}

/// Splits a shell command line into words (quotes, backslash continuations, comments).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') if word.is_none() => break,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line}");
    words.extend(word);
    words
}

/// The commands of a ```sh block, continuation lines joined.
fn commands(block: &str) -> Vec<Vec<String>> {
    block
        .replace("\\\n", " ")
        .lines()
        .map(shell_words)
        .filter(|words| !words.is_empty())
        .inspect(|words| assert_eq!(words[0], "ringfence", "only ringfence commands in examples: {words:?}"))
        .collect()
}

/// A small project for the shell examples: a git repository with two commits and an
/// `origin/main`, Terraform with findings in `.` and `infra/`, and a tfvars file.
fn example_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    write(root, "infra/main.tf", FOUR_SEVERITIES);
    write(root, "env/prod.tfvars", "");
    git(root, &["init", "-q"]);
    commit_all(root, "one");
    write(root, "infra/keys.tf", "resource \"aws_kms_key\" \"more\" {}\n");
    commit_all(root, "two");
    git(root, &["update-ref", "refs/remotes/origin/main", "HEAD~1"]);
    dir
}

fn run_shell_examples(page: &str) {
    let blocks = fenced(&docs(page), "sh");
    assert!(!blocks.is_empty(), "{page} has shell examples");
    for (line, block) in blocks {
        let project = example_project();
        for command in commands(&block) {
            let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
            let out = ringfence(project.path(), &args);
            let context =
                format!("{page}:{line}: {}\nstdout: {}\nstderr: {}", command.join(" "), stdout(&out), stderr(&out));
            match args[0] {
                "check" => assert!(matches!(code(&out), 0 | 1), "{context}"),
                _ => assert_eq!(code(&out), 0, "{context}"),
            }
        }
    }
}

/// A ```toml block, as ringfence.toml next to a small Terraform file, with the files it
/// names created; loading it must not fail.
fn check_toml_example(page: &str, line: usize, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    write(root, "ringfence.toml", text);
    let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{page}:{line}: {e}"));
    let names = |key: &str| -> Vec<String> {
        let value = table.get(key);
        let list = value.and_then(|v| v.as_array()).cloned().unwrap_or_default();
        list.iter().chain(value.filter(|v| v.is_str())).map(|v| v.as_str().unwrap().to_string()).collect()
    };
    for file in names("var-files") {
        write(root, &file, "");
    }
    for file in names("cfn-parameters") {
        write(root, &file, "[]\n");
    }
    for file in names("baseline") {
        write(root, &file, "{\"version\": 1, \"tool\": \"ringfence\", \"findings\": []}\n");
    }
    let out = ringfence(root, &["check", "--format", "concise", "."]);
    assert!(matches!(code(&out), 0 | 1), "{page}:{line}:\n{text}\n{}{}", stdout(&out), stderr(&out));
    assert_eq!(stderr(&out), "", "{page}:{line}");
}

#[test]
fn every_configuration_example_in_the_docs_loads() {
    let mut count = 0;
    for page in ["configuration.md", "baselines.md"] {
        for (line, text) in fenced(&docs(page), "toml") {
            check_toml_example(page, line, &text);
            count += 1;
        }
    }
    assert!(count >= 10, "configuration.md shows every key: {count} examples");
    // Every key of the configuration is shown in an example.
    let all: String = fenced(&docs("configuration.md"), "toml").into_iter().map(|(_, t)| t).collect();
    for key in [
        "select",
        "ignore",
        "compliance",
        "fail-on",
        "[severity]",
        "exclude",
        "[per-path-ignores]",
        "var-files",
        "[vars]",
        "cfn-parameters",
        "[cfn-params]",
        "region",
        "account-id",
        "baseline",
    ] {
        assert!(all.contains(key), "docs/configuration.md has no example of `{key}`");
    }
}

#[test]
fn every_shell_example_in_the_configuration_page_runs() {
    run_shell_examples("configuration.md");
}

#[test]
fn every_shell_example_in_the_baselines_page_runs() {
    run_shell_examples("baselines.md");
}

#[test]
fn the_configuration_error_shown_in_the_docs_is_the_real_one() {
    let blocks = fenced(&docs("configuration.md"), "text");
    let (_, shown) = blocks.iter().find(|(_, t)| t.starts_with("error: ")).expect("an error example");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/main.tf", SSH_AND_KEY);
    let excerpt = shown.lines().nth(1).unwrap().strip_prefix("  | ").unwrap();
    write(dir.path(), "infra/ringfence.toml", &format!("select = [\"NET\"]\n{excerpt}\n"));
    let out = ringfence(dir.path(), &["check", "--config", "infra/ringfence.toml", "infra"]);
    assert_eq!(code(&out), 2);
    assert_eq!(&stderr(&out), shown);
}

#[test]
fn the_baseline_file_shown_in_the_docs_is_read_as_a_baseline() {
    let blocks = fenced(&docs("baselines.md"), "json");
    assert_eq!(blocks.len(), 1);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", SSH_AND_KEY);
    write(dir.path(), "ringfence-baseline.json", &blocks[0].1);
    let out = ringfence(dir.path(), &["check", "--baseline", "ringfence-baseline.json", "."]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // Its fields are the ones ringfence writes.
    let shown: Value = serde_json::from_str(&blocks[0].1).unwrap();
    assert_eq!(code(&ringfence(dir.path(), &["check", "--write-baseline", "written.json", "."])), 0);
    let written: Value = serde_json::from_str(&read(dir.path(), "written.json")).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&shown), keys(&written));
    assert_eq!(keys(&shown["findings"][0]), keys(&written["findings"][0]));
}

#[test]
fn the_statistics_shown_in_the_docs_are_the_real_ones() {
    let blocks = fenced(&docs("baselines.md"), "text");
    let (_, shown) = blocks.iter().find(|(_, t)| t.trim_start().starts_with("COUNT")).expect("a statistics example");
    assert_eq!(shown, STATISTICS);
}

#[test]
fn the_example_helpers_read_markdown_and_shell_as_written() {
    assert_eq!(
        shell_words("ringfence check --var 'a=[\"x\"]' . # note"),
        ["ringfence", "check", "--var", "a=[\"x\"]", "."]
    );
    assert_eq!(commands("ringfence check \\\n  --fail-on high\n\n"), [["ringfence", "check", "--fail-on", "high"]]);
    assert_eq!(fenced("a\n```toml\nx = 1\n```\n```sh\ny\n```\n", "toml"), [(2, "x = 1\n".to_string())]);
}
