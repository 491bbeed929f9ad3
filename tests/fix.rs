//! `--fix` and `--diff`: every rule with a safe fix, on every fail fixture of its
//! folder (Terraform, CloudFormation YAML and JSON). After `--fix` the file still
//! parses, the rule fires only where the value comes from elsewhere (which `--fix`
//! says), and every line the fix did not concern is byte for byte what it was.

mod common;
use common::*;
use std::collections::BTreeSet;

/// The rules declared with `fix: true`.
fn fixable() -> Vec<String> {
    ringfence_rules::Registry::builtin().rules().iter().filter(|r| r.fix).map(|r| r.code.to_string()).collect()
}

/// Words a fix writes or replaces: a changed line may differ from its old self only in these.
const VALUES: [&str; 12] = [
    "\"false\"",
    "false",
    "true",
    "\"Enabled\"",
    "Enabled",
    "\"Disabled\"",
    "Disabled",
    "\"PublicInternetOnly\"",
    "PublicInternetOnly",
    "VpcOnly",
    "IMMUTABLE",
    "MUTABLE",
];

fn normalized(line: &str) -> String {
    let mut line = line.replace("\"VpcOnly\"", "V").replace("\"IMMUTABLE\"", "V").replace("\"MUTABLE\"", "V");
    for v in VALUES {
        line = line.replace(v, "V");
    }
    line
}

/// (lines removed, lines added) between two texts.
fn changed_lines(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Delete => removed.push(change.value().trim_end().to_string()),
            similar::ChangeTag::Insert => added.push(change.value().trim_end().to_string()),
            similar::ChangeTag::Equal => {}
        }
    }
    (removed, added)
}

/// The attribute names a fix may add, in both languages.
const ADDED: [&str; 13] = [
    "enable_key_rotation",
    "EnableKeyRotation",
    "app_network_access_type",
    "AppNetworkAccessType",
    "direct_internet_access",
    "DirectInternetAccess",
    "root_access",
    "RootAccess",
    "enable_network_isolation",
    "EnableNetworkIsolation",
    "image_tag_mutability",
    "ImageTagMutability",
    "Properties",
];
const ADDED_MORE: [&str; 9] = [
    "image_scanning_configuration",
    "scan_on_push",
    "ImageScanningConfiguration",
    "ScanOnPush",
    "enable_log_file_validation",
    "is_multi_region_trail",
    "EnableLogFileValidation",
    "IsMultiRegionTrail",
    "}",
];

#[test]
fn every_fix_parses_resolves_its_rule_and_keeps_every_unrelated_line() {
    let mut failures = Vec::new();
    let fixable = fixable();
    assert!(!fixable.is_empty(), "no rule declares `fix: true`");
    for code in fixable.iter().map(String::as_str) {
        let mut fixed_in_rule = 0;
        for ext in ["tf", "yaml", "json"] {
            let dir = tempfile::tempdir().unwrap();
            let name = format!("fail.{ext}");
            let original = read(&workspace().join("rules").join(code), &name);
            write(dir.path(), &name, &original);
            let count =
                |o: &std::process::Output| stdout(o).lines().filter(|l| l.contains(&format!(" {code} "))).count();
            let before = ringfence(dir.path(), &["check", "--no-config", "--select", code, "-f", "concise", &name]);
            let fixed =
                ringfence(dir.path(), &["check", "--no-config", "--fix", "--select", code, "-f", "concise", &name]);
            let summary = stderr(&fixed);
            let Some(n) = summary.lines().find_map(|l| {
                l.strip_prefix("Fixed ").and_then(|r| r.split(' ').next()).and_then(|n| n.parse::<usize>().ok())
            }) else {
                failures.push(format!("{code} {name}: no `Fixed N findings` line: {summary}"));
                continue;
            };
            let after = read(dir.path(), &name);
            let again = ringfence(dir.path(), &["check", "--no-config", "--select", code, "-f", "concise", &name]);
            if code_of(&again) == 2 || !stderr(&again).is_empty() {
                failures.push(format!("{code} {name}: the fixed file does not parse: {}", stdout(&again)));
                continue;
            }
            // What remains is exactly what had no safe fix (a value from a parameter, a
            // VPC to choose): each fix resolved its finding and created none.
            if count(&again) + n != count(&before) {
                failures.push(format!(
                    "{code} {name}: {} findings before, {n} fixed, {} after:\n{}{summary}",
                    count(&before),
                    count(&again),
                    stdout(&again)
                ));
            }
            fixed_in_rule += n;
            if (n == 0) != (after == original) {
                failures.push(format!("{code} {name}: {n} fixes, yet the file changed: {}", after != original));
            }
            let (removed, added) = changed_lines(&original, &after);
            let mut unmatched: Vec<String> = added.clone();
            for line in &removed {
                match unmatched.iter().position(|a| normalized(a) == normalized(line)) {
                    Some(i) => {
                        unmatched.remove(i);
                    }
                    None => failures.push(format!("{code} {name}: line changed beyond its value: `{line}`")),
                }
            }
            for line in unmatched {
                if !ADDED.iter().chain(&ADDED_MORE).any(|a| line.contains(a)) {
                    failures.push(format!("{code} {name}: unexpected added line `{line}`"));
                }
            }
        }
        if fixed_in_rule == 0 {
            failures.push(format!("{code}: no fixture was fixed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn code_of(o: &std::process::Output) -> i32 {
    code(o)
}

#[test]
fn diff_shows_the_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "resource \"aws_kms_key\" \"a\" {\n  description = \"data\" # keep me\n}\n\nresource \"aws_kms_key\" \"b\" {\n  enable_key_rotation = false\n}\n";
    write(dir.path(), "keys.tf", text);
    let out = ringfence(dir.path(), &["check", "--no-config", "--diff", "keys.tf"]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        "--- a/keys.tf\n+++ b/keys.tf\n@@ -1,7 +1,8 @@\n resource \"aws_kms_key\" \"a\" {\n+  enable_key_rotation = true\n   description = \"data\" # keep me\n }\n \n resource \"aws_kms_key\" \"b\" {\n-  enable_key_rotation = false\n+  enable_key_rotation = true\n }\n"
    );
    assert_eq!(read(dir.path(), "keys.tf"), text, "--diff writes nothing");

    let fixed = ringfence(dir.path(), &["check", "--no-config", "--fix", "keys.tf"]);
    assert_eq!(code(&fixed), 0, "{}{}", stdout(&fixed), stderr(&fixed));
    assert!(stderr(&fixed).contains("Fixed 2 findings in 1 file"), "{}", stderr(&fixed));
    let clean = ringfence(dir.path(), &["check", "--no-config", "--diff", "keys.tf"]);
    assert_eq!((stdout(&clean).as_str(), code(&clean)), ("", 0));
}

#[test]
fn a_value_from_a_variable_is_not_fixed_and_fix_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let text = "variable \"rotate\" {\n  default = false\n}\n\nresource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = var.rotate\n}\n";
    write(dir.path(), "main.tf", text);
    let out = ringfence(dir.path(), &["check", "--no-config", "--fix", "-f", "concise", "main.tf"]);
    assert_eq!(code(&out), 1);
    assert_eq!(read(dir.path(), "main.tf"), text, "nothing is written");
    assert!(
        stderr(&out).contains("not fixed: main.tf:6:25: KMS001 its value comes from a variable"),
        "{}",
        stderr(&out)
    );
    let report = stdout(&out);
    let lines: BTreeSet<&str> = report.lines().map(|l| l.split(" KMS001 ").next().unwrap()).collect();
    assert_eq!(lines, BTreeSet::from(["main.tf:6:25: high"]));
}

#[test]
fn diff_of_a_cloudformation_yaml_template_keeps_quotes_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Resources:\n  Notebook: # the team's notebook\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n      InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::111122223333:role/nb\n      SubnetId: subnet-0abc\n      DirectInternetAccess: \"Enabled\" # until the VPC exists\n";
    write(dir.path(), "nb.yaml", text);
    let out = ringfence(dir.path(), &["check", "--no-config", "--select", "NET004,DATA005", "--diff", "nb.yaml"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "--- a/nb.yaml\n+++ b/nb.yaml\n@@ -2,7 +2,8 @@\n   Notebook: # the team's notebook\n     Type: AWS::SageMaker::NotebookInstance\n     Properties:\n+      RootAccess: Disabled\n       InstanceType: ml.t3.medium\n       RoleArn: arn:aws:iam::111122223333:role/nb\n       SubnetId: subnet-0abc\n-      DirectInternetAccess: \"Enabled\" # until the VPC exists\n+      DirectInternetAccess: \"Disabled\" # until the VPC exists\n"
    );
    assert_eq!(read(dir.path(), "nb.yaml"), text, "--diff writes nothing");
}

/// Several attributes missing from one resource go in together: one new `Properties`
/// (YAML, JSON) or one opened `{}` (Terraform) holding all of them, not one each.
#[test]
fn attributes_missing_from_one_resource_are_added_together() {
    let cases = [
        (
            "t.tf",
            "resource \"aws_cloudtrail\" \"t\" {}\n",
            "resource \"aws_cloudtrail\" \"t\" {\n  enable_log_file_validation = true\n  is_multi_region_trail = true\n}\n",
        ),
        (
            "t.yaml",
            "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n",
            "Resources:\n  Trail:\n    Properties:\n      EnableLogFileValidation: true\n      IsMultiRegionTrail: true\n    Type: AWS::CloudTrail::Trail\n",
        ),
        (
            "t.json",
            "{\n  \"Resources\": {\n    \"Trail\": {\n      \"Type\": \"AWS::CloudTrail::Trail\"\n    }\n  }\n}\n",
            "{\n  \"Resources\": {\n    \"Trail\": {\n      \"Properties\": { \"EnableLogFileValidation\": true, \"IsMultiRegionTrail\": true },\n      \"Type\": \"AWS::CloudTrail::Trail\"\n    }\n  }\n}\n",
        ),
        (
            "k.yaml",
            "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: {Description: models}\n",
            "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties: {EnableKeyRotation: true, Description: models}\n",
        ),
    ];
    for (name, text, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), name, text);
        let code_ = if name.starts_with('k') { "KMS001" } else { "LOG001" };
        let out = ringfence(dir.path(), &["check", "--no-config", "--select", code_, "--fix", name]);
        assert_eq!(read(dir.path(), name), expected, "{name}: {}", stderr(&out));
        // What remains has no safe fix (LOG001: the trail's customer managed key).
        let again = ringfence(dir.path(), &["check", "--no-config", "--select", code_, "-f", "concise", name]);
        let remaining: Vec<&str> =
            stdout(&again).lines().map(|l| if l.contains("customer managed key") { "cmk" } else { "other" }).collect();
        let expected_remaining: &[&str] = if code_ == "KMS001" { &[] } else { &["cmk"] };
        assert_eq!(remaining, expected_remaining, "{name}: {}", stdout(&again));
        let n = if code_ == "KMS001" { "1 finding" } else { "2 findings" };
        assert!(stderr(&out).contains(&format!("Fixed {n} in 1 file")), "{name}: {}", stderr(&out));
    }
}

#[test]
fn fix_counts_the_findings_it_could_not_fix() {
    let dir = tempfile::tempdir().unwrap();
    let text = "variable \"mutability\" {\n  default = \"MUTABLE\"\n}\n\nresource \"aws_ecr_repository\" \"r\" {\n  image_tag_mutability = var.mutability\n  image_scanning_configuration {\n  }\n}\n";
    write(dir.path(), "main.tf", text);
    let out = ringfence(dir.path(), &["check", "--no-config", "--select", "DATA004,DATA009", "--fix", "main.tf"]);
    assert_eq!(read(dir.path(), "main.tf"), text, "nothing is written");
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.starts_with("Fixed")).collect();
    assert_eq!(
        lines,
        [
            "not fixed: main.tf:5:1: DATA004 the block exists without the attribute: add it by hand",
            "not fixed: main.tf:6:26: DATA009 its value comes from a variable, parameter or module input: change it where it is set, main.tf:2:13",
            "2 findings with a fix not fixed (see above)",
        ]
    );
}
