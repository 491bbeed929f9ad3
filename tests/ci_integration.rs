//! ringfence in CI systems, driven by their own tools: pre-commit runs the hooks of
//! `.pre-commit-hooks.yaml`, junitparser reads the JUnit XML, the official SARIF 2.1.0
//! schema validates the SARIF, the GitHub annotations are compared line by line, the
//! action's script runs as GitHub would run it, and every recipe of docs/ci.md runs.
//!
//! The Python tools come from `.ci/tools` (a virtual environment in target/ci-tools);
//! without them these tests fail, they never skip.

mod common;
use common::*;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ringfence"))
}

fn ringfence(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary()).current_dir(dir).args(args).env_remove("NO_COLOR").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------------------
// The CI tools: target/ci-tools/bin (from .ci/tools) first, then PATH.

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|p| p.is_file())
}

fn ci_tool(name: &str) -> PathBuf {
    let venv = workspace().join("target/ci-tools/bin").join(name);
    if venv.is_file() {
        return venv;
    }
    on_path(name).unwrap_or_else(|| {
        panic!("`{name}` not found in target/ci-tools/bin nor on PATH: run .ci/tools first (it installs pre-commit and junitparser)")
    })
}

/// A Python that has junitparser and PyYAML.
fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let venv = workspace().join("target/ci-tools/bin/python");
        let candidates = [Some(venv), on_path("python3")];
        candidates
            .into_iter()
            .flatten()
            .filter(|p| p.is_file())
            .find(|p| {
                Command::new(p).args(["-c", "import junitparser, yaml"]).output().is_ok_and(|o| o.status.success())
            })
            .unwrap_or_else(|| panic!("no Python with junitparser and PyYAML: run .ci/tools first"))
    })
}

/// Runs a Python script (given its standard input) that prints JSON.
fn python_json(script: &str, args: &[&str], stdin: &str) -> Value {
    let mut child = Command::new(python())
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python failed: {}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// YAML as a CI server reads it (PyYAML), as JSON.
fn yaml(source: &str) -> Value {
    python_json("import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))", &[], source)
}

// ---------------------------------------------------------------------------------------
// pre-commit

/// Git and pre-commit see only this test's settings: no user or system configuration
/// (a global `core.hooksPath` would make `pre-commit install` refuse), a fixed identity.
fn git_env(scratch: &Path) -> Vec<(&'static str, OsString)> {
    let config = scratch.join("gitconfig");
    fs::write(&config, "[init]\n\tdefaultBranch = main\n").unwrap();
    vec![
        ("GIT_CONFIG_GLOBAL", config.into()),
        ("GIT_CONFIG_NOSYSTEM", "1".into()),
        ("GIT_AUTHOR_NAME", "ringfence test".into()),
        ("GIT_AUTHOR_EMAIL", "test@example.com".into()),
        ("GIT_COMMITTER_NAME", "ringfence test".into()),
        ("GIT_COMMITTER_EMAIL", "test@example.com".into()),
    ]
}

fn run(program: &Path, dir: &Path, args: &[&str], env: &[(&'static str, OsString)]) -> Output {
    let mut command = Command::new(program);
    command.current_dir(dir).args(args);
    for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
        command.env_remove(name);
    }
    command.envs(env.iter().map(|(k, v)| (k, v))).output().unwrap()
}

fn git(dir: &Path, args: &[&str], env: &[(&'static str, OsString)]) -> Output {
    let out = run(Path::new("git"), dir, args, env);
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    out
}

fn both(out: &Output) -> String {
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

/// The hook repository pre-commit clones: this checkout's working tree as it is, with its
/// uncommitted changes and untracked files (not its ignored ones), committed alone in a
/// repository under target/, so that the hooks tested are the code under test, not only
/// HEAD. The commit's identity and dates are fixed: an unchanged tree gives the same
/// revision at the same path, and pre-commit reuses the hook it installed for it.
fn hook_repo(hook_id: &str, env: &[(&'static str, OsString)]) -> (PathBuf, String) {
    let workspace = workspace();
    let listed = git(&workspace, &["ls-files", "-z", "--cached", "--others", "--exclude-standard"], env);
    let repo = workspace.join("target/pre-commit-hook-repo").join(hook_id);
    if repo.exists() {
        fs::remove_dir_all(&repo).unwrap();
    }
    for name in text(&listed.stdout).split('\0').filter(|n| !n.is_empty()) {
        let from = workspace.join(name);
        // Listed but not a file here: deleted in the working tree.
        if from.is_file() {
            let to = repo.join(name);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(&from, &to).unwrap();
        }
    }
    assert!(repo.join(".pre-commit-hooks.yaml").is_file(), "the working tree has no .pre-commit-hooks.yaml");
    let mut dated = env.to_vec();
    dated.extend([
        ("GIT_AUTHOR_DATE", "2000-01-01T00:00:00Z".into()),
        ("GIT_COMMITTER_DATE", "2000-01-01T00:00:00Z".into()),
    ]);
    git(&repo, &["init", "-q"], &dated);
    // Forced: a file the checkout tracks although a .gitignore matches it is copied too.
    git(&repo, &["add", "--all", "--force"], &dated);
    git(&repo, &["commit", "-q", "--no-verify", "-m", "the working tree under test"], &dated);
    let head = git(&repo, &["rev-parse", "HEAD"], &dated);
    (repo, text(&head.stdout).trim().to_string())
}

/// A fresh git repository using the hook `hook_id` of this repository, hooks installed.
fn precommit_repo(
    scratch: &Path,
    hook_id: &str,
    extra_env: &[(&'static str, OsString)],
) -> (PathBuf, Vec<(&'static str, OsString)>) {
    let target = workspace().join("target");
    let mut env = git_env(scratch);
    let (hook_repo, rev) = hook_repo(hook_id, &env);
    env.extend([
        // Kept under target/: a second run reuses the hook environment and the build.
        ("PRE_COMMIT_HOME", target.join("pre-commit").into()),
        ("CARGO_TARGET_DIR", target.join("pre-commit-cargo").into()),
        // `language: rust` runs `cargo install` (a release build): build it fast instead.
        ("CARGO_PROFILE_RELEASE_LTO", "false".into()),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256".into()),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0".into()),
        // No network in tests: cargo resolves from the crates already downloaded.
        ("CARGO_NET_OFFLINE", "true".into()),
    ]);
    env.extend(extra_env.iter().cloned());
    let repo = scratch.join("project");
    fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"], &env);
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: {hook_id}\n",
        serde_json::to_string(&hook_repo.to_string_lossy()).unwrap()
    );
    write(&repo, ".pre-commit-config.yaml", &config);
    let install = run(&ci_tool("pre-commit"), &repo, &["install"], &env);
    assert!(install.status.success(), "pre-commit install: {}", both(&install));
    git(&repo, &["add", ".pre-commit-config.yaml"], &env);
    (repo, env)
}

fn commit(repo: &Path, env: &[(&'static str, OsString)], files: &[&str], message: &str) -> Output {
    let mut add = vec!["add", "--"];
    add.extend(files);
    git(repo, &add, env);
    run(Path::new("git"), repo, &["commit", "-q", "-m", message], env)
}

const OPEN_SSH: &str = r#"resource "aws_security_group" "bastion" {
  name = "bastion"
  ingress {
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
    protocol    = "tcp"
  }
}
"#;

/// Commits an open security group (refused, the finding named at its line), then the fix.
fn open_port_is_refused_then_the_fix_is_committed(repo: &Path, env: &[(&'static str, OsString)]) {
    write(repo, "main.tf", OPEN_SSH);
    let refused = commit(repo, env, &["main.tf"], "open SSH");
    let output = both(&refused);
    if output.contains("virtual manifest") {
        panic!(
            "pre-commit's `language: rust` runs `cargo install --path .` at the hook repository's root, \
             whose Cargo.toml is a virtual workspace manifest: the root needs a [package] with the \
             `ringfence` binary\n{output}"
        );
    }
    assert!(!refused.status.success(), "the commit went through:\n{output}");
    assert!(output.contains("NET001"), "{output}");
    assert!(output.contains("main.tf:6:20"), "{output}");
    assert!(output.contains("ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH)"), "{output}");

    write(repo, "main.tf", &OPEN_SSH.replace("0.0.0.0/0", "10.20.0.0/16"));
    let fixed = commit(repo, env, &["main.tf"], "SSH from the VPN only");
    assert!(fixed.status.success(), "{}", both(&fixed));
}

/// The hook as users get it: pre-commit builds ringfence with cargo from this repository
/// (a build from scratch the first time a tree is tested: minutes). `.ci/run` runs it as
/// a step of its own: `cargo test --locked --test ci_integration -- --ignored --exact
/// pre_commit_builds_the_rust_hook_and_refuses_an_open_port`.
#[test]
#[ignore = "builds ringfence from a fresh copy of the working tree (minutes); run by .ci/run"]
fn pre_commit_builds_the_rust_hook_and_refuses_an_open_port() {
    let started = Instant::now();
    let scratch = tempfile::tempdir().unwrap();
    let (repo, env) = precommit_repo(scratch.path(), "ringfence", &[]);
    open_port_is_refused_then_the_fix_is_committed(&repo, &env);
    eprintln!("pre-commit with the `ringfence` hook (language: rust): {:.1?}", started.elapsed());
}

/// The hook for a ringfence already installed: the one on PATH (the built binary).
#[test]
fn pre_commit_system_hook_gates_commits_on_what_they_change() {
    let started = Instant::now();
    let scratch = tempfile::tempdir().unwrap();
    let bin_dir = binary().parent().unwrap().to_path_buf();
    let path =
        std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())))
            .unwrap();
    let (repo, env) = precommit_repo(scratch.path(), "ringfence-system", &[("PATH", path)]);
    open_port_is_refused_then_the_fix_is_committed(&repo, &env);

    // Files that are neither Terraform nor CloudFormation pass (YAML is checked by content).
    write(&repo, "README.md", "# infra\n");
    write(&repo, "docker-compose.yaml", "services:\n  web:\n    image: nginx\n");
    let other = commit(&repo, &env, &["README.md", "docker-compose.yaml"], "docs");
    assert!(other.status.success(), "{}", both(&other));

    // A variable's value in terraform.tfvars is staged alone: the finding it causes in
    // network.tf fails the commit, pointing back at the tfvars line.
    write(
        &repo,
        "network.tf",
        "variable \"admin_cidrs\" {\n  type    = list(string)\n  default = [\"10.0.0.0/8\"]\n}\n\n\
         resource \"aws_security_group\" \"notebooks\" {\n  name = \"notebooks\"\n  ingress {\n    from_port   = 8888\n    \
         to_port     = 8888\n    protocol    = \"tcp\"\n    cidr_blocks = var.admin_cidrs\n  }\n}\n",
    );
    let safe = commit(&repo, &env, &["network.tf"], "notebooks from the VPC");
    assert!(safe.status.success(), "{}", both(&safe));
    write(&repo, "terraform.tfvars", "admin_cidrs = [\"0.0.0.0/0\"]\n");
    let refused = commit(&repo, &env, &["terraform.tfvars"], "open the notebooks for a demo");
    let output = both(&refused);
    assert!(!refused.status.success(), "{output}");
    assert!(output.contains("NET001") && output.contains("network.tf:12:19"), "{output}");
    assert!(output.contains("terraform.tfvars:1:16"), "the finding points back at the value: {output}");
    // Printed once: the hook runs ringfence once for all the files (require_serial).
    assert_eq!(output.matches("× NET001").count(), 1, "{output}");
    write(&repo, "terraform.tfvars", "admin_cidrs = [\"10.1.0.0/16\"]\n");
    let fixed = commit(&repo, &env, &["terraform.tfvars"], "VPN only");
    assert!(fixed.status.success(), "{}", both(&fixed));

    // A child module's file staged alone is evaluated through its caller, whose value
    // opens the port.
    let module = "variable \"cidrs\" {\n  type = list(string)\n}\n\n\
                  resource \"aws_security_group\" \"api\" {\n  name = \"api\"\n}\n";
    write(&repo, "modules/api/main.tf", module);
    write(&repo, "api.tf", "module \"api\" {\n  source = \"./modules/api\"\n  cidrs  = [\"0.0.0.0/0\"]\n}\n");
    let unused = commit(&repo, &env, &["modules/api/main.tf", "api.tf"], "api module");
    assert!(unused.status.success(), "{}", both(&unused));
    let opened = module.replace(
        "  name = \"api\"\n",
        "  name = \"api\"\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = \"tcp\"\n    \
         cidr_blocks = var.cidrs\n  }\n",
    );
    write(&repo, "modules/api/main.tf", &opened);
    let refused = commit(&repo, &env, &["modules/api/main.tf"], "api ingress");
    let output = both(&refused);
    assert!(!refused.status.success(), "{output}");
    assert!(output.contains("modules/api/main.tf:11:19") && output.contains("api.tf:3:13"), "{output}");

    // An untracked file that cannot be parsed, beside a staged one, fails the commit:
    // the whole directory is read.
    write(&repo, "modules/api/main.tf", &format!("# The API's security group.\n{module}"));
    write(&repo, "modules/api/wip.tf", "resource \"aws_s3_bucket\" \"b\" {\n");
    let broken = commit(&repo, &env, &["modules/api/main.tf"], "api closed");
    let output = both(&broken);
    assert!(!broken.status.success() && output.contains("modules/api/wip.tf:1:31"), "{output}");
    eprintln!("pre-commit with the `ringfence-system` hook: {:.1?}", started.elapsed());
}

#[test]
fn hook_manifest_declares_both_hooks_for_terraform_and_cloudformation_files() {
    let hooks = yaml(&fs::read_to_string(workspace().join(".pre-commit-hooks.yaml")).unwrap());
    let hooks = hooks.as_array().unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ringfence", "ringfence-system"]);
    assert_eq!(hooks[0]["language"], "rust");
    assert_eq!(hooks[1]["language"], "system");
    let script = r#"
import json, re, sys
hooks = json.load(sys.stdin)
names = sys.argv[1:]
print(json.dumps({h["id"]: [n for n in names if re.search(h["files"], n)] for h in hooks}))
"#;
    let names = [
        "main.tf",
        "modules/net/vpc.tf",
        "stack.tf.json",
        "terraform.tfvars",
        "prod.auto.tfvars.json",
        "stack.yaml",
        "stack.yml",
        "cdk.out/App.template.json",
        "stack.template",
        "README.md",
        "main.py",
        "terraform.tfstate",
    ];
    let matched = python_json(script, &names, &serde_json::to_string(hooks).unwrap());
    for hook in hooks {
        assert_eq!(hook["entry"], "ringfence check");
        assert_eq!(hook["pass_filenames"], true);
        assert_eq!(hook["require_serial"], true);
        let id = hook["id"].as_str().unwrap();
        let files: Vec<&str> = matched[id].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
        assert_eq!(files, &names[..9], "{id}");
    }
}

// ---------------------------------------------------------------------------------------
// JUnit, read by junitparser

const READ_JUNIT: &str = r#"
import json, sys
from junitparser import JUnitXml
xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for suite in xml:
    cases = []
    for case in suite:
        results = [{"kind": type(r).__name__, "type": r.type, "message": r.message, "text": r.text} for r in case.result]
        cases.append({"name": case.name, "classname": case.classname, "file": case._elem.get("file"),
                      "line": case._elem.get("line"), "results": results})
    suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures, "errors": suite.errors,
                   "cases": cases})
print(json.dumps({"name": xml.name, "tests": xml.tests, "failures": xml.failures, "errors": xml.errors,
                  "suites": suites}))
"#;

fn junit(path: &Path) -> Value {
    python_json(READ_JUNIT, &[path.to_str().unwrap()], "")
}

fn default_rule_count() -> usize {
    let out = ringfence(&workspace(), &["rules", "--format", "json"]);
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    rules.as_array().unwrap().iter().filter(|r| r["default_enabled"] == true).count()
}

#[test]
fn junit_report_reads_as_a_test_suite_per_file_and_a_case_per_rule() {
    let scratch = tempfile::tempdir().unwrap();
    let report = scratch.path().join("ringfence.xml");
    let out = ringfence(
        &workspace(),
        &["check", "--format", "junit", "--output", report.to_str().unwrap(), "testdata/vulnerable"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let xml = junit(&report);
    let json_out = ringfence(&workspace(), &["check", "--format", "json", "testdata/vulnerable"]);
    let findings: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    let findings = findings["findings"].as_array().unwrap();

    let rules = default_rule_count();
    let suites = xml["suites"].as_array().unwrap();
    assert_eq!(xml["name"], "ringfence");
    assert!(suites.len() >= 10, "a suite per checked file: {}", suites.len());
    let mut failed_pairs = BTreeSet::new();
    for f in findings {
        failed_pairs.insert((f["file"].as_str().unwrap(), f["code"].as_str().unwrap()));
    }
    assert_eq!(xml["tests"].as_u64(), Some((suites.len() * rules) as u64));
    assert_eq!(xml["failures"].as_u64(), Some(failed_pairs.len() as u64));
    assert_eq!(xml["errors"], 0);

    let mut failures_seen = 0;
    for suite in suites {
        let file = suite["name"].as_str().unwrap();
        assert!(file.starts_with("testdata/vulnerable/"), "{file}");
        let cases = suite["cases"].as_array().unwrap();
        assert_eq!(cases.len(), rules, "{file}");
        assert_eq!(suite["tests"].as_u64(), Some(rules as u64), "{file}");
        for case in cases {
            assert_eq!(case["classname"], file);
            assert_eq!(case["file"], file);
            let code = case["name"].as_str().unwrap().split(' ').next().unwrap();
            let expected: Vec<&Value> = findings.iter().filter(|f| f["file"] == file && f["code"] == code).collect();
            let results = case["results"].as_array().unwrap();
            if expected.is_empty() {
                assert!(results.is_empty(), "{file} {code}: {results:?}");
                continue;
            }
            failures_seen += 1;
            assert_eq!(results.len(), 1, "{file} {code}");
            let failure = &results[0];
            assert_eq!(failure["kind"], "Failure");
            assert_eq!(failure["type"], code, "the failure's type is the rule code");
            let first_line = expected.iter().map(|f| f["line"].as_u64().unwrap()).min().unwrap();
            assert_eq!(case["line"].as_str().map(|l| l.parse::<u64>().unwrap()), Some(first_line), "{file} {code}");
            let body = failure["text"].as_str().unwrap();
            for f in &expected {
                let location =
                    format!("{}:{}:{}: {} {code} ", file, f["line"], f["column"], f["severity"].as_str().unwrap());
                assert!(body.contains(&location), "{location} in {body}");
            }
        }
    }
    assert_eq!(failures_seen, failed_pairs.len());
    let mut seen: BTreeSet<&str> = suites.iter().map(|s| s["name"].as_str().unwrap()).collect();
    seen.retain(|s| failed_pairs.iter().any(|(f, _)| f == s));
    assert_eq!(
        seen.len(),
        failed_pairs.iter().map(|(f, _)| *f).collect::<BTreeSet<_>>().len(),
        "a suite for every file with findings"
    );
}

#[test]
fn junit_report_has_an_error_for_a_file_that_cannot_be_parsed() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    write(dir, "infra/main.tf", OPEN_SSH);
    write(dir, "stacks/broken.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket: [\n");
    let out = ringfence(dir, &["check", "--format", "junit", "--output", "r.xml", "infra", "stacks"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let xml = junit(&dir.join("r.xml"));
    assert_eq!(xml["errors"], 1);
    assert_eq!(xml["failures"], 1);
    let suites = xml["suites"].as_array().unwrap();
    let names: Vec<&str> = suites.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["infra/main.tf", "stacks/broken.yaml"]);
    let broken = &suites[1];
    assert_eq!(broken["errors"], 1);
    let cases = broken["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "no rule ran on it: {cases:?}");
    assert_eq!(cases[0]["name"], "read and parse");
    let error = &cases[0]["results"][0];
    assert_eq!(error["kind"], "Error");
    assert!(error["message"].as_str().unwrap().starts_with("stacks/broken.yaml:4:1: invalid YAML"), "{error}");
    let ssh = suites[0]["cases"].as_array().unwrap().iter().find(|c| c["name"] == "NET001 open-ingress").unwrap();
    assert_eq!(ssh["results"][0]["type"], "NET001");
    assert!(ssh["results"][0]["text"].as_str().unwrap().starts_with("infra/main.tf:6:20: critical NET001 "));
}

/// A file named alone (as pre-commit passes them) is read with its module directory,
/// but only the findings that concern it are reported: the sibling files read for
/// context were not checked, so the report must not list their rules as passed.
#[test]
fn junit_report_of_a_file_named_alone_claims_nothing_about_its_siblings() {
    let dir = workspace().join("testdata/vulnerable/terraform");
    let scratch = tempfile::tempdir().unwrap();
    let report = scratch.path().join("r.xml");
    let out = ringfence(&dir, &["check", "--format", "junit", "--output", report.to_str().unwrap(), "variables.tf"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: Value =
        serde_json::from_slice(&ringfence(&dir, &["check", "--format", "json", "variables.tf"]).stdout).unwrap();
    let mut concerned: BTreeSet<String> =
        json["findings"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap().to_string()).collect();
    concerned.insert("variables.tf".to_string());
    let xml = junit(&report);
    let suites: BTreeSet<String> =
        xml["suites"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_string()).collect();
    // network.tf has a NET001 finding, reported only when the caller's files are named.
    assert!(!suites.contains("modules/ml-platform/network.tf"), "NET001 reported as passed there: {suites:?}");
    assert!(suites.is_subset(&concerned), "suites {suites:?}, files concerned {concerned:?}");
}

// ---------------------------------------------------------------------------------------
// SARIF, validated against the official schema

fn sarif_schema() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/sarif-schema-2.1.0.json");
        let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::validator_for(&schema).expect("the SARIF 2.1.0 schema compiles")
    })
}

fn schema_errors(doc: &Value) -> Vec<String> {
    sarif_schema().iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn assert_valid_sarif(doc: &Value, what: &str) {
    let errors = schema_errors(doc);
    assert!(errors.is_empty(), "{what}: SARIF does not validate:\n{}", errors.join("\n"));
}

fn sarif(dir: &Path, args: &[&str]) -> (Value, Option<i32>) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend(args);
    let out = ringfence(dir, &all);
    (serde_json::from_slice(&out.stdout).unwrap(), out.status.code())
}

#[test]
fn sarif_of_the_vulnerable_example_validates_against_the_official_schema() {
    let (doc, code) = sarif(&workspace(), &["testdata/vulnerable"]);
    assert_eq!(code, Some(1));
    assert_valid_sarif(&doc, "testdata/vulnerable");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 40, "{}", results.len());
    // What is being validated: labels as related locations, and the suppressed findings.
    assert!(results.iter().any(|r| r["relatedLocations"].as_array().is_some_and(|l| !l.is_empty())));
    assert!(results.iter().any(|r| r["suppressions"].is_array()), "the example has suppressed findings");
}

#[test]
fn sarif_with_suppressed_findings_and_with_an_unparsable_file_validates() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    let suppressed = OPEN_SSH
        .replace(r#"["0.0.0.0/0"]"#, r#"["0.0.0.0/0"] # ringfence:ignore[NET001] bastion behind MFA until=2099-12-31"#);
    write(dir, "suppressed/main.tf", &suppressed);
    let (doc, code) = sarif(dir, &["suppressed"]);
    assert_eq!(code, Some(0));
    assert_valid_sarif(&doc, "suppressed");
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "NET001");
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
    assert_eq!(result["suppressions"][0]["justification"], "bastion behind MFA");

    write(dir, "broken/main.tf", "resource \"aws_s3_bucket\" \"b\" {\n");
    write(dir, "broken/stack.json", "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {");
    let (doc, code) = sarif(dir, &["broken"]);
    assert_eq!(code, Some(2));
    assert_valid_sarif(&doc, "unparsable files");
    let invocation = &doc["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 2, "{notifications:?}");
    assert!(notifications.iter().all(|n| n["level"] == "error"));
}

/// The fingerprint of each result, by rule and line.
fn fingerprints(doc: &Value) -> Vec<(String, u64, String)> {
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let line = r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap();
            let fingerprint = r["partialFingerprints"]["ringfence/v1"].as_str().expect("a partial fingerprint");
            (r["ruleId"].as_str().unwrap().to_string(), line, fingerprint.to_string())
        })
        .collect()
}

#[test]
fn sarif_results_carry_fingerprints_that_do_not_depend_on_where_ringfence_ran() {
    let scratch = tempfile::tempdir().unwrap();
    let env = git_env(scratch.path());
    let repo = scratch.path().join("repo");
    write(&repo, "infra/main.tf", &format!("{OPEN_SSH}\nresource \"aws_kms_key\" \"k\" {{}}\n"));
    git(&repo, &["init", "-q"], &env);
    // From the repository's top, from inside the scanned directory, and from a clone
    // elsewhere: one fingerprint per finding, the same each time.
    let (top, _) = sarif(&repo, &["infra"]);
    assert_valid_sarif(&top, "with fingerprints");
    let (inside, _) = sarif(&repo.join("infra"), &["."]);
    let clone = scratch.path().join("elsewhere/clone");
    fs::create_dir_all(clone.parent().unwrap()).unwrap();
    git(scratch.path(), &["clone", "-q", "--no-hardlinks", repo.to_str().unwrap(), clone.to_str().unwrap()], &env);
    write(&clone, "infra/main.tf", &fs::read_to_string(repo.join("infra/main.tf")).unwrap());
    let (cloned, _) = sarif(&clone, &["infra"]);
    let found = fingerprints(&top);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_ne!(found[0].2, found[1].2);
    assert_eq!(fingerprints(&inside), found);
    assert_eq!(fingerprints(&cloned), found);
    // An edit elsewhere in the file moves the finding, not its fingerprint.
    let moved = format!("# a comment on top\n{}", fs::read_to_string(repo.join("infra/main.tf")).unwrap());
    write(&repo, "infra/main.tf", &moved);
    let after: Vec<(String, String)> =
        fingerprints(&sarif(&repo, &["infra"]).0).into_iter().map(|(c, _, f)| (c, f)).collect();
    assert_eq!(after, found.iter().map(|(c, _, f)| (c.clone(), f.clone())).collect::<Vec<_>>());
}

#[test]
fn sarif_rules_link_their_pages_under_docs_url() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    write(dir, "main.tf", OPEN_SSH);
    let (doc, _) = sarif(dir, &["main.tf"]);
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().all(|r| r.get("helpUri").is_none()), "no helpUri without docs-url");
    write(dir, "ringfence.toml", "docs-url = \"https://example.com/ringfence/rules/{code}/README.md\"\n");
    let (doc, _) = sarif(dir, &["main.tf"]);
    assert_valid_sarif(&doc, "with helpUri");
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let net001 = rules.iter().find(|r| r["id"] == "NET001").unwrap();
    assert_eq!(net001["helpUri"], "https://example.com/ringfence/rules/NET001/README.md");
    assert!(rules.iter().all(|r| r["helpUri"]
        .as_str()
        .is_some_and(|u| u.ends_with(&format!("/{}/README.md", r["id"].as_str().unwrap())))));
}

#[test]
fn the_schema_rejects_an_invalid_sarif_document() {
    let (mut doc, _) = sarif(&workspace(), &["testdata/vulnerable/terraform"]);
    assert_valid_sarif(&doc, "before breaking it");
    doc["runs"][0]["results"][0]["level"] = "fatal".into();
    let errors = schema_errors(&doc);
    assert!(errors.iter().any(|e| e.contains("/runs/0/results/0/level")), "{errors:?}");
    let (mut doc, _) = sarif(&workspace(), &["testdata/vulnerable/terraform"]);
    doc["version"] = "2.0.0".into();
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    assert_eq!(schema_errors(&doc).len(), 2, "{:?}", schema_errors(&doc));
}

// ---------------------------------------------------------------------------------------
// GitHub annotations

#[test]
fn github_annotations_are_exact_escaped_workflow_commands() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    // A directory name with every character a property value must escape.
    write(
        dir,
        "odd%dir,a:b/main.tf",
        &format!(
            "{OPEN_SSH}\nresource \"aws_cloudwatch_log_group\" \"api\" {{\n  name              = \"api\"\n  \
             retention_in_days = 14\n}}\n\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"b\"\n}}\n\n\
             resource \"aws_s3_bucket_server_side_encryption_configuration\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  \
             rule {{\n    apply_server_side_encryption_by_default {{\n      sse_algorithm = \"AES256 100%\\nnext\"\n    \
             }}\n  }}\n}}\n"
        ),
    );
    write(dir, "broken/main.tf", "resource \"aws_s3_bucket\" \"b\" {\n");
    let out = ringfence(
        dir,
        &["check", "--format", "github", "--select", "NET001,KMS002,KMS006,LOG007", "odd%dir,a:b", "broken"],
    );
    assert_eq!(out.status.code(), Some(2), "the broken file wins: {}", text(&out.stderr));
    let expected = "\
::error file=odd%25dir%2Ca%3Ab/main.tf,line=6,col=20,endLine=6,endColumn=31,title=NET001 open-ingress (critical)::ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) (aws_security_group.bastion)
::warning file=odd%25dir%2Ca%3Ab/main.tf,line=11,col=1,endLine=11,endColumn=42,title=KMS006 log-group-no-cmk (medium)::log group is not encrypted with a customer managed KMS key: `kms_key_id` is not set (aws_cloudwatch_log_group.api)
::notice file=odd%25dir%2Ca%3Ab/main.tf,line=13,col=23,endLine=13,endColumn=25,title=LOG007 log-retention-short (low)::log group keeps logs only 14 days, fewer than 90 (aws_cloudwatch_log_group.api)
::warning file=odd%25dir%2Ca%3Ab/main.tf,line=24,col=23,endLine=24,endColumn=42,title=KMS002 s3-not-cmk (medium)::bucket default encryption is `AES256 100%25%0Anext`, not SSE-KMS with a customer managed key (aws_s3_bucket_server_side_encryption_configuration.b)
::error file=broken/main.tf,line=1,col=31,title=ringfence::invalid HCL: invalid block body; expected `}`, newline or identifier
";
    assert_eq!(text(&out.stdout), expected);
}

// ---------------------------------------------------------------------------------------
// Several reports in one run

#[test]
fn several_reports_in_one_run_and_the_human_report_on_stdout() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    write(dir, "infra/main.tf", OPEN_SSH);
    let out = ringfence(
        dir,
        &["check", "--format", "sarif", "--output", "r.sarif", "--format", "junit", "--output", "r.xml", "infra"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("× NET001 [critical] ingress from 0.0.0.0/0"), "{stdout}");
    assert!(stdout.contains("╭─[infra/main.tf:6:20]"), "{stdout}");
    assert!(stdout.contains("Found 1 problem (1 critical); checked 1 file."), "{stdout}");
    let doc: Value = serde_json::from_str(&fs::read_to_string(dir.join("r.sarif")).unwrap()).unwrap();
    assert_valid_sarif(&doc, "r.sarif");
    assert_eq!(doc["runs"][0]["results"][0]["ruleId"], "NET001");
    assert_eq!(junit(&dir.join("r.xml"))["failures"], 1);

    for f in ["r.sarif", "r.xml"] {
        fs::remove_file(dir.join(f)).unwrap();
    }
    let quiet = ringfence(
        dir,
        &["check", "-q", "--format", "sarif", "--output", "r.sarif", "--format", "junit", "--output", "r.xml", "infra"],
    );
    assert_eq!(quiet.status.code(), Some(1), "-q changes what is printed, not the exit status");
    assert_eq!(text(&quiet.stdout), "");
    assert!(dir.join("r.sarif").is_file() && dir.join("r.xml").is_file());
}

#[test]
fn report_format_follows_the_output_extension() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    write(dir, "infra/main.tf", OPEN_SSH);
    let names = ["a.sarif", "b.sarif.json", "c.xml", "d.json", "e.txt", "f.log"];
    let mut args = vec!["check", "-q"];
    for n in names {
        args.extend(["-o", n]);
    }
    args.push("infra");
    let out = ringfence(dir, &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    let read = |n: &str| fs::read_to_string(dir.join(n)).unwrap();
    for n in ["a.sarif", "b.sarif.json"] {
        let doc: Value = serde_json::from_str(&read(n)).unwrap();
        assert_eq!(doc["version"], "2.1.0", "{n}");
        assert_valid_sarif(&doc, n);
    }
    assert_eq!(junit(&dir.join("c.xml"))["name"], "ringfence");
    let json: Value = serde_json::from_str(&read("d.json")).unwrap();
    assert_eq!(json["findings"][0]["code"], "NET001");
    let concise = "infra/main.tf:6:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) [aws_security_group.bastion]\n";
    assert_eq!(read("e.txt"), concise);
    assert_eq!(read("f.log"), concise);
    // A --format at the same position decides a name the extension does not speak for...
    let out = ringfence(dir, &["check", "-q", "--format", "concise", "--output", "x.out", "infra"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read("x.out"), concise);
    // ...and one the extension contradicts is a mispairing, refused before anything is written.
    let out = ringfence(dir, &["check", "-q", "--format", "concise", "--output", "x.json", "infra"]);
    assert_eq!(out.status.code(), Some(2));
    let refusal = "the first --format (concise) goes to the first --output (x.json), whose extension says json";
    assert!(text(&out.stderr).contains(refusal), "{}", text(&out.stderr));
    assert!(!dir.join("x.json").exists());

    let unknown = ringfence(dir, &["check", "-o", "r.csv", "infra"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("--output r.csv: give its --format"), "{}", text(&unknown.stderr));
    let two = ringfence(dir, &["check", "--format", "json", "--format", "sarif", "infra"]);
    assert_eq!(two.status.code(), Some(2));
    assert!(text(&two.stderr).contains("only one --format can go to standard output"), "{}", text(&two.stderr));
}

// ---------------------------------------------------------------------------------------
// The GitHub Action (action.yml)

fn action() -> Value {
    yaml(&fs::read_to_string(workspace().join("action.yml")).unwrap())
}

/// `${{ inputs.NAME }}`, `${{ inputs['NAME'] }}` and `${{ runner.temp }}` style references.
fn expressions(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("${{") {
        let end = rest[start..].find("}}").map(|e| start + e + 2).unwrap_or(rest.len());
        found.push(rest[start + 3..end - 2].trim().to_string());
        rest = &rest[end..];
    }
    found
}

struct ActionRun {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
    /// What the step wrote to `$GITHUB_STEP_SUMMARY`.
    summary: String,
}

/// Runs the action's `ringfence check` step as GitHub runs a composite step (`bash
/// --noprofile --norc -eo pipefail`), its env evaluated with these inputs (the others
/// at their defaults) and with the built binary where the install step puts ringfence.
fn run_action_check(dir: &Path, inputs: &[(&str, &str)]) -> ActionRun {
    let action = action();
    let step =
        action["runs"]["steps"].as_array().unwrap().iter().find(|s| s["id"] == "check").expect("a step with id check");
    let runner_temp = tempfile::tempdir().unwrap();
    let bin = runner_temp.path().join("ringfence/bin");
    fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(binary(), bin.join("ringfence")).unwrap();
    let given: BTreeMap<&str, &str> = inputs.iter().copied().collect();
    for name in given.keys() {
        assert!(action["inputs"].get(*name).is_some(), "no input {name} in action.yml");
    }
    let evaluate = |expression: &str| -> String {
        if expression == "runner.temp" {
            return runner_temp.path().to_string_lossy().into_owned();
        }
        let name = expression.strip_prefix("inputs.").unwrap_or_else(|| panic!("unexpected expression {expression}"));
        given.get(name).map(|v| v.to_string()).unwrap_or_else(|| {
            action["inputs"][name]["default"].as_str().unwrap_or_else(|| panic!("unknown input {name}")).to_string()
        })
    };
    let github_output = runner_temp.path().join("github_output");
    fs::write(&github_output, "").unwrap();
    let script = runner_temp.path().join("step.sh");
    fs::write(&script, step["run"].as_str().unwrap()).unwrap();
    let mut command = Command::new("bash");
    command.current_dir(dir).args(["--noprofile", "--norc", "-eo", "pipefail"]).arg(&script);
    command.env("GITHUB_OUTPUT", &github_output);
    let step_summary = runner_temp.path().join("step_summary.md");
    fs::write(&step_summary, "").unwrap();
    command.env("GITHUB_STEP_SUMMARY", &step_summary);
    for (name, value) in step["env"].as_object().unwrap() {
        let mut value = value.as_str().unwrap().to_string();
        for expression in expressions(&value.clone()) {
            value = value.replace(&format!("${{{{ {expression} }}}}"), &evaluate(&expression));
        }
        assert!(!value.contains("${{"), "{name}: {value}");
        command.env(name, value);
    }
    let out = command.output().unwrap();
    let outputs = fs::read_to_string(&github_output)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let summary = fs::read_to_string(&step_summary).unwrap();
    ActionRun { status: out.status.code(), stdout: text(&out.stdout), stderr: text(&out.stderr), outputs, summary }
}

#[test]
fn action_inputs_are_declared_and_reach_scripts_through_env_only() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let inputs: BTreeSet<&str> = action["inputs"].as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(inputs, BTreeSet::from(["paths", "args", "sarif-file", "fail-on", "summary"]));
    for (name, input) in action["inputs"].as_object().unwrap() {
        assert!(input["description"].is_string() && input["default"].is_string(), "{name}");
    }
    let steps = action["runs"]["steps"].as_array().unwrap();
    let mut used = BTreeSet::new();
    for step in steps {
        if let Some(run) = step["run"].as_str() {
            assert!(!run.contains("${{"), "an expression pasted into a script can inject shell: {run}");
            assert_eq!(step["shell"], "bash");
        }
        for expression in expressions(&step.to_string()) {
            if let Some(name) = expression.strip_prefix("inputs.") {
                assert!(inputs.contains(name), "step uses undeclared input {name}");
                used.insert(name.to_string());
            }
        }
    }
    assert_eq!(used.len(), inputs.len(), "every input is used: {used:?}");
    let cache = steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@"))).unwrap();
    let cached = cache["with"]["path"].as_str().unwrap();
    assert!(cached.contains("~/.cargo/registry") && cached.contains("ringfence/target"), "{cached}");

    // The install step installs a package that exists, with the binary the check step runs.
    let install = steps.iter().find(|s| s["run"].as_str().is_some_and(|r| r.contains("cargo install"))).unwrap();
    let script = install["run"].as_str().unwrap();
    assert!(script.contains("--locked"), "{script}");
    // The CLI is the root package: the action installs the repository itself.
    assert!(script.contains("--path \"$ACTION_PATH\""), "{script}");
    let manifest = fs::read_to_string(workspace().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("[[bin]]\nname = \"ringfence\""), "the root Cargo.toml builds the ringfence binary");
    assert!(script.contains("--root \"$ROOT\"") && install["env"]["ROOT"] == "${{ runner.temp }}/ringfence");
}

#[test]
fn action_writes_the_audit_to_the_job_summary_when_asked() {
    let root = workspace();
    let quiet = run_action_check(&root, &[("paths", "testdata/vulnerable"), ("sarif-file", "")]);
    assert_eq!(quiet.status, Some(1), "{}", quiet.stderr);
    assert!(quiet.summary.is_empty(), "no summary unless asked: {}", quiet.summary);

    let run = run_action_check(&root, &[("paths", "testdata/vulnerable"), ("sarif-file", ""), ("summary", "true")]);
    assert_eq!(run.status, Some(1), "the check still decides the status: {}", run.stderr);
    assert!(run.summary.starts_with("## AI security audit: vulnerable\n"), "{}", run.summary);
    assert!(run.summary.contains("\n| Identity and access | ❌ fail |"), "{}", run.summary);
    // The annotations stay on standard output, the audit only in the summary.
    assert!(!run.stdout.contains("AI security audit"));
}

#[test]
fn action_annotates_writes_sarif_and_exits_with_ringfence_status() {
    let scratch = tempfile::tempdir().unwrap();
    let root = workspace();
    let sarif_path = scratch.path().join("out.sarif");
    let sarif_file = sarif_path.to_str().unwrap();

    let run = run_action_check(&root, &[("paths", "testdata/vulnerable"), ("sarif-file", sarif_file)]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(run.stdout.lines().count() >= 40 && run.stdout.lines().all(|l| l.starts_with("::")), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("::error file=testdata/vulnerable/terraform/modules/ml-platform/network.tf,line=112,col=23"));
    let doc: Value = serde_json::from_str(&fs::read_to_string(&sarif_path).unwrap()).unwrap();
    assert_valid_sarif(&doc, "the action's SARIF");
    assert_eq!(run.outputs.get("exit-code").map(String::as_str), Some("1"));
    assert_eq!(run.outputs.get("sarif-file").map(String::as_str), Some(sarif_file));

    let never =
        run_action_check(&root, &[("paths", "testdata/vulnerable"), ("sarif-file", sarif_file), ("fail-on", "never")]);
    assert_eq!(never.status, Some(0), "{}", never.stderr);
    assert_eq!(never.outputs.get("exit-code").map(String::as_str), Some("0"));

    // Several paths, extra flags, no SARIF.
    fs::remove_file(&sarif_path).unwrap();
    let selected = run_action_check(
        &root,
        &[
            ("paths", "testdata/vulnerable/terraform testdata/vulnerable/cloudformation"),
            // fail-on through args: the input is empty by default, so they don't clash.
            ("args", "--select NET001 --fail-on critical"),
            ("sarif-file", ""),
        ],
    );
    assert_eq!(selected.status, Some(1), "{}", selected.stderr);
    assert!(!sarif_path.exists());
    assert!(selected.stdout.lines().count() >= 1, "{}", selected.stdout);
    assert!(selected.stdout.lines().all(|l| l.contains("title=NET001 open-ingress")), "{}", selected.stdout);

    let clean = run_action_check(&root, &[("paths", "testdata/hardened"), ("sarif-file", sarif_file)]);
    assert_eq!((clean.status, clean.stdout.as_str()), (Some(0), ""), "{}", clean.stderr);

    // Without a fail-on input, the project's ringfence.toml decides.
    let project = scratch.path().join("project");
    write(&project, "infra/main.tf", OPEN_SSH);
    write(&project, "ringfence.toml", "fail-on = \"never\"\n");
    let configured = run_action_check(&project, &[("paths", "infra")]);
    assert_eq!(configured.status, Some(0), "{}", configured.stderr);
    assert!(configured.stdout.starts_with("::error file=infra/main.tf,line=6,col=20,"), "{}", configured.stdout);
    assert!(project.join("ringfence.sarif").is_file(), "the default sarif-file");

    let wrong = run_action_check(&root, &[("paths", "testdata/hardened"), ("args", "--no-such-flag")]);
    assert_eq!(wrong.status, Some(2), "{}", wrong.stderr);
    assert_eq!(wrong.outputs.get("exit-code").map(String::as_str), Some("2"));
}

// ---------------------------------------------------------------------------------------
// docs/ci.md: every recipe parses and every `ringfence check` in it runs

struct Block {
    lang: String,
    source: String,
}

fn fenced_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(lang)) => current = Some(Block { lang: lang.trim().to_string(), source: String::new() }),
            (Some(_), Some(_)) => blocks.push(current.take().unwrap()),
            (Some(block), None) => {
                block.source.push_str(line);
                block.source.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// Every `ringfence check …` command in the page: in code blocks up to the end of the
/// line, a shell operator or a comment; in inline code up to the closing backtick.
fn check_commands(markdown: &str) -> Vec<String> {
    let mut commands = Vec::new();
    for line in markdown.lines() {
        let mut rest = line;
        while let Some(start) = rest.find("ringfence check") {
            let tail = &rest[start..];
            let end = [" #", "`", " ||", " &&", ";", " | ", " >"]
                .iter()
                .filter_map(|stop| tail.find(stop))
                .min()
                .unwrap_or(tail.len());
            commands.push(tail[..end].trim().to_string());
            rest = &tail[end..];
        }
    }
    commands.sort();
    commands.dedup();
    commands
}

/// A project like the one the recipes describe: Terraform in infra/, CloudFormation in
/// stacks/, in git with a base branch `origin/main` and one change since.
fn recipe_project(scratch: &Path) -> (PathBuf, Vec<(&'static str, OsString)>) {
    let env = git_env(scratch);
    let project = scratch.join("project");
    copy_dir(&workspace().join("testdata/vulnerable/terraform"), &project.join("infra"));
    copy_dir(&workspace().join("testdata/vulnerable/cloudformation"), &project.join("stacks"));
    git(&project, &["init", "-q"], &env);
    git(&project, &["add", "."], &env);
    git(&project, &["commit", "-q", "-m", "infra"], &env);
    git(&project, &["update-ref", "refs/remotes/origin/main", "HEAD"], &env);
    write(&project, "infra/bastion.tf", OPEN_SSH);
    (project, env)
}

fn shell(project: &Path, env: &[(&'static str, OsString)], command: &str) -> Output {
    let bin_dir = binary().parent().unwrap().to_path_buf();
    let path =
        std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())))
            .unwrap();
    let base = text(&git(project, &["rev-parse", "origin/main"], env).stdout).trim().to_string();
    let command = command.replace("${{ github.base_ref }}", "main");
    let mut all: Vec<(&'static str, OsString)> = env.to_vec();
    all.extend([("PATH", path), ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base.into())]);
    run(Path::new("bash"), project, &["-c", &command], &all)
}

#[test]
fn every_ci_recipe_parses_and_its_commands_run() {
    let markdown = fs::read_to_string(workspace().join("docs/ci.md")).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let (project, env) = recipe_project(scratch.path());
    let action = action();
    let hook_ids: BTreeSet<String> = yaml(&fs::read_to_string(workspace().join(".pre-commit-hooks.yaml")).unwrap())
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();

    let blocks = fenced_blocks(&markdown);
    let yaml_blocks: Vec<(Value, &Block)> =
        blocks.iter().filter(|b| b.lang == "yaml").map(|b| (yaml(&b.source), b)).collect();
    let (mut workflows, mut gitlab, mut precommit) = (0, 0, 0);
    for (doc, block) in &yaml_blocks {
        assert!(doc.is_object(), "a YAML recipe is a mapping:\n{}", block.source);
        if let Some(jobs) = doc["jobs"].as_object() {
            workflows += 1;
            for job in jobs.values() {
                let steps = job["steps"].as_array().unwrap();
                let mut sarif_written = BTreeSet::new();
                for step in steps {
                    let uses = step["uses"].as_str().unwrap_or("");
                    if uses.starts_with("OWNER/ringfence@") {
                        let with = step["with"].as_object().cloned().unwrap_or_default();
                        let inputs: Vec<(String, String)> = with
                            .iter()
                            .map(|(k, v)| (k.clone(), v.as_str().unwrap().replace("${{ github.base_ref }}", "main")))
                            .collect();
                        let inputs: Vec<(&str, &str)> = inputs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                        let run = run_action_check(&project, &inputs);
                        assert!(matches!(run.status, Some(0 | 1)), "{inputs:?}: {}", run.stderr);
                        if inputs.contains(&("summary", "true")) {
                            assert!(run.summary.starts_with("## AI security audit"), "{inputs:?}: {}", run.summary);
                        }
                        if let Some(file) = run.outputs.get("sarif-file").filter(|f| !f.is_empty()) {
                            let doc: Value =
                                serde_json::from_str(&fs::read_to_string(project.join(file)).unwrap()).unwrap();
                            assert_valid_sarif(&doc, file);
                            sarif_written.insert(file.clone());
                        }
                        assert!(action["inputs"].is_object());
                    }
                    if uses.starts_with("github/codeql-action/upload-sarif@") {
                        let file = step["with"]["sarif_file"].as_str().unwrap();
                        assert!(sarif_written.contains(file), "uploads {file}, which no earlier step writes");
                        assert_eq!(
                            job["permissions"]["security-events"], "write",
                            "uploading SARIF needs security-events: write"
                        );
                    }
                }
            }
        }
        if let Some(repos) = doc["repos"].as_array() {
            precommit += 1;
            for repo in repos {
                assert!(repo["repo"].as_str().unwrap().starts_with("https://github.com/OWNER/ringfence"));
                assert!(repo["rev"].is_string());
                for hook in repo["hooks"].as_array().unwrap() {
                    assert!(hook_ids.contains(hook["id"].as_str().unwrap()), "no hook {}", hook["id"]);
                    let mut args: Vec<&str> = vec!["check"];
                    args.extend(hook["args"].as_array().into_iter().flatten().map(|a| a.as_str().unwrap()));
                    args.push("infra/main.tf");
                    let out = ringfence(&project, &args);
                    assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", text(&out.stderr));
                }
            }
        }
        if doc.as_object().is_some_and(|jobs| jobs.values().any(|j| j["script"].is_array())) {
            gitlab += 1;
        }
    }
    assert_eq!((workflows, gitlab, precommit), (4, 1, 2), "the recipes the page promises");

    let commands = check_commands(&markdown);
    assert!(commands.len() >= 8, "{commands:?}");
    // In the page's order: the baseline is written before it is used.
    let in_order: Vec<&String> = {
        let mut c: Vec<&String> = commands.iter().collect();
        c.sort_by_key(|cmd| markdown.find(cmd.as_str()).unwrap());
        c
    };
    for command in in_order {
        let out = shell(&project, &env, command);
        let stderr = text(&out.stderr);
        assert!(matches!(out.status.code(), Some(0 | 1)), "`{command}` exited {:?}: {stderr}", out.status.code());
        assert!(!stderr.contains("error"), "`{command}`: {stderr}");
    }

    // The reports the GitLab recipe hands to GitLab exist and are what GitLab reads.
    for (doc, _) in &yaml_blocks {
        for job in doc.as_object().unwrap().values().filter(|j| j["script"].is_array()) {
            if let Some(report) = job["artifacts"]["reports"]["junit"].as_str() {
                assert!(junit(&project.join(report))["tests"].as_u64().unwrap() > 0, "{report}");
            }
            for path in job["artifacts"]["paths"].as_array().into_iter().flatten() {
                let doc: Value =
                    serde_json::from_str(&fs::read_to_string(project.join(path.as_str().unwrap())).unwrap()).unwrap();
                assert_valid_sarif(&doc, path.as_str().unwrap());
            }
        }
    }
    assert!(project.join("ringfence-baseline.json").is_file());
}
