//! `ringfence.toml` as a user adopts it with the built binary: where it is found, every
//! key (rule selection, compliance, severities, paths, inputs) and errors located at the
//! exact line and column.

mod common;
use common::*;

use serde_json::Value;
use std::fs;
use std::path::Path;

const NET001_AT_6: &str = "main.tf:6:20: critical NET001";
const KMS001_AT_11: &str = "main.tf:11:25: high KMS001";
const DATA009_AT_15: &str = "main.tf:15:26: low DATA009";
const DATA004_AT_21: &str = "main.tf:21:1: medium DATA004";

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
    // A repository: its top is the root that the configuration's paths resolve in.
    fs::create_dir(root.join(".git")).unwrap();
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
    // A repository: its top is the root that the configuration's paths resolve in.
    fs::create_dir(root.join(".git")).unwrap();
    write(root, "infra/main.tf", SSH_AND_KEY);
    let written = ringfence(root, &["check", "--write-baseline", "ringfence-baseline.json", "."]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    write(root, "ringfence.toml", "baseline = \"ringfence-baseline.json\"\n");
    let out = ringfence(&root.join("infra"), &["check", "."]);
    assert_eq!(stdout(&out), "No problems found, 2 in the baseline not shown; checked 1 file.\n");
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
        "2:1: unknown field `fail_on`, expected one of `select`, `ignore`, `compliance`, `fail-on`, `severity`, `exclude`, `per-path-ignores`, `var-files`, `vars`, `cfn-parameters`, `cfn-params`, `region`, `account-id`, `baseline`, `policies`, `docs-url`\n  | fail_on = \"high\"\n  | ^\n"
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
