//! What every integration test needs to run the built binary as a user does.
// Each test file is its own crate and uses a different subset of these helpers.
#![allow(dead_code)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().unwrap()
}

/// `ringfence ARGS` in `dir`, colour left to its defaults.
pub fn ringfence(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ringfence"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("RINGFENCE_TIMINGS")
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("killed by a signal")
}

/// Writes `dir/name`, creating its directories.
pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

pub fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap()
}

// ---------------------------------------------------------------------------------------
// The library. Tests that look inside a scan (rule fixtures, the bundled example, the
// model) reach the library's entry points only through these helpers, so that a change
// of that API is adapted here once.

/// Scans these paths with every rule (also those off by default) and no configuration.
pub fn scan_with_every_rule(paths: &[PathBuf]) -> ringfence::Scan {
    ringfence::scan(paths, &ringfence_rules::RuleSet::all(ringfence_rules::Registry::builtin()))
}

/// Loads these paths into the model, as a scan does before running the rules.
pub fn load_model(paths: &[PathBuf]) -> ringfence::Loaded {
    ringfence::build_model(&ringfence::Options { paths: paths.to_vec(), ..ringfence::Options::default() })
}

/// What `--fix` would change for these findings of a scan, as the unified diff `--diff`
/// prints (each file named by `name`), and the indexes of the findings whose fix could
/// not be placed.
pub fn fix_diff(
    scan: &ringfence::Scan,
    findings: &[ringfence_rules::Finding],
    name: impl Fn(&Path) -> String,
) -> (String, Vec<usize>) {
    let mut fixed = ringfence::fix::fixed_texts(&scan.sources, findings);
    for file in &mut fixed.files {
        file.0 = PathBuf::from(name(&file.0));
    }
    (ringfence::fix::diff(&fixed), fixed.unapplied)
}

// ---------------------------------------------------------------------------------------
// Data that is not in the repository.
//
// The project's shared/ folder (real corpora, AWS's policy catalog) sits beside the
// repository, not in it: a bare clone lacks it. One policy for every test that reads it:
// the test is `#[ignore = "needs ../shared/..."]`, so that `cargo test` on a bare clone
// is green and lists it as ignored; run, it fails when its data is absent (it never
// passes having checked nothing); `.ci/run` runs every ignored test (`-- --ignored`),
// and CI has shared/ beside the checkout. crates/ringfence-model/tests/iam_catalog.rs,
// in another crate, follows the same policy.

/// A corpus of the shared folder (`../shared/corpora/NAME`, or `$RINGFENCE_CORPORA/NAME`);
/// panics when it is not there.
pub fn corpus(name: &str) -> PathBuf {
    let corpora = std::env::var_os("RINGFENCE_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let corpus = corpora.join(name);
    assert!(
        corpus.is_dir(),
        "the {name} corpus is not at {}: put the project's shared/ folder beside the repository \
         or set RINGFENCE_CORPORA",
        corpus.display()
    );
    corpus
}

// ---------------------------------------------------------------------------------------
// Running checks as a user does, and small projects several test files share.

/// `ringfence check --format concise ARGS`: (standard output, exit code).
pub fn concise(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = ringfence(dir, &[&["check", "--format", "concise"], args].concat());
    assert_eq!(stderr(&out), "", "stderr of check {args:?}");
    (stdout(&out), code(&out))
}

/// `ringfence check --format json ARGS`, parsed.
pub fn json(dir: &Path, args: &[&str]) -> Value {
    let out = ringfence(dir, &[&["check", "--format", "json"], args].concat());
    serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)))
}

/// The lines of a concise report, each cut before its message: `file:line:col: severity CODE`.
pub fn located(report: &str) -> Vec<String> {
    report.lines().map(|l| l.splitn(4, ' ').take(3).collect::<Vec<_>>().join(" ")).collect()
}

/// One finding of each severity, from three families.
pub const FOUR_SEVERITIES: &str = r#"resource "aws_security_group" "ssh" {
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

/// A security group open to SSH and a key without rotation.
pub const SSH_AND_KEY: &str = r#"resource "aws_security_group" "sg" {
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

/// Two open security groups, a suppressed and a reported key without rotation, and a
/// repository with mutable tags.
pub const STATISTICS_STACK: &str = r#"resource "aws_security_group" "ssh" {
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

/// What `--statistics` prints for STATISTICS_STACK (docs/baselines.md shows it too).
pub const STATISTICS: &str = concat!(
    " COUNT SUPPRESSED  CODE     NAME                                 SEVERITY\n",
    "     2          0  NET001   open-ingress                         critical\n",
    "     1          0  DATA009  ecr-mutable-tags                     low\n",
    "     1          1  KMS001   key-rotation-disabled                high\n",
    "     4          1  total\n",
);

/// (file, code, resource) of each entry of a baseline file, its header and fingerprints checked.
pub fn baseline_entries(dir: &Path, name: &str) -> Vec<(String, String, String)> {
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

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
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

/// `git ARGS` in `dir`, with a fixed identity and no system or signing settings.
pub fn git(dir: &Path, args: &[&str]) {
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

/// Stages everything and commits it.
pub fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}
