//! Terraform modules: the scanned directories, every local module they call and the
//! modules `terraform init` installed (`.terraform/modules/modules.json`), each parsed once.

use crate::{file_kind, guarded, FileKind};
use hcl_edit::structure::Body;
use rayon::prelude::*;
use ringfence_eval::{module_sources, normalize, ModuleSet, TfFile, TfModule};
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

/// A module directory and the parse result of each of its files.
type ParsedDir = (PathBuf, Vec<(FileId, Result<Parsed, Diagnostic>)>);

/// Every Terraform module directory reachable from the scanned ones, parsed.
pub(crate) struct Terraform {
    dirs: BTreeMap<PathBuf, Vec<(FileId, Parsed)>>,
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
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Terraform {
        let mut dirs: BTreeMap<PathBuf, Vec<(FileId, Parsed)>> = BTreeMap::new();
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
        while !wave.is_empty() {
            let parsed: Vec<ParsedDir> = wave
                .into_par_iter()
                .map(|(dir, files)| {
                    let parsed = files.into_iter().map(|id| (id, parse_terraform(sources, id))).collect();
                    (dir, parsed)
                })
                .collect();
            let mut next: Vec<PathBuf> = Vec::new();
            for (dir, files) in parsed {
                let mut ok = Vec::new();
                for (id, result) in files {
                    match result {
                        Ok(tree) => ok.push((id, tree)),
                        Err(d) => {
                            diagnostics.push(d);
                            unreadable.push(id);
                        }
                    }
                }
                for (id, tree) in &ok {
                    for (_, source) in module_sources(tf_file(sources, *id, tree)) {
                        if !(source.starts_with("./") || source.starts_with("../")) {
                            continue;
                        }
                        let target = normalize(&dir.join(&source));
                        // A module calling its own directory is a cycle that evaluation
                        // reports at the call; the directory stays a root. A target outside
                        // the root is not read; evaluation reports it at the `source`.
                        if target == dir || !root.contains(&target) {
                            continue;
                        }
                        called.insert(target.clone());
                        calls.entry(dir.clone()).or_default().push(target.clone());
                        if !dirs.contains_key(&target) && !next.contains(&target) {
                            next.push(target);
                        }
                    }
                }
                dirs.insert(dir, ok);
            }
            next.retain(|d| !dirs.contains_key(d));
            wave = next
                .into_iter()
                .map(|d| {
                    let files = module_files(&d, sources, root, diagnostics, &mut unreadable);
                    (d, files)
                })
                .filter(|(_, f)| !f.is_empty())
                .collect();
        }
        // Every scanned directory is a root, unless a configuration calls it.
        let has_files = |d: &PathBuf| dirs.get(d).is_some_and(|f| !f.is_empty());
        let mut roots: BTreeSet<PathBuf> =
            scanned_dirs.iter().filter(|d| !called.contains(*d) && has_files(d)).cloned().collect();
        // Directories that call each other (`a` → `b` → `a`) are called, yet no root
        // reaches them: each is checked as a root, and evaluation reports the cycle at
        // the module block that closes it.
        let reached = reachable(roots.iter().chain(plan_dirs), &calls);
        roots.extend(scanned_dirs.into_iter().filter(|d| !reached.contains(d) && has_files(d)));
        Terraform { dirs, roots, installed, unreadable }
    }

    /// The files of every module directory that parsed.
    pub(crate) fn parsed_files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.dirs.values().flatten().map(|(id, _)| *id)
    }
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
        let modules = self
            .dirs
            .iter()
            .map(|(dir, files)| {
                let files = files.iter().map(|(id, tree)| tf_file(sources, *id, tree)).collect();
                (dir.clone(), TfModule { dir: dir.clone(), files })
            })
            .collect();
        ModuleSet { modules, installed: self.installed.clone(), root: root.clone() }
    }
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
