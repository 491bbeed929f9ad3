//! Every input the fuzzer (`examples/fuzz/`) saved in `tests/fuzz-regressions/` goes
//! through the whole pipeline without a panic, an internal error or an invalid report.
//! A file is checked alone in a directory of its own; a directory is checked whole.

#[allow(dead_code)] // The fuzzer reads more of it than this test does.
#[path = "../examples/fuzz/pipeline.rs"]
mod pipeline;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A debug build on a loaded two-core machine; the fuzzer's release bound is 5 s.
const TIME_LIMIT: Duration = Duration::from_secs(60);

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn saved_inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.flatten().map(|e| e.path()).collect::<Vec<PathBuf>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn every_saved_fuzz_input_goes_through_the_pipeline() {
    // As the CLI runs it: roomy stacks for the parsers' bounded recursion.
    let pool = rayon::ThreadPoolBuilder::new().stack_size(64 << 20).build().unwrap();
    let mut failures = Vec::new();
    let inputs = saved_inputs();
    for input in &inputs {
        let scratch = tempfile::tempdir().unwrap();
        let name = input.file_name().unwrap();
        if input.is_dir() {
            copy_tree(input, scratch.path());
        } else {
            std::fs::copy(input, scratch.path().join(name)).unwrap();
        }
        let started = Instant::now();
        let result = pool.install(|| pipeline::check_dir(scratch.path()));
        let took = started.elapsed();
        match result {
            Err(failure) => failures.push(format!("{}: {}", name.to_string_lossy(), failure.detail)),
            Ok(_) if took > TIME_LIMIT => failures.push(format!("{}: took {took:?}", name.to_string_lossy())),
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{} of {} saved inputs fail:\n{}", failures.len(), inputs.len(), failures.join("\n"));
}
