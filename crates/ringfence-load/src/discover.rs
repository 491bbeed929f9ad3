//! Which files a scan reads, from the paths it is given.

use crate::{file_kind, Exclude, FileKind};
use ignore::WalkBuilder;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

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

fn walker(root: &Path, exclude: &Exclude, ignore_rules: bool) -> ignore::Walk {
    let exclude = exclude.clone();
    WalkBuilder::new(root)
        .standard_filters(ignore_rules)
        .hidden(false)
        .require_git(false)
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            let skipped =
                e.file_type().is_some_and(|t| t.is_dir()) && SKIPPED_DIRS.contains(&&*e.file_name().to_string_lossy());
            !skipped && !exclude.excluded(e.path())
        })
        .build()
}

fn walk(root: &Path, exclude: &Exclude, found: &mut BTreeMap<PathBuf, Candidate>, discovery: &mut Discovery) {
    let mut add = |path: &Path, kind: FileKind| {
        found.entry(path.to_path_buf()).or_insert_with(|| Candidate { path: path.to_path_buf(), kind, named: false });
    };
    let mut kept: BTreeSet<PathBuf> = BTreeSet::new();
    for entry in walker(root, exclude, true) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                discovery.problems.push(walk_problem(root, &e));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            for (file, kind) in cdk_output(&path.join("cdk.out"), true) {
                kept.insert(file.clone());
                add(&file, kind);
            }
        } else if let Some(kind) = file_kind(path) {
            kept.insert(path.to_path_buf());
            add(path, kind);
        }
    }
    // What the ignore rules hid: the same walk without them (errors were reported above).
    let hidden: Vec<(PathBuf, FileKind)> = walker(root, exclude, false)
        .flatten()
        .filter(|e| !e.file_type().is_some_and(|t| t.is_dir()) && !kept.contains(e.path()))
        .filter_map(|e| Some((e.path().to_path_buf(), file_kind(e.path())?)))
        .collect();
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
