//! Stage 6 of the pipeline: finding the files and running the stages over them.
//!
//! [`scan`] is the whole job: discover, read and parse files in parallel, evaluate
//! each Terraform module and CloudFormation template, build one model, run the
//! selected rules. Every failure stays local to its file and becomes a located
//! diagnostic; the rest of the scan goes on.

mod discover;

pub use discover::discover;

use hcl_edit::structure::Body;
use rayon::prelude::*;
use ringfence_eval::{evaluate_module, evaluate_template, is_cloudformation, Evaluated, TfFile, UnitId};
use ringfence_model::Model;
use ringfence_rules::{Finding, Rule};
use ringfence_syntax::{parse_hcl, parse_json, parse_yaml, Diagnostic, FileId, Node, SourceMap};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// What a scan produced.
pub struct Scan {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How a file is read, decided from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `.tf`
    Terraform,
    /// `.tf.json`
    TerraformJson,
    /// YAML or JSON that may be a CloudFormation template (decided by content).
    Document,
}

pub fn file_kind(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".tf") {
        Some(FileKind::Terraform)
    } else if name.ends_with(".tf.json") {
        Some(FileKind::TerraformJson)
    } else if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
        None
    } else if [".yaml", ".yml", ".json", ".template"].iter().any(|e| name.ends_with(e)) {
        Some(FileKind::Document)
    } else {
        None
    }
}

/// Cheap test on the raw text before parsing: could this be a CloudFormation
/// template? Keeps unrelated YAML/JSON (CI configs, package.json) out of the scan.
fn may_be_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && (text.contains("AWS::") || text.contains("Custom::")))
}

enum Parsed {
    Hcl(Body),
    TfJson(Node),
}

/// Scans the given paths with the given rules.
pub fn scan(paths: &[PathBuf], rules: &[&'static dyn Rule]) -> Scan {
    let candidates = discover(paths);
    // Read in parallel, then number files in sorted path order.
    let read: Vec<(PathBuf, FileKind, Result<String, String>)> = candidates
        .into_par_iter()
        .filter_map(|(path, kind)| {
            let text = std::fs::read(&path).map_err(|e| format!("cannot read file: {e}")).and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| "cannot read file: it is not UTF-8 text".to_string())
            });
            match (&text, kind) {
                (Ok(t), FileKind::Document) if !may_be_template(t) => None,
                _ => Some((path, kind, text)),
            }
        })
        .collect();
    let mut sources = SourceMap::new();
    let mut kinds = Vec::new();
    let mut diagnostics = Vec::new();
    for (path, kind, text) in read {
        let failed = text.as_ref().err().cloned();
        let id = sources.add(path, text.unwrap_or_default());
        kinds.push(kind);
        if let Some(message) = failed {
            diagnostics.push(Diagnostic::error(id, None, message));
        }
    }
    let unreadable: std::collections::HashSet<FileId> = diagnostics.iter().map(|d| d.file).collect();

    // Units: one per Terraform module directory, one per possible template. Each is
    // parsed, evaluated and its trees dropped in one parallel step, so memory holds
    // the texts and the resources, never every syntax tree at once.
    let mut modules: BTreeMap<PathBuf, Vec<FileId>> = BTreeMap::new();
    let mut documents = Vec::new();
    for file in sources.files().iter().filter(|f| !unreadable.contains(&f.id)) {
        match kinds[file.id.0 as usize] {
            FileKind::Terraform | FileKind::TerraformJson => {
                let dir = file.path.parent().map(Path::to_path_buf).unwrap_or_default();
                modules.entry(dir).or_default().push(file.id);
            }
            FileKind::Document => documents.push(file.id),
        }
    }
    let units: Vec<Unit> =
        modules.into_values().map(Unit::Module).chain(documents.into_iter().map(Unit::Document)).collect();
    let evaluated: Vec<Evaluated> =
        units.par_iter().enumerate().map(|(i, unit)| evaluate_unit(UnitId(i as u32), unit, &sources, &kinds)).collect();
    let mut resources = Vec::new();
    for e in evaluated {
        resources.extend(e.resources);
        diagnostics.extend(e.diagnostics);
    }
    let (model, model_diagnostics) = Model::build(resources, &sources);
    diagnostics.extend(model_diagnostics);
    let findings = ringfence_rules::run(&model, rules);
    diagnostics.sort_by(|a, b| (a.file, a.span, &a.message).cmp(&(b.file, b.span, &b.message)));
    Scan { sources, findings, diagnostics }
}

enum Unit {
    Module(Vec<FileId>),
    Document(FileId),
}

fn evaluate_unit(unit_id: UnitId, unit: &Unit, sources: &SourceMap, kinds: &[FileKind]) -> Evaluated {
    let mut out = Evaluated::default();
    match unit {
        Unit::Module(files) => {
            let mut trees = Vec::new();
            for id in files {
                let file = sources.get(*id);
                let parsed = guarded(*id, || match kinds[id.0 as usize] {
                    FileKind::TerraformJson => parse_json(file).map(Parsed::TfJson),
                    _ => parse_hcl(file).map(Parsed::Hcl),
                });
                match parsed {
                    Ok(tree) => trees.push((file, tree)),
                    Err(d) => out.diagnostics.push(d),
                }
            }
            let files: Vec<TfFile<'_>> = trees
                .iter()
                .map(|(file, tree)| match tree {
                    Parsed::Hcl(body) => TfFile::Hcl(file, body),
                    Parsed::TfJson(node) => TfFile::Json(file, node),
                })
                .collect();
            match guarded(files.first().map_or(FileId(0), |f| f.file_id()), || Ok(evaluate_module(unit_id, "", &files)))
            {
                Ok(e) => {
                    out.resources = e.resources;
                    out.diagnostics.extend(e.diagnostics);
                }
                Err(d) => out.diagnostics.push(d),
            }
        }
        Unit::Document(id) => {
            let file = sources.get(*id);
            let result = guarded(*id, || {
                let node =
                    if file.text.trim_start().starts_with(['{', '[']) { parse_json(file) } else { parse_yaml(file) }?;
                Ok(if is_cloudformation(&node) {
                    evaluate_template(unit_id, file, &node)
                } else {
                    Evaluated::default()
                })
            });
            match result {
                Ok(e) => out = e,
                Err(d) => out.diagnostics.push(d),
            }
        }
    }
    out
}

/// Runs a stage on one file so that a bug tripped by a hostile input becomes a
/// located error for that file, never the end of the scan.
fn guarded<T>(file: FileId, f: impl FnOnce() -> Result<T, Diagnostic>) -> Result<T, Diagnostic> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(Diagnostic::error(
            file,
            None,
            "internal error while reading this file (please report it); the rest of the scan went on",
        ))
    })
}
