//! Terraform modules: the scanned directories, every local module they call and the
//! modules `terraform init` installed (`.terraform/modules/modules.json`), each parsed once.

use crate::{file_kind, guarded, FileKind};
use hcl_edit::structure::Body;
use rayon::prelude::*;
use ringfence_eval::{module_sources, normalize, Evaluated, ModuleSet, TfFile, TfModule};
use ringfence_syntax::confine::Root;
use ringfence_syntax::limits::MAX_FILE_BYTES;
use ringfence_syntax::{parse_hcl, parse_json, Diagnostic, FileId, Node, SourceMap};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// A parsed Terraform file: native syntax or JSON.
pub(crate) enum Parsed {
    Hcl(Body),
    Json(Node),
}

/// What a root's evaluation gave: its resources and errors, and the files left out
/// because evaluating them exceeded a budget.
pub(crate) type RootResult = (Evaluated, Vec<FileId>);

/// Evaluates a root module with the modules of a set.
pub(crate) type EvaluateRoot<'a> = dyn Fn(&Path, &ModuleSet<'_>) -> RootResult + Sync + 'a;

/// A module directory read: its trees, the errors of the files that did not parse,
/// the local directories it calls; or, once it was evaluated early, the files that
/// parsed and what evaluating them gave (the trees dropped).
struct ParsedDir {
    dir: PathBuf,
    trees: Vec<(FileId, Parsed)>,
    errors: Vec<(FileId, Diagnostic)>,
    calls: Vec<PathBuf>,
    early: Option<(Vec<FileId>, RootResult)>,
}

/// Every Terraform module directory reachable from the scanned ones, parsed; the
/// scanned directories that call no local module are evaluated as soon as they are
/// parsed and their trees dropped, so that a monorepo's trees are never all held at
/// once (most of its directories are such roots).
pub(crate) struct Terraform {
    /// The trees of the directories still to evaluate: roots that call modules, and
    /// the modules they call.
    dirs: BTreeMap<PathBuf, Vec<(FileId, Parsed)>>,
    /// Roots evaluated early, each with the files that parsed (their trees dropped).
    pub(crate) early: BTreeMap<PathBuf, (Vec<FileId>, RootResult)>,
    pub(crate) roots: BTreeSet<PathBuf>,
    installed: HashMap<PathBuf, HashMap<String, PathBuf>>,
    /// Terraform files that could not be read or parsed (each has an error).
    pub(crate) unreadable: Vec<FileId>,
}

impl Terraform {
    pub(crate) fn load(
        sources: &SourceMap,
        scanned: BTreeMap<PathBuf, Vec<FileId>>,
        plan_dirs: &BTreeSet<PathBuf>,
        root: &Root,
        evaluate: &EvaluateRoot<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Terraform {
        let mut dirs: BTreeMap<PathBuf, Vec<(FileId, Parsed)>> = BTreeMap::new();
        let mut early: BTreeMap<PathBuf, (Vec<FileId>, RootResult)> = BTreeMap::new();
        let mut called: HashSet<PathBuf> = plan_dirs.iter().cloned().collect();
        let mut installed: HashMap<PathBuf, HashMap<String, PathBuf>> = HashMap::new();
        // Which directories each one calls (itself left out), to find cycles.
        let mut calls: HashMap<PathBuf, Vec<PathBuf>> = HashMap::new();
        let mut unreadable = Vec::new();
        let scanned_dirs: BTreeSet<PathBuf> = scanned.keys().cloned().collect();
        let mut wave: Vec<(PathBuf, Vec<FileId>)> = scanned.into_iter().collect();
        for dir in plan_dirs.iter().filter(|d| !scanned_dirs.contains(*d)) {
            wave.push((dir.clone(), module_files(dir, sources, root, diagnostics, &mut unreadable)));
        }
        // Modules that `terraform init` installed for a scanned root.
        for dir in &scanned_dirs {
            let modules = read_installed(dir, root);
            // `modules.json` comes with the pull request too: a `Dir` outside the root is
            // not read (evaluation reports it at the module call).
            for module_dir in modules.values().filter(|d| root.contains(d)) {
                called.insert(module_dir.clone());
                calls.entry(dir.clone()).or_default().push(module_dir.clone());
                if !scanned_dirs.contains(module_dir) {
                    wave.push((
                        module_dir.clone(),
                        module_files(module_dir, sources, root, diagnostics, &mut unreadable),
                    ));
                }
            }
            if !modules.is_empty() {
                installed.insert(dir.clone(), modules);
            }
        }
        // A scanned directory may be evaluated on its own when nothing known calls it
        // and it has no installed modules; whether it calls a local module is known
        // once it is parsed. One that some other directory turns out to call is parsed
        // again below and its early result dropped.
        let may_be_early: HashSet<PathBuf> = scanned_dirs
            .iter()
            .filter(|dir| !called.contains(*dir) && !installed.contains_key(*dir))
            .cloned()
            .collect();
        let mut first_wave = true;
        while !wave.is_empty() {
            let parsed: Vec<ParsedDir> = wave
                .into_par_iter()
                .map(|(dir, files)| {
                    let early = first_wave && may_be_early.contains(&dir);
                    read_dir(sources, root, dir, files, early.then_some(evaluate))
                })
                .collect();
            first_wave = false;
            let mut next: Vec<PathBuf> = Vec::new();
            for ParsedDir { dir, trees, errors, calls: targets, early: evaluated } in parsed {
                for (id, d) in errors {
                    diagnostics.push(d);
                    unreadable.push(id);
                }
                for target in targets {
                    called.insert(target.clone());
                    calls.entry(dir.clone()).or_default().push(target.clone());
                    let known = dirs.contains_key(&target) || early.contains_key(&target);
                    if !known && !next.contains(&target) {
                        next.push(target);
                    }
                }
                match evaluated {
                    Some(evaluated) => {
                        early.insert(dir, evaluated);
                    }
                    None => {
                        dirs.insert(dir, trees);
                    }
                }
            }
            next.retain(|d| !dirs.contains_key(d) && !early.contains_key(d));
            wave = next
                .into_iter()
                .map(|d| {
                    let files = module_files(&d, sources, root, diagnostics, &mut unreadable);
                    (d, files)
                })
                .filter(|(_, f)| !f.is_empty())
                .collect();
        }
        // Evaluated early, then called by another directory: a module after all.
        let (recalled, kept): (Vec<_>, Vec<_>) =
            std::mem::take(&mut early).into_iter().partition(|(dir, _)| called.contains(dir));
        early = kept.into_iter().collect();
        let reparsed: Vec<ParsedDir> =
            recalled.into_par_iter().map(|(dir, (files, _))| read_dir(sources, root, dir, files, None)).collect();
        for ParsedDir { dir, trees, errors, .. } in reparsed {
            for (id, d) in errors {
                diagnostics.push(d);
                unreadable.push(id);
            }
            dirs.insert(dir, trees);
        }
        // Every scanned directory is a root, unless a configuration calls it.
        let has_files = |d: &PathBuf| dirs.get(d).is_some_and(|f| !f.is_empty()) || early.contains_key(d);
        let mut roots: BTreeSet<PathBuf> =
            scanned_dirs.iter().filter(|d| !called.contains(*d) && has_files(d)).cloned().collect();
        // Directories that call each other (`a` → `b` → `a`) are called, yet no root
        // reaches them: each is checked as a root, and evaluation reports the cycle at
        // the module block that closes it.
        let reached = reachable(roots.iter().chain(plan_dirs), &calls);
        roots.extend(scanned_dirs.into_iter().filter(|d| !reached.contains(d) && has_files(d)));
        Terraform { dirs, early, roots, installed, unreadable }
    }

    /// The files of every module directory that parsed.
    pub(crate) fn parsed_files(&self) -> impl Iterator<Item = FileId> + '_ {
        let early = self.early.values().flat_map(|(files, _)| files.iter().copied());
        self.dirs.values().flatten().map(|(id, _)| *id).chain(early)
    }
}

/// Parses the files of a module directory and finds the local directories it calls;
/// with `evaluate`, a directory that calls none is evaluated as a root at once and its
/// trees dropped.
fn read_dir(
    sources: &SourceMap,
    root: &Root,
    dir: PathBuf,
    files: Vec<FileId>,
    evaluate: Option<&EvaluateRoot<'_>>,
) -> ParsedDir {
    let mut trees = Vec::new();
    let mut errors = Vec::new();
    for id in files {
        match parse_terraform(sources, id) {
            Ok(tree) => trees.push((id, tree)),
            Err(d) => errors.push((id, d)),
        }
    }
    let mut calls = Vec::new();
    for (id, tree) in &trees {
        for (_, source) in module_sources(tf_file(sources, *id, tree)) {
            if !(source.starts_with("./") || source.starts_with("../")) {
                continue;
            }
            let target = normalize(&dir.join(&source));
            // A module calling its own directory is a cycle that evaluation reports at
            // the call; the directory stays a root. A target outside the root is not
            // read; evaluation reports it at the `source`.
            if target != dir && root.contains(&target) && !calls.contains(&target) {
                calls.push(target);
            }
        }
    }
    let early = match evaluate {
        Some(evaluate) if calls.is_empty() && !trees.is_empty() => {
            let modules = BTreeMap::from([(dir.clone(), tf_module(sources, &dir, &trees))]);
            let result = evaluate(&dir, &ModuleSet { modules, installed: HashMap::new(), root: root.clone() });
            let parsed = std::mem::take(&mut trees).into_iter().map(|(id, _)| id).collect();
            Some((parsed, result))
        }
        _ => None,
    };
    ParsedDir { dir, trees, errors, calls, early }
}

/// Every directory reached from `starts` through module calls.
fn reachable<'a>(
    starts: impl Iterator<Item = &'a PathBuf>,
    calls: &HashMap<PathBuf, Vec<PathBuf>>,
) -> HashSet<PathBuf> {
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut queue: VecDeque<PathBuf> = starts.cloned().collect();
    while let Some(dir) = queue.pop_front() {
        if seen.insert(dir.clone()) {
            queue.extend(calls.get(&dir).into_iter().flatten().filter(|d| !seen.contains(*d)).cloned());
        }
    }
    seen
}

impl Terraform {
    pub(crate) fn module_set<'a>(&'a self, sources: &'a SourceMap, root: &Root) -> ModuleSet<'a> {
        let modules = self.dirs.iter().map(|(dir, trees)| (dir.clone(), tf_module(sources, dir, trees))).collect();
        ModuleSet { modules, installed: self.installed.clone(), root: root.clone() }
    }
}

/// A module directory's parsed files, as evaluation reads them.
fn tf_module<'a>(sources: &'a SourceMap, dir: &Path, trees: &'a [(FileId, Parsed)]) -> TfModule<'a> {
    let files = trees.iter().map(|(id, tree)| tf_file(sources, *id, tree)).collect();
    TfModule { dir: dir.to_path_buf(), files }
}

pub(crate) fn tf_file<'a>(sources: &'a SourceMap, id: FileId, tree: &'a Parsed) -> TfFile<'a> {
    match tree {
        Parsed::Hcl(body) => TfFile::Hcl(sources.get(id), body),
        Parsed::Json(node) => TfFile::Json(sources.get(id), node),
    }
}

pub(crate) fn parse_terraform(sources: &SourceMap, id: FileId) -> Result<Parsed, Diagnostic> {
    let file = sources.get(id);
    guarded(id, || {
        if file.path.to_string_lossy().ends_with(".json") {
            parse_json(file).map(Parsed::Json)
        } else {
            parse_hcl(file).map(Parsed::Hcl)
        }
    })
}

/// The Terraform files of a module directory not found by discovery; one that cannot
/// be read, or leads outside the root (a symbolic link), is an error, never a module
/// quietly missing a file.
fn module_files(
    dir: &Path,
    sources: &SourceMap,
    root: &Root,
    diagnostics: &mut Vec<Diagnostic>,
    unreadable: &mut Vec<FileId>,
) -> Vec<FileId> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| !e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| matches!(file_kind(p), Some(FileKind::Terraform | FileKind::TerraformJson)))
        .collect();
    paths.sort();
    crate::drop_shadowed_by_tofu(&mut paths);
    let mut ids = Vec::new();
    for path in paths {
        let mut failed = None;
        let read = sources
            .get_or_read(&path, || root.read(&path, MAX_FILE_BYTES).map_err(|e| failed = Some(e.to_string())).ok());
        match (read, failed) {
            (Some(id), _) => ids.push(id),
            (None, Some(message)) => {
                let id = sources.add(path, String::new());
                diagnostics.push(Diagnostic::error(id, None, message));
                unreadable.push(id);
            }
            (None, None) => {}
        }
    }
    ids
}

/// `.terraform/modules/modules.json` of a module directory: module key → installed
/// directory.
fn read_installed(dir: &Path, root: &Root) -> HashMap<String, PathBuf> {
    let Ok(text) = root.read(&dir.join(".terraform/modules/modules.json"), MAX_FILE_BYTES) else {
        return HashMap::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return HashMap::new() };
    json["Modules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let key = m["Key"].as_str().filter(|k| !k.is_empty())?;
            let installed = m["Dir"].as_str()?;
            Some((key.to_string(), normalize(&dir.join(installed))))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_root_that_calls_no_module_is_evaluated_at_once_and_its_trees_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(dir.path()).unwrap();
        let files = [
            ("app", "module \"lib\" {\n  source = \"../lib\"\n}\n"),
            ("lib", "resource \"aws_s3_bucket\" \"b\" {}\n"),
            ("solo", "resource \"aws_s3_bucket\" \"s\" {}\n"),
        ];
        let sources = SourceMap::default();
        let mut scanned = BTreeMap::new();
        for (name, text) in files {
            std::fs::create_dir(base.join(name)).unwrap();
            let path = base.join(name).join("main.tf");
            std::fs::write(&path, text).unwrap();
            scanned.insert(base.join(name), vec![sources.add(path, text.to_string())]);
        }
        let evaluated: Mutex<Vec<PathBuf>> = Mutex::default();
        let evaluate = |dir: &Path, set: &ModuleSet<'_>| {
            assert_eq!(set.modules.keys().collect::<Vec<_>>(), [dir], "evaluated alone");
            evaluated.lock().unwrap().push(dir.to_path_buf());
            (Evaluated::default(), Vec::new())
        };
        let root = Root::at(&base).unwrap();
        let mut diagnostics = Vec::new();
        let terraform = Terraform::load(&sources, scanned, &BTreeSet::new(), &root, &evaluate, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // `solo` was evaluated as soon as it was parsed and holds no tree any more;
        // `lib` too, but `app` calls it: parsed again, its early result dropped.
        assert_eq!(terraform.early.keys().collect::<Vec<_>>(), [&base.join("solo")]);
        assert_eq!(terraform.dirs.keys().collect::<Vec<_>>(), [&base.join("app"), &base.join("lib")]);
        assert_eq!(terraform.dirs[&base.join("lib")].len(), 1, "the module's tree, for its caller");
        let mut evaluated = evaluated.into_inner().unwrap();
        evaluated.sort();
        assert_eq!(evaluated, [base.join("lib"), base.join("solo")]);
        assert_eq!(terraform.roots, BTreeSet::from([base.join("app"), base.join("solo")]));
        assert_eq!(terraform.parsed_files().count(), 3);
    }
}
