//! Baselines: `--write-baseline` accepts today's findings, `--baseline` reports only new
//! ones, whatever moves, from any working directory.

mod common;
use common::*;

use serde_json::Value;
use std::fs;

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
    assert_eq!(stdout(&quiet), "No problems found, 2 in the baseline not shown; checked 1 file, 1 not IaC.\n");
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
    assert!(
        summary.ends_with("Found 1 problem (1 high), 2 in the baseline not shown; checked 1 file, 1 not IaC.\n"),
        "{summary}"
    );

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
    // The baseline file itself is counted as "not IaC" when the walk finds it.
    let expected = "No problems found, 2 in the baseline not shown; checked 1 file";
    for (cwd, args) in [
        ("repo", &["--baseline", "ringfence-baseline.json", "."][..]),
        ("repo", &["--baseline", "ringfence-baseline.json", "infra/main.tf"]),
        ("repo/infra", &["--baseline", "../ringfence-baseline.json", "."]),
        ("", &["--baseline", "repo/ringfence-baseline.json", "repo/infra"]),
    ] {
        let out = ringfence(&root.join(cwd), &[&["check"], args].concat());
        let summary = stdout(&out);
        assert!(summary.starts_with(expected) && code(&out) == 0, "from {cwd:?} with {args:?}: {summary}");
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

const BASTION_MODULE: &str = r#"resource "aws_security_group" "bastion" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#;

fn calls(teams: &[&str]) -> String {
    teams.iter().map(|t| format!("module \"{t}\" {{\n  source = \"./modules/bastion\"\n}}\n")).collect()
}

/// Before instances were collapsed, a module called N times wrote N baseline entries
/// (one per resource address). Such a baseline still accepts the one finding they
/// collapse into, whichever instance it names, and a new call of the module (a new
/// instance of an accepted place) is not a new problem.
#[test]
fn a_baseline_from_before_instances_were_collapsed_still_matches() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "modules/bastion/main.tf", BASTION_MODULE);
    // The entries the old binary wrote, one per instance: each instance alone gives its own.
    let mut entries = Vec::new();
    for team in ["team_a", "team_b"] {
        write(root, "main.tf", &calls(&[team]));
        assert_eq!(code(&ringfence(root, &["check", "--write-baseline", "one.json", "."])), 0);
        let one: Value = serde_json::from_str(&read(root, "one.json")).unwrap();
        entries.extend(one["findings"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(entries.len(), 2);
    let per_instance = serde_json::json!({ "version": 1, "tool": "ringfence", "findings": entries });
    write(root, "old.json", &per_instance.to_string());
    let only_b = serde_json::json!({ "version": 1, "tool": "ringfence", "findings": [entries[1].clone()] });
    write(root, "only-b.json", &only_b.to_string());

    write(root, "main.tf", &calls(&["team_a", "team_b", "team_c"]));
    let (report, exit) = concise(root, &["--no-config", "."]);
    assert_eq!(
        report,
        "modules/bastion/main.tf:6:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) \
         [module.team_a.aws_security_group.bastion +2 instances]\n"
    );
    assert_eq!(exit, 1);
    for baseline in ["old.json", "only-b.json"] {
        let doc = json(root, &["--baseline", baseline, "."]);
        assert_eq!(
            (&doc["summary"]["findings"], &doc["summary"]["baseline"]),
            (&Value::from(0), &Value::from(1)),
            "{baseline}"
        );
    }
    // Written now, the baseline has one entry for the place.
    assert_eq!(code(&ringfence(root, &["check", "--write-baseline", "new.json", "."])), 0);
    assert_eq!(
        baseline_entries(root, "new.json"),
        [("modules/bastion/main.tf".into(), "NET001".into(), "module.team_a.aws_security_group.bastion".into())]
    );
    assert_eq!(concise(root, &["--baseline", "new.json", "."]), (String::new(), 0));
}

const SG_MODULE: &str = r#"variable "cidrs" {
  type = list(string)
}

resource "aws_security_group" "this" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.cidrs
  }
}
"#;

fn callers(teams: &[(&str, &str)]) -> String {
    teams
        .iter()
        .map(|(t, cidr)| format!("module \"{t}\" {{\n  source = \"./modules/sg\"\n  cidrs  = [\"{cidr}\"]\n}}\n"))
        .collect()
}

/// Where each caller of a module passes its own value, each caller's line is the
/// place to fix: one finding there per caller, labelled where the module uses it.
/// A baseline written when those findings stood at the module (one per instance)
/// still accepts them.
#[test]
fn values_from_each_caller_are_found_at_each_caller_and_old_baselines_still_match() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "modules/sg/main.tf", SG_MODULE);
    // One caller: the finding stands where the module uses the value, as before.
    write(root, "main.tf", &callers(&[("a", "0.0.0.0/0")]));
    assert_eq!(located(&concise(root, &["--no-config", "."]).0), ["modules/sg/main.tf:10:19: critical NET001"]);
    let mut entries = Vec::new();
    for team in ["a", "b"] {
        write(root, "main.tf", &callers(&[(team, "0.0.0.0/0")]));
        assert_eq!(code(&ringfence(root, &["check", "--write-baseline", "one.json", "."])), 0);
        let one: Value = serde_json::from_str(&read(root, "one.json")).unwrap();
        entries.extend(one["findings"].as_array().unwrap().iter().cloned());
    }
    write(root, "old.json", &serde_json::json!({ "version": 1, "tool": "ringfence", "findings": entries }).to_string());

    write(root, "main.tf", &callers(&[("a", "0.0.0.0/0"), ("b", "0.0.0.0/0"), ("c", "10.0.0.0/8")]));
    let (report, exit) = concise(root, &["--no-config", "."]);
    assert_eq!(located(&report), ["main.tf:3:13: critical NET001", "main.tf:7:13: critical NET001"]);
    assert_eq!(exit, 1);
    let doc = json(root, &["."]);
    let labels = &doc["findings"][1]["labels"][0];
    assert_eq!(
        (&labels["file"], &labels["line"], &labels["message"]),
        (
            &Value::from("modules/sg/main.tf"),
            &Value::from(10),
            &Value::from("used here by `module.b.aws_security_group.this`")
        )
    );
    assert_eq!(concise(root, &["--baseline", "old.json", "."]), (String::new(), 0));
}

/// Callers whose values make different problems at the same module line (one opens
/// port 22 to the internet, another 3389) are each fixed at their own line, whether or
/// not another caller shares the problem; `for_each` instances of one resource are not
/// callers, and their findings stay where the resource uses the value.
#[test]
fn different_problems_from_different_callers_stand_at_each_caller() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "modules/sg/main.tf",
        r#"variable "port" {
  type = number
}

variable "cidr" {
  type = string
}

resource "aws_security_group" "this" {
  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = [var.cidr]
  }
}
"#,
    );
    write(
        root,
        "main.tf",
        r#"module "ssh" {
  source = "./modules/sg"
  port   = 22
  cidr   = "0.0.0.0/0"
}

module "rdp" {
  source = "./modules/sg"
  port   = 3389
  cidr   = "0.0.0.0/0"
}

resource "aws_security_group" "each" {
  for_each = { ssh = { port = 22, cidr = "0.0.0.0/0" }, rdp = { port = 3389, cidr = "0.0.0.0/0" } }
  ingress {
    from_port   = each.value.port
    to_port     = each.value.port
    protocol    = "tcp"
    cidr_blocks = [each.value.cidr]
  }
}
"#,
    );
    let (report, exit) = concise(root, &["--no-config", "."]);
    assert_eq!(
        located(&report),
        [
            "main.tf:4:12: critical NET001",
            "main.tf:10:12: critical NET001",
            "main.tf:19:20: critical NET001",
            "main.tf:19:20: critical NET001",
        ],
        "{report}"
    );
    assert_eq!(exit, 1);
}
