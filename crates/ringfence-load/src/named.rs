//! Files named alone, as pre-commit passes them: read with their module, and the
//! findings kept only where they concern them.

use crate::{file_kind, is_terraform_input, Candidate, FileKind, Options};
use ringfence_eval::normalize;
use ringfence_syntax::absolute_path;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The files named alone (only files named, with module context read): a finding is
/// reported only when it concerns one of them.
#[derive(Clone, Debug)]
pub struct Focus {
    /// Absolute paths.
    files: HashSet<PathBuf>,
}

impl Focus {
    /// Whether this path is one of the named files.
    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains(&absolute_path(path))
    }
}

/// A Terraform file (or tfvars) named on its own, as pre-commit passes them, is read
/// with the rest of its module directory: its variables, locals and resources live in
/// sibling files, and without them its values would be unknown.
pub(crate) fn add_module_context(options: &Options, candidates: &mut Vec<Candidate>) {
    let mut known: HashSet<PathBuf> = candidates.iter().map(|c| normalize(&c.path)).collect();
    let mut seen_dirs: HashSet<PathBuf> = HashSet::new();
    for path in options.paths.iter().filter(|p| is_named_file(options, p)) {
        if !is_terraform_input(path) {
            continue;
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        if !seen_dirs.insert(normalize(dir)) {
            continue;
        }
        let mut dirs = vec![dir.to_path_buf()];
        dirs.extend(calling_dirs(dir));
        for dir in dirs {
            for file in terraform_files(&dir) {
                if known.insert(normalize(&file)) {
                    let kind = file_kind(&file).unwrap_or(FileKind::Terraform);
                    candidates.push(Candidate { path: file, kind, named: false });
                }
            }
        }
    }
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
}

/// The `.tf` and `.tf.json` files of a directory (`""` is the working directory).
fn terraform_files(dir: &Path) -> Vec<PathBuf> {
    let listed = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let mut files: Vec<PathBuf> = std::fs::read_dir(listed)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| dir.join(e.file_name()))
        .filter(|p| p.is_file() && matches!(file_kind(p), Some(FileKind::Terraform | FileKind::TerraformJson)))
        .collect();
    files.sort();
    crate::drop_shadowed_by_tofu(&mut files);
    files
}

/// How far up a named module file's callers are looked for.
const CALLER_LEVELS: usize = 4;

/// Ancestor directories (up to the repository root, a few levels) whose Terraform
/// files name `dir` as a local module source (`./modules/x`): the module's variables are
/// set there, so a child module's file is checked as its caller would evaluate it.
fn calling_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(module) = std::path::absolute(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }) else {
        return Vec::new();
    };
    let module = normalize(&module);
    let mut out = Vec::new();
    let mut ancestor = module.parent();
    for _ in 0..CALLER_LEVELS {
        let Some(a) = ancestor else { break };
        let Ok(relative) = module.strip_prefix(a) else { break };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let calls = terraform_files(a)
            .iter()
            .any(|f| std::fs::read_to_string(f).is_ok_and(|t| t.contains("source") && t.contains(relative.as_str())));
        if calls {
            // Spelled like the named file (relative to the working directory, or
            // absolute), so that the caller's module path and the file's directory
            // are recognised as the same; a caller above the working directory is
            // then out of reach.
            if dir.is_absolute() {
                out.push(a.to_path_buf());
            } else if let Some(relative) =
                std::env::current_dir().ok().and_then(|cwd| a.strip_prefix(normalize(&cwd)).ok().map(Path::to_path_buf))
            {
                out.push(relative);
            }
        }
        if a.join(".git").exists() {
            break;
        }
        ancestor = a.parent();
    }
    out
}

/// The files named on the command line, when only files are named: findings are then
/// kept only when they concern one of them (located there, or a value or suppression
/// written there).
pub(crate) fn focus(options: &Options) -> Option<Focus> {
    if !options.whole_modules
        || options.whole_report
        || options.paths.is_empty()
        || !options.paths.iter().all(|p| is_named_file(options, p))
    {
        return None;
    }
    Some(Focus { files: options.paths.iter().map(|p| absolute_path(p)).collect() })
}

/// A file named on the command line: on disk, or an unsaved buffer.
fn is_named_file(options: &Options, path: &Path) -> bool {
    path.is_file() || options.unsaved.keys().any(|p| absolute_path(p) == absolute_path(path))
}
