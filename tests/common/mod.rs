//! What every integration test needs to run the built binary as a user does.
// Each test file is its own crate and uses a different subset of these helpers.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().unwrap()
}

/// `ringfence ARGS` in `dir`, colour left to its defaults.
pub fn ringfence(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ringfence")).current_dir(dir).args(args).env_remove("NO_COLOR").output().unwrap()
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
    let all: Vec<&'static dyn ringfence_rules::Rule> = ringfence_rules::RULES.to_vec();
    ringfence::scan(paths, &all)
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
