//! The loading stage of the pipeline: paths into one model.
//!
//! [`load`] finds the files ([`discover`]), reads them in parallel, loads every
//! Terraform module a scanned configuration calls (local paths, and modules that
//! `terraform init` installed), applies the inputs (tfvars, `--var`, the
//! configuration's `[vars]` and `[cfn-params]`, CloudFormation parameter files),
//! evaluates each root module, plan and CloudFormation template (with its nested
//! stacks) through `ringfence-eval`, and joins the resources into one
//! [`Model`]. Every failure stays local to its file and becomes a located diagnostic,
//! a panic included; the rest of the load goes on.

mod cloudformation;
mod discover;
mod inputs;
mod named;
mod terraform;

pub use discover::discover;
pub use inputs::{relative_to, ConfigInputs, Exclude, LocatedInput};
pub use named::Focus;

use cloudformation::{evaluate_document, NestedStacks};
use inputs::{cfn_inputs, command_line_vars, config_vars, root_inputs};
use rayon::prelude::*;
use ringfence_eval::{evaluate_root, normalize, Evaluated, ModuleSet, RootInput, UnitId, Value};
use ringfence_model::Model;
use ringfence_syntax::confine::Root;
use ringfence_syntax::{Diagnostic, FileId, SourceMap};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use terraform::Terraform;

/// What to load and with which inputs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// `--var-file`: tfvars files applied to every root module, in order.
    pub var_files: Vec<PathBuf>,
    /// `--var NAME=VALUE`, applied last.
    pub vars: Vec<(String, String)>,
    /// `--cfn-parameters`: CloudFormation parameter files, in order.
    pub cfn_parameter_files: Vec<PathBuf>,
    /// `--cfn-param NAME=VALUE`, applied last.
    pub cfn_params: Vec<(String, String)>,
    /// `[vars]` and `[cfn-params]` of the configuration (before `--var`/`--cfn-param`).
    pub config_inputs: Option<ConfigInputs>,
    /// `--region` and `--account-id`: `AWS::Region` and `AWS::AccountId`.
    pub region: Option<String>,
    pub account_id: Option<String>,
    /// `exclude` of the configuration.
    pub exclude: Exclude,
    /// Editor buffers not saved yet, by path: read instead of the disk
    /// (`--stdin-filename`).
    pub unsaved: HashMap<PathBuf, String>,
    /// Report every finding of the modules read for the named files, not only those
    /// concerning the files (a language server publishes them all).
    pub whole_report: bool,
    /// A Terraform file named on its own is read with its whole module directory,
    /// and only findings that concern the named files are kept (what the CLI does;
    /// off for rule fixtures, whose folders hold several independent files).
    pub whole_modules: bool,
    /// Where paths that inputs name may lead (`--root`); `None`: the git work tree's
    /// top above the working directory, else the working directory. Either way
    /// widened by `paths` (see [`Options::root`]).
    pub root: Option<Root>,
}

impl Options {
    /// The root paths named by inputs must resolve in: `root` (else the git work
    /// tree's top, else the working directory), widened by every path in `paths`, which
    /// the user named and so trusts with all they hold.
    pub fn root(&self) -> Root {
        // Without a working directory to stand on, nothing an input names is reachable.
        let base = self.root.clone().unwrap_or_else(|| Root::current().unwrap_or_else(|_| Root::unreachable()));
        base.widened(&self.paths)
    }
}

/// Everything up to the model: files read, evaluated and joined into one graph.
pub struct Loaded {
    pub sources: SourceMap,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
    /// The files named alone, when findings are to be kept only where they concern them.
    pub focus: Option<Focus>,
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

/// A file a Terraform module reads: configuration (`.tf`, `.tf.json`) or variable
/// values (`.tfvars`, `.tfvars.json`).
pub fn is_terraform_input(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    matches!(file_kind(path), Some(FileKind::Terraform | FileKind::TerraformJson))
        || name.ends_with(".tfvars")
        || name.ends_with(".tfvars.json")
}

/// Cheap test on the raw text before parsing: could this be a CloudFormation
/// template? Keeps unrelated YAML/JSON (CI configs, package.json) out of the scan.
fn may_be_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && (text.contains("AWS::") || text.contains("Custom::")))
        || may_be_plan(text)
}

/// Could this be a Terraform plan (`terraform show -json`)?
fn may_be_plan(text: &str) -> bool {
    text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"terraform_version\""))
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map_err(|e| format!("cannot read file: {e}"))
        .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "cannot read file: it is not UTF-8 text".to_string()))
}

/// Reads, evaluates and joins every file of the scan into one model.
pub fn load(options: &Options) -> Loaded {
    let (sources, mut diagnostics, Found { mut documents, tf_dirs }) = read_files(options);
    // A plan's own directory is its configuration: loaded to locate findings, and not
    // evaluated again as a root (the plan's values supersede it).
    let plan_dirs: BTreeSet<PathBuf> = documents
        .iter()
        .filter(|id| may_be_plan(&sources.get(**id).text))
        .map(|id| normalize(sources.get(*id).path.parent().unwrap_or(Path::new("."))))
        .collect();
    // Module sources, `file()` and `TemplateURL`s resolve inside it: computed once.
    let root = options.root();
    let terraform = Terraform::load(&sources, tf_dirs, &plan_dirs, &root, &mut diagnostics);
    let set = terraform.module_set(&sources, &root);
    let roots: Vec<&PathBuf> = terraform.roots.iter().collect();
    let cli_vars = terraform_vars(options, &sources, &mut diagnostics);
    let tf_results = evaluate_roots(&roots, &set, &cli_vars, options, &sources);
    let cfn_inputs = cfn_inputs(options, &root, &sources, &mut diagnostics);
    let nested = NestedStacks::load(&documents, &sources, &root);
    let loader = |path: &Path| nested.templates.get(path).map(|(id, node)| (sources.get(*id), node));
    // A template that a scanned parent includes is checked through the parent only.
    documents.retain(|id| !nested.templates.contains_key(&normalize(&sources.get(*id).path)));
    let offset = roots.len();
    let cfn_results: Vec<Evaluated> = documents
        .par_iter()
        .enumerate()
        .map(|(i, id)| evaluate_document(UnitId((offset + i) as u32), *id, &sources, &set, &cfn_inputs, &loader))
        .collect();
    drop(set);
    drop(terraform);

    let mut resources = Vec::new();
    for e in tf_results.into_iter().chain(cfn_results) {
        resources.extend(e.resources);
        diagnostics.extend(e.diagnostics);
    }
    let (model, model_diagnostics) = Model::build(resources, &sources);
    diagnostics.extend(model_diagnostics);
    Loaded { sources, model, diagnostics, focus: named::focus(options) }
}

/// The files read, by how they are evaluated.
struct Found {
    /// YAML and JSON that may be templates or plans.
    documents: Vec<FileId>,
    /// Terraform files by module directory.
    tf_dirs: BTreeMap<PathBuf, Vec<FileId>>,
}

/// Discovers the files and reads them in parallel; an unreadable file is a diagnostic.
fn read_files(options: &Options) -> (SourceMap, Vec<Diagnostic>, Found) {
    let mut candidates = discover(&options.paths, &options.exclude);
    if options.whole_modules {
        named::add_module_context(options, &mut candidates);
    }
    candidates.retain(|(path, _)| !options.exclude.excluded(path));
    let sources = SourceMap::with_unsaved(options.unsaved.clone());
    let read: Vec<(PathBuf, FileKind, Result<String, String>)> = candidates
        .into_par_iter()
        .filter_map(|(path, kind)| {
            let text = match sources.unsaved_text(&path) {
                Some(text) => Ok(text.to_string()),
                None => read_text(&path),
            };
            match (&text, kind) {
                (Ok(t), FileKind::Document) if !may_be_template(t) => None,
                _ => Some((path, kind, text)),
            }
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut found = Found { documents: Vec::new(), tf_dirs: BTreeMap::new() };
    for (path, kind, text) in read {
        let failed = text.as_ref().err().cloned();
        let id = sources.add(path.clone(), text.unwrap_or_default());
        if let Some(message) = failed {
            diagnostics.push(Diagnostic::error(id, None, message));
            continue;
        }
        match kind {
            FileKind::Terraform | FileKind::TerraformJson => {
                let dir = normalize(path.parent().unwrap_or(Path::new(".")));
                found.tf_dirs.entry(dir).or_default().push(id);
            }
            FileKind::Document => found.documents.push(id),
        }
    }
    (sources, diagnostics, found)
}

/// The variables every root module gets: the configuration's `[vars]`, then `--var`s
/// (a name given in both takes the `--var`), each with the label a finding shows.
fn terraform_vars(
    options: &Options,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Value, String)> {
    let config_name = options
        .config_inputs
        .as_ref()
        .and_then(|c| c.path.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut vars: Vec<(String, Value, String)> = config_vars(options, sources, diagnostics)
        .into_iter()
        .map(|(n, v)| {
            let label = format!("`var.{n}` is set here ({config_name})");
            (n, v, label)
        })
        .collect();
    for (n, v) in command_line_vars(options, sources, diagnostics) {
        vars.retain(|(name, _, _)| *name != n);
        let label = format!("`var.{n}` is set here (--var)");
        vars.push((n, v, label));
    }
    vars
}

/// Evaluates each Terraform root module in parallel, with its tfvars and `vars`.
fn evaluate_roots(
    roots: &[&PathBuf],
    set: &ModuleSet<'_>,
    vars: &[(String, Value, String)],
    options: &Options,
    sources: &SourceMap,
) -> Vec<Evaluated> {
    roots
        .par_iter()
        .enumerate()
        .map(|(i, root)| {
            let mut diagnostics = Vec::new();
            let mut inputs = root_inputs(root, options, sources, &mut diagnostics);
            inputs.extend(vars.iter().map(|(n, v, label)| RootInput {
                name: n.clone(),
                value: v.clone(),
                label: label.clone(),
            }));
            let first = set.modules.get(*root).and_then(|m| m.files.first()).map_or(FileId(0), |f| f.file_id());
            let mut e = guarded(first, || Ok(evaluate_root(UnitId(i as u32), root, set, inputs, sources)))
                .unwrap_or_else(|d| Evaluated { resources: Vec::new(), diagnostics: vec![d] });
            e.diagnostics.extend(diagnostics);
            e
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_by_its_name() {
        assert_eq!(file_kind(Path::new("main.tf")), Some(FileKind::Terraform));
        assert_eq!(file_kind(Path::new("Main.TF.json")), Some(FileKind::TerraformJson));
        assert_eq!(file_kind(Path::new("stack.template")), Some(FileKind::Document));
        assert_eq!(file_kind(Path::new("prod.tfvars.json")), None);
        assert!(is_terraform_input(Path::new("prod.tfvars")) && !is_terraform_input(Path::new("stack.yaml")));
    }

    #[test]
    fn exclude_leaves_out_a_directory_and_what_is_under_it() {
        let mut globs = globset::GlobSetBuilder::new();
        globs.add(globset::GlobBuilder::new("examples").literal_separator(true).build().unwrap());
        let base = normalize(&std::path::absolute(".").unwrap());
        let exclude = Exclude { base: base.clone(), globs: globs.build().ok() };
        assert!(exclude.excluded(&base.join("examples/a/main.tf")));
        assert!(!exclude.excluded(&base.join("modules/examples.tf")));
        assert!(!Exclude::default().excluded(Path::new("examples")));
    }

    #[test]
    fn a_panic_in_a_stage_is_an_error_for_its_file() {
        let result: Result<(), Diagnostic> = guarded(FileId(3), || panic!("a bug"));
        let d = result.unwrap_err();
        assert_eq!(d.file, FileId(3));
        assert!(d.message.contains("internal error"), "{}", d.message);
    }
}
