//! Which files a scan reads, from the paths it is given.

use crate::{file_kind, Exclude, FileKind};
use ignore::{WalkBuilder, WalkState};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Directories never scanned: VCS data, Terraform's download cache (read only as
/// modules), JavaScript dependencies.
const SKIPPED_DIRS: &[&str] = &[".git", ".terraform", "node_modules"];

/// What discovery found under the paths it was given.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Every file to read, sorted and without duplicates.
    pub files: Vec<Candidate>,
    /// Paths that could not be walked, with why: each is reported.
    pub problems: Vec<WalkProblem>,
    /// Terraform files that ignore rules (`.gitignore`, `.ignore`, git's excludes) hide
    /// and git does not track: left out, and counted.
    pub ignored: usize,
}

/// A file to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub path: PathBuf,
    pub kind: FileKind,
    /// Named on the command line (trusted, and never skipped quietly).
    pub named: bool,
}

/// A path the walk could not go through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkProblem {
    pub path: PathBuf,
    pub message: String,
    /// An input may be missing (a directory that could not be read): exit 2. Otherwise
    /// (an ignore file with a bad line) a warning.
    pub error: bool,
}

/// Every file to scan under `paths`.
///
/// Directories are walked respecting `.gitignore` (also outside a git repository),
/// `.ignore` and the global git excludes, for untracked files only: a file git tracks
/// is always scanned, as git itself ignores only untracked files. CDK output
/// (`cdk.out/*.template.json`) is scanned even though projects git-ignore it. A file
/// named explicitly is always scanned, and a path that does not exist is kept so that
/// it is reported. The configuration's `exclude` prunes directories as they are walked.
pub fn discover(paths: &[PathBuf], exclude: &Exclude) -> Discovery {
    let mut found: BTreeMap<PathBuf, Candidate> = BTreeMap::new();
    let mut discovery = Discovery::default();
    for path in paths {
        if path.is_dir() {
            walk(path, exclude, &mut found, &mut discovery);
        } else {
            let kind = file_kind(path).unwrap_or(FileKind::Document);
            found.insert(path.clone(), Candidate { path: path.clone(), kind, named: true });
        }
    }
    discovery.files = found.into_values().collect();
    discovery
}

/// The files under `root` that may be inputs (by their name), with the CDK output of
/// each directory when `ignore_rules` (it is read whatever they say), and the walk's
/// errors; both sorted. Directories are walked in parallel: one thread stats and
/// reads the ignore files of a large tree too slowly (0.3 s for 10,000 files).
fn walk_files(root: &Path, exclude: &Exclude, ignore_rules: bool) -> (Vec<(PathBuf, FileKind)>, Vec<WalkProblem>) {
    let exclude = exclude.clone();
    let walker = WalkBuilder::new(root)
        .standard_filters(ignore_rules)
        .hidden(false)
        .require_git(false)
        .threads(rayon::current_num_threads().max(1))
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            let skipped =
                e.file_type().is_some_and(|t| t.is_dir()) && SKIPPED_DIRS.contains(&&*e.file_name().to_string_lossy());
            !skipped && !exclude.excluded(e.path())
        })
        .build_parallel();
    let files: Mutex<Vec<(PathBuf, FileKind)>> = Mutex::default();
    let problems: Mutex<Vec<WalkProblem>> = Mutex::default();
    walker.run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    let found = if entry.file_type().is_some_and(|t| t.is_dir()) {
                        if ignore_rules {
                            cdk_output(&path.join("cdk.out"), true)
                        } else {
                            Vec::new()
                        }
                    } else {
                        file_kind(path).map(|kind| (path.to_path_buf(), kind)).into_iter().collect()
                    };
                    if !found.is_empty() {
                        files.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
                    }
                }
                Err(e) => problems.lock().unwrap_or_else(|e| e.into_inner()).push(walk_problem(root, &e)),
            }
            WalkState::Continue
        })
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    problems.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    (files, problems)
}

fn walk(root: &Path, exclude: &Exclude, found: &mut BTreeMap<PathBuf, Candidate>, discovery: &mut Discovery) {
    let mut add = |path: &Path, kind: FileKind| {
        found.entry(path.to_path_buf()).or_insert_with(|| Candidate { path: path.to_path_buf(), kind, named: false });
    };
    let (files, problems) = walk_files(root, exclude, true);
    discovery.problems.extend(problems);
    let kept: BTreeSet<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
    for (path, kind) in &files {
        add(path, *kind);
    }
    // What the ignore rules hid: the same walk without them (errors were reported above).
    let (every_file, _) = walk_files(root, exclude, false);
    let hidden: Vec<(PathBuf, FileKind)> = every_file.into_iter().filter(|(path, _)| !kept.contains(path)).collect();
    if hidden.is_empty() {
        return;
    }
    match tracked_files(root) {
        Tracked::Known(tracked) => {
            for (path, kind) in hidden {
                if tracked.contains(&ringfence_eval::normalize(&std::path::absolute(&path).unwrap_or(path.clone()))) {
                    add(&path, kind);
                } else if kind != FileKind::Document {
                    discovery.ignored += 1;
                }
            }
        }
        Tracked::NoRepository => discovery.ignored += hidden.iter().filter(|(_, k)| *k != FileKind::Document).count(),
        Tracked::Unknown(why) => {
            // Failing closed: without knowing what git tracks, nothing is left out.
            discovery.problems.push(WalkProblem {
                path: root.to_path_buf(),
                message: format!(
                    "cannot tell which files git tracks ({why}): the files that ignore rules name are checked too"
                ),
                error: false,
            });
            for (path, kind) in hidden {
                add(&path, kind);
            }
        }
    }
}

/// A walk error, as what it concerns and why.
fn walk_problem(root: &Path, e: &ignore::Error) -> WalkProblem {
    // A bad line in an ignore file leaves the rest of it applied: worth a word only.
    fn is_ignore_file_problem(e: &ignore::Error) -> bool {
        match e {
            ignore::Error::Partial(_) | ignore::Error::Glob { .. } | ignore::Error::WithLineNumber { .. } => true,
            ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => is_ignore_file_problem(err),
            _ => false,
        }
    }
    fn path_of(e: &ignore::Error) -> Option<&Path> {
        match e {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => path_of(err),
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    let path = path_of(e).unwrap_or(root).to_path_buf();
    if is_ignore_file_problem(e) {
        return WalkProblem { path, message: format!("ignore rules partly applied: {e}"), error: false };
    }
    WalkProblem { path, message: format!("cannot read directory, its files were not checked: {e}"), error: true }
}

/// Which files git tracks under a walked directory.
enum Tracked {
    /// Absolute, normalized paths.
    Known(BTreeSet<PathBuf>),
    /// Not in a git work tree: ignore rules apply to every file.
    NoRepository,
    /// In a work tree, but git could not say (not installed, a repository it refuses).
    Unknown(String),
}

/// Asks git (`git ls-files`) rather than reading `.git/index`: the index has four
/// versions, split and sparse forms and linked work trees, and git is on every
/// machine that has a repository to check. `core.fsmonitor` is turned off so that
/// nothing configured runs.
fn tracked_files(dir: &Path) -> Tracked {
    let Ok(absolute) = std::path::absolute(dir) else { return Tracked::Unknown("no working directory".into()) };
    let absolute = ringfence_eval::normalize(&absolute);
    if !absolute.ancestors().any(|a| a.join(".git").exists()) {
        return Tracked::NoRepository;
    }
    let output = Command::new("git")
        .args(["-c", "core.fsmonitor=false", "ls-files", "-z", "--cached"])
        .current_dir(&absolute)
        .output();
    match output {
        Ok(out) if out.status.success() => Tracked::Known(
            out.stdout
                .split(|b| *b == 0)
                .filter(|p| !p.is_empty())
                .map(|p| ringfence_eval::normalize(&absolute.join(String::from_utf8_lossy(p).as_ref())))
                .collect(),
        ),
        Ok(out) => {
            let err = String::from_utf8_lossy(&out.stderr);
            Tracked::Unknown(format!("git ls-files: {}", err.lines().next().unwrap_or("failed").trim()))
        }
        Err(e) => Tracked::Unknown(format!("cannot run git: {e}")),
    }
}

/// `cdk.out/*.template.json`, and those of nested stage assemblies
/// (`cdk.out/assembly-*/`), whether or not git ignores them.
fn cdk_output(dir: &Path, top: bool) -> Vec<(PathBuf, FileKind)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if top && entry.file_type().is_ok_and(|t| t.is_dir()) && name.starts_with("assembly-") {
            out.extend(cdk_output(&path, false));
        } else if name.ends_with(".template.json") {
            out.push((path, FileKind::Document));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_that_cannot_be_read_is_an_error_naming_it() {
        let denied = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "Permission denied");
        let e =
            ignore::Error::WithPath { path: PathBuf::from("infra/secret"), err: Box::new(ignore::Error::Io(denied)) };
        let problem = walk_problem(Path::new("infra"), &ignore::Error::WithDepth { depth: 1, err: Box::new(e) });
        assert!(problem.error);
        assert_eq!(problem.path, PathBuf::from("infra/secret"));
        assert!(problem.message.contains("cannot read directory"), "{}", problem.message);
    }

    #[test]
    fn a_bad_ignore_line_is_a_warning() {
        let e = ignore::Error::Glob { glob: Some("[".into()), err: "unclosed".into() };
        let problem = walk_problem(Path::new("."), &ignore::Error::Partial(vec![e]));
        assert!(!problem.error);
    }
}
