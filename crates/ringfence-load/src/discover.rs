//! Which files a scan reads, from the paths it is given.

use crate::{file_kind, Exclude, FileKind};
use ignore::WalkBuilder;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Directories never scanned: VCS data, Terraform's download cache (read only as
/// modules), JavaScript dependencies.
const SKIPPED_DIRS: &[&str] = &[".git", ".terraform", "node_modules"];

/// Every file to scan under `paths`, sorted and without duplicates.
///
/// Directories are walked respecting `.gitignore` (also outside a git repository),
/// `.ignore` and the global git excludes. CDK output (`cdk.out/*.template.json`) is
/// scanned even though projects git-ignore it. A file named explicitly is always
/// scanned, and a path that does not exist is kept so that it is reported. The
/// configuration's `exclude` prunes directories as they are walked.
pub fn discover(paths: &[PathBuf], exclude: &Exclude) -> Vec<(PathBuf, FileKind)> {
    let mut found: BTreeMap<PathBuf, FileKind> = BTreeMap::new();
    for path in paths {
        if path.is_dir() {
            walk(path, exclude, &mut found);
        } else {
            found.insert(path.clone(), file_kind(path).unwrap_or(FileKind::Document));
        }
    }
    found.into_iter().collect()
}

fn walk(root: &Path, exclude: &Exclude, found: &mut BTreeMap<PathBuf, FileKind>) {
    let exclude = exclude.clone();
    let walker = WalkBuilder::new(root)
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
        .build();
    for entry in walker.flatten() {
        let path = entry.path();
        if entry.file_type().is_some_and(|t| t.is_dir()) {
            add_cdk_output(&path.join("cdk.out"), true, found);
        } else if let Some(kind) = file_kind(path) {
            found.insert(path.to_path_buf(), kind);
        }
    }
}

/// `cdk.out/*.template.json`, and those of nested stage assemblies
/// (`cdk.out/assembly-*/`), whether or not git ignores them.
fn add_cdk_output(dir: &Path, top: bool, found: &mut BTreeMap<PathBuf, FileKind>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if top && path.is_dir() && name.starts_with("assembly-") {
            add_cdk_output(&path, false, found);
        } else if name.ends_with(".template.json") {
            found.insert(path, FileKind::Document);
        }
    }
}
