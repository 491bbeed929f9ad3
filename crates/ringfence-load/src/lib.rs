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

pub use discover::{discover, Candidate, Discovery, WalkProblem};
pub use inputs::{relative_to, ConfigInputs, Exclude, LocatedInput};
pub use named::Focus;

use cloudformation::{evaluate_document, NestedStacks};
use inputs::{cfn_inputs, command_line_vars, config_vars, root_inputs};
use rayon::prelude::*;
use ringfence_eval::is_cloudformation;
use ringfence_eval::{evaluate_root, normalize, Evaluated, ModuleSet, RootInput, UnitId, Value};
use ringfence_model::Model;
use ringfence_syntax::confine::{read_source, ReadError, Refused, Root};
use ringfence_syntax::{Diagnostic, FileId, Level, Node, SourceMap};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use terraform::{RootResult, Terraform};

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
    /// The path standard input was read as (`--stdin-filename`): it must be something
    /// to check, as it was given alone.
    pub stdin: Option<PathBuf>,
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
    /// What was checked and what was left out, counted.
    pub inventory: Inventory,
}

/// How a file is read, decided from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `.tf`, `.tofu`
    Terraform,
    /// `.tf.json`, `.tofu.json`
    TerraformJson,
    /// `.tfvars`, `.tfvars.json`: variable values, applied to the root module beside
    /// them (when named `terraform.tfvars` or `*.auto.tfvars`) or with `--var-file`.
    Tfvars,
    /// YAML or JSON that may be a CloudFormation template (decided by content).
    Document,
}

pub fn file_kind(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".tf") || name.ends_with(".tofu") {
        Some(FileKind::Terraform)
    } else if name.ends_with(".tf.json") || name.ends_with(".tofu.json") {
        Some(FileKind::TerraformJson)
    } else if name.ends_with(".tfvars") || name.ends_with(".tfvars.json") {
        Some(FileKind::Tfvars)
    } else if [".yaml", ".yml", ".json", ".template"].iter().any(|e| name.ends_with(e)) {
        Some(FileKind::Document)
    } else {
        None
    }
}

/// The `.tofu` file that takes the place of a `.tf` one for OpenTofu: `main.tofu` for
/// `main.tf`, `main.tofu.json` for `main.tf.json`. When both are in a module
/// directory, OpenTofu reads the `.tofu` one and ignores the other.
pub fn tofu_twin(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let twin = if lower.ends_with(".tf.json") {
        format!("{}.tofu.json", &name[..name.len() - ".tf.json".len()])
    } else if lower.ends_with(".tf") {
        format!("{}.tofu", &name[..name.len() - ".tf".len()])
    } else {
        return None;
    };
    Some(path.with_file_name(twin))
}

/// Leaves out of `paths` (files of module directories) each `.tf`/`.tf.json` whose
/// `.tofu`/`.tofu.json` twin is among them, as OpenTofu does; how many it left out.
pub(crate) fn drop_shadowed_by_tofu(paths: &mut Vec<PathBuf>) -> usize {
    let all: std::collections::HashSet<PathBuf> = paths.iter().cloned().collect();
    let before = paths.len();
    paths.retain(|p| !tofu_twin(p).is_some_and(|t| all.contains(&t)));
    before - paths.len()
}

/// A file a Terraform module reads: configuration (`.tf`, `.tf.json`, `.tofu`,
/// `.tofu.json`) or variable values (`.tfvars`, `.tfvars.json`).
pub fn is_terraform_input(path: &Path) -> bool {
    matches!(file_kind(path), Some(FileKind::Terraform | FileKind::TerraformJson | FileKind::Tfvars))
}

/// Cheap test on the raw text before parsing: could this be a CloudFormation
/// template or a plan? Keeps unrelated YAML/JSON (CI configs, package.json) out of the
/// scan; what passes is decided by parsing ([`classify`]).
fn may_be_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources")
            && (text.contains("AWS::") || text.contains("Custom::") || text.contains("Alexa::")))
        || text.contains("\"format_version\"")
}

/// Reads a file of the scan: a regular file, within the size limit, UTF-8.
fn read_text(path: &Path) -> Result<String, String> {
    read_source(path).map_err(|e| e.to_string())
}

/// What the load read and left out, for the summary: every input is counted once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    /// Inputs read and parsed: Terraform files (of every module loaded), variable
    /// files, CloudFormation templates and plans.
    pub checked: usize,
    /// Inputs that could not be read or parsed (each has an error).
    pub unreadable: usize,
    /// Terraform files left out of their module's evaluation because evaluating them
    /// exceeded a budget (each has an error); the module was checked without them.
    pub over_budget: usize,
    /// YAML and JSON found while walking that are neither templates nor plans.
    pub not_iac: usize,
    /// Terraform files that ignore rules hide and git does not track.
    pub ignored: usize,
    /// `.tf`/`.tf.json` files left out because a `.tofu`/`.tofu.json` file of the same
    /// base name sits beside them (OpenTofu reads that one instead).
    pub shadowed: usize,
}

/// Reads, evaluates and joins every file of the scan into one model.
pub fn load(options: &Options) -> Loaded {
    let (sources, mut diagnostics, found) = read_files(options);
    ringfence_syntax::timings::mark("files read");
    let Found { documents, tf_dirs, tfvars, mut unreadable, mut not_iac, ignored, shadowed } = found;
    let mut checked: BTreeSet<FileId> = BTreeSet::new();
    for id in tfvars {
        match terraform::parse_terraform(&sources, id) {
            Ok(_) => checked.insert(id),
            Err(d) => {
                diagnostics.push(d);
                unreadable.insert(id)
            }
        };
    }
    // Module sources, `file()` and `TemplateURL`s resolve inside it: computed once.
    let root = options.root();
    let cfn_inputs = cfn_inputs(options, &root, &sources, &mut diagnostics);
    // Units: Terraform roots first (by directory), then documents in the order read.
    let offset = tf_dirs.len();
    let stdin = options.stdin.as_deref().map(ringfence_syntax::absolute_path);
    let classified: Vec<(FileId, Result<Option<Scanned>, Diagnostic>)> = documents
        .into_par_iter()
        .enumerate()
        .map(|(i, id)| {
            let file = sources.get(id);
            let from_stdin = stdin.as_deref() == Some(ringfence_syntax::absolute_path(&file.path).as_path());
            let unit = UnitId((offset + i) as u32);
            let scanned =
                classify(id, file, from_stdin).map(|d| d.map(|d| Scanned::early(unit, id, d, &sources, &cfn_inputs)));
            (id, scanned)
        })
        .collect();
    ringfence_syntax::timings::mark("templates parsed and evaluated");
    let mut documents: Vec<(FileId, Scanned)> = Vec::new();
    for (id, result) in classified {
        match result {
            Ok(Some(document)) => documents.push((id, document)),
            Ok(None) => not_iac += 1,
            Err(d) => {
                diagnostics.push(d);
                unreadable.insert(id);
            }
        }
    }
    // A plan's own directory is its configuration: loaded to locate findings, and not
    // evaluated again as a root (the plan's values supersede it).
    let plan_dirs: BTreeSet<PathBuf> = documents
        .iter()
        .filter(|(_, d)| matches!(d, Scanned::Tree(_, Document::Plan(_))))
        .map(|(id, _)| normalize(sources.get(*id).path.parent().unwrap_or(Path::new("."))))
        .collect();
    let vars = terraform_vars(options, &sources, &mut diagnostics);
    let evaluator = RootEvaluator { vars, options, sources: &sources, scanned: tf_dirs.keys().cloned().collect() };
    let evaluate = |dir: &Path, set: &ModuleSet<'_>| evaluator.evaluate(dir, set);
    let mut terraform = Terraform::load(&sources, tf_dirs, &plan_dirs, &root, &evaluate, &mut diagnostics);
    unreadable.extend(terraform.unreadable.iter().copied());
    checked.extend(terraform.parsed_files());
    ringfence_syntax::timings::mark("Terraform parsed, roots without modules evaluated");
    let early = std::mem::take(&mut terraform.early);
    let set = terraform.module_set(&sources, &root);
    let (tf_results, over_budget) = evaluate_roots(&terraform.roots, early, &set, &evaluator);
    ringfence_syntax::timings::mark("Terraform roots with modules evaluated");
    let parents = documents.iter().filter_map(|(id, d)| match d {
        Scanned::Tree(_, Document::Template(node, _)) => Some((*id, node)),
        _ => None,
    });
    let nested = NestedStacks::load(parents, &sources, &root);
    let loader = |path: &Path| nested.templates.get(path).map(|(id, node)| (sources.get(*id), node));
    checked.extend(documents.iter().map(|(id, _)| *id));
    checked.extend(nested.templates.values().map(|(id, _)| *id));
    // A template that a scanned parent includes is checked through the parent only
    // (what it gave evaluated on its own is dropped).
    documents.retain(|(id, _)| !nested.templates.contains_key(&normalize(&sources.get(*id).path)));
    let cfn_results: Vec<Evaluated> = documents
        .into_par_iter()
        .map(|(id, scanned)| match scanned {
            Scanned::Evaluated(evaluated) => evaluated,
            Scanned::Tree(unit, document) => {
                evaluate_document(unit, id, &document, &sources, &set, &cfn_inputs, &loader)
            }
        })
        .collect();
    drop(set);
    ringfence_syntax::timings::mark("CloudFormation evaluated");
    drop(terraform);

    // Sized once: growing one vector of 40,000 resources by doubling held two copies.
    let total = tf_results.iter().chain(&cfn_results).map(|e| e.resources.len()).sum();
    let mut resources = Vec::with_capacity(total);
    for e in tf_results.into_iter().chain(cfn_results) {
        resources.extend(e.resources);
        diagnostics.extend(e.diagnostics);
    }
    let model = match catch_unwind(AssertUnwindSafe(|| Model::build(resources, &sources))) {
        Ok((model, model_diagnostics)) => {
            diagnostics.extend(model_diagnostics);
            model
        }
        // No graph to check: the error says so (exit 2), and the report still comes.
        Err(_) => {
            let id = sources.add(PathBuf::from("<model>"), String::new());
            diagnostics.push(Diagnostic::error(
                id,
                None,
                "internal error while joining the resources into one model (please report it): no rule ran",
            ));
            Model::build(Vec::new(), &sources).0
        }
    };
    ringfence_syntax::timings::mark("model built");
    checked.retain(|id| !unreadable.contains(id) && !over_budget.contains(id));
    let over_budget = over_budget.len();
    let inventory =
        Inventory { checked: checked.len(), unreadable: unreadable.len(), over_budget, not_iac, ignored, shadowed };
    Loaded { sources, model, diagnostics, focus: named::focus(options), inventory }
}

/// A document of the scan: its tree and unit, or what evaluating it gave. A template
/// that includes no nested stack needs nothing else of the scan (a parent including
/// it is known only once every template is read: then this result is dropped), so it
/// is evaluated as soon as it is parsed and its tree dropped.
enum Scanned {
    Tree(UnitId, Document),
    Evaluated(Evaluated),
}

impl Scanned {
    fn early(
        unit: UnitId,
        id: FileId,
        document: Document,
        sources: &SourceMap,
        inputs: &ringfence_eval::CfnInputs,
    ) -> Scanned {
        if !matches!(document, Document::Template(..)) || cloudformation::may_include_stacks(&sources.get(id).text) {
            return Scanned::Tree(unit, document);
        }
        let set = ModuleSet::default();
        let no_nested = |_: &Path| None;
        Scanned::Evaluated(evaluate_document(unit, id, &document, sources, &set, inputs, &no_nested))
    }
}

/// A YAML or JSON input that holds something to check.
pub(crate) enum Document {
    Plan(Node),
    /// With what its text does that CloudFormation accepts but a reader should know.
    Template(Node, Vec<Diagnostic>),
}

/// Whether a document is a plan, a template or nothing to check, by parsing it: a
/// plan is a JSON object with `format_version` and `planned_values` or
/// `resource_changes`; one that has plan keys and not those is not quietly skipped.
fn classify(id: FileId, file: &ringfence_syntax::SourceFile, from_stdin: bool) -> Result<Option<Document>, Diagnostic> {
    let (node, warnings) = guarded(id, || cloudformation::parse_document_with_warnings(file))?;
    let has = |key: &str| node.get(key).is_some();
    if has("format_version") {
        let planned = node.get("planned_values").is_some_and(|p| p.entries().is_some());
        let changes = node.get("resource_changes").is_some_and(|c| c.items().is_some());
        if planned || changes {
            return Ok(Some(Document::Plan(node)));
        }
        if has("terraform_version") || has("planned_values") || has("resource_changes") {
            return Err(Diagnostic::error(
                id,
                None,
                "this claims to be a Terraform plan (`format_version`, `terraform_version`) but is not one: it has no \
                 `planned_values` object or `resource_changes` list, so nothing in it was checked",
            ));
        }
    }
    if is_cloudformation(&node) {
        return Ok(Some(Document::Template(node, warnings)));
    }
    if from_stdin {
        return Err(not_a_template(id));
    }
    Ok(None)
}

fn not_a_template(id: FileId) -> Diagnostic {
    Diagnostic::error(
        id,
        None,
        "standard input is not a CloudFormation template (no `AWSTemplateFormatVersion`, no `Resources` with AWS \
         types) nor a Terraform plan: nothing was checked",
    )
}

/// The files read, by how they are evaluated.
struct Found {
    /// YAML and JSON that may be templates or plans.
    documents: Vec<FileId>,
    /// Terraform files by module directory.
    tf_dirs: BTreeMap<PathBuf, Vec<FileId>>,
    /// Variable files found (parsed to be checked; applied where they apply).
    tfvars: Vec<FileId>,
    /// Inputs that could not be read.
    unreadable: BTreeSet<FileId>,
    /// YAML and JSON found while walking that cannot be templates.
    not_iac: usize,
    /// Terraform files ignore rules left out.
    ignored: usize,
    /// Terraform files a `.tofu` twin replaces.
    shadowed: usize,
}

/// What became of one candidate file.
enum Read {
    Text(String),
    /// Not an input: YAML or JSON found while walking that cannot be a template.
    NotIac,
    /// Not read, with why: an error when the file is an input (Terraform by its name,
    /// or named), else a warning.
    Skipped(String, Level),
}

/// Discovers the files and reads them in parallel; an unreadable input is a diagnostic.
fn read_files(options: &Options) -> (SourceMap, Vec<Diagnostic>, Found) {
    let discovery = discover(&options.paths, &options.exclude);
    let mut candidates = discovery.files;
    if options.whole_modules {
        named::add_module_context(options, &mut candidates);
    }
    candidates.retain(|c| !options.exclude.excluded(&c.path));
    // OpenTofu's precedence: `main.tofu` replaces `main.tf` (unless `main.tf` is named).
    let found_paths: std::collections::HashSet<PathBuf> = candidates.iter().map(|c| c.path.clone()).collect();
    let before = candidates.len();
    candidates.retain(|c| c.named || !tofu_twin(&c.path).is_some_and(|t| found_paths.contains(&t)));
    let shadowed = before - candidates.len();
    let sources = SourceMap::with_unsaved(options.unsaved.clone());
    let confinement = Confinement::new(options);
    let stdin = options.stdin.as_deref().map(ringfence_syntax::absolute_path);
    let read: Vec<(Candidate, Read)> = candidates
        .into_par_iter()
        .map(|c| {
            let from_stdin = stdin.as_deref() == Some(ringfence_syntax::absolute_path(&c.path).as_path());
            let read = match sources.unsaved_text(&c.path) {
                Some(text) => Read::Text(text.to_string()),
                None => confinement.read(&c),
            };
            let read = match read {
                Read::Text(t) if c.kind == FileKind::Document && !from_stdin && !may_be_template(&t) => Read::NotIac,
                other => other,
            };
            (c, read)
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut found = Found {
        documents: Vec::new(),
        tf_dirs: BTreeMap::new(),
        tfvars: Vec::new(),
        unreadable: BTreeSet::new(),
        not_iac: 0,
        ignored: discovery.ignored,
        shadowed,
    };
    for problem in discovery.problems {
        let id = sources.add(problem.path, String::new());
        let level = if problem.error { Level::Error } else { Level::Warning };
        diagnostics.push(Diagnostic { level, ..Diagnostic::error(id, None, problem.message) });
    }
    for (Candidate { path, kind, .. }, read) in read {
        let text = match read {
            Read::Text(text) => text,
            Read::NotIac => {
                found.not_iac += 1;
                continue;
            }
            Read::Skipped(message, level) => {
                let id = sources.add(path, String::new());
                diagnostics.push(Diagnostic { level, ..Diagnostic::error(id, None, message) });
                if level == Level::Error {
                    found.unreadable.insert(id);
                } else {
                    found.not_iac += 1;
                }
                continue;
            }
        };
        // Variable files by the path `root_inputs` asks for them (`./x` is `x`), so that
        // one file is one source.
        let path = if kind == FileKind::Tfvars { normalize(&path) } else { path };
        let id = sources.add(path.clone(), text);
        match kind {
            FileKind::Terraform | FileKind::TerraformJson => {
                let dir = normalize(path.parent().unwrap_or(Path::new(".")));
                found.tf_dirs.entry(dir).or_default().push(id);
            }
            FileKind::Tfvars => found.tfvars.push(id),
            FileKind::Document => found.documents.push(id),
        }
    }
    (sources, diagnostics, found)
}

/// Where files found while walking may lead through symbolic links: inside the root,
/// or inside a directory named on the command line (named paths are trusted).
struct Confinement {
    roots: Vec<Root>,
}

impl Confinement {
    fn new(options: &Options) -> Confinement {
        let mut roots = vec![options.root()];
        roots.extend(options.paths.iter().filter(|p| p.is_dir()).filter_map(|p| Root::at(p).ok()));
        Confinement { roots }
    }

    /// Reads a candidate: a link found while walking only when it resolves inside;
    /// regular files only, within the size limit.
    fn read(&self, c: &Candidate) -> Read {
        let input = c.named || c.kind != FileKind::Document;
        let is_link = std::fs::symlink_metadata(&c.path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && !c.named {
            if let Some(refused) = self.refusal(&c.path) {
                return Read::Skipped(ReadError::Refused(refused).to_string(), Level::Error);
            }
        }
        match read_source(&c.path) {
            Ok(text) => Read::Text(text),
            // Binary files and FIFOs named `.json` are no templates: nothing hides there.
            Err(ReadError::NotUtf8) if !input => Read::NotIac,
            Err(e @ ReadError::NotRegular { .. }) if !input => Read::Skipped(e.to_string(), Level::Warning),
            Err(e) => Read::Skipped(e.to_string(), Level::Error),
        }
    }

    /// Why a link may not be followed (none: it resolves inside a root).
    fn refusal(&self, path: &Path) -> Option<Refused> {
        let mut first = None;
        for root in &self.roots {
            match root.resolve(path) {
                Ok(_) => return None,
                Err(refused) => {
                    first.get_or_insert(refused);
                }
            }
        }
        first
    }
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

/// Evaluates Terraform root modules, each with its tfvars and the variables every
/// root gets.
struct RootEvaluator<'a> {
    vars: Vec<(String, Value, String)>,
    options: &'a Options,
    sources: &'a SourceMap,
    /// Every scanned module directory, sorted: a root's unit is its position, known
    /// before which directories are roots is (a root may be evaluated early).
    scanned: Vec<PathBuf>,
}

impl RootEvaluator<'_> {
    fn unit(&self, root: &Path) -> UnitId {
        // Roots are scanned directories; past the end stays distinct from every one.
        let position = self.scanned.binary_search_by(|d| d.as_path().cmp(root)).unwrap_or(self.scanned.len());
        UnitId(position as u32)
    }

    fn evaluate(&self, root: &Path, set: &ModuleSet<'_>) -> RootResult {
        let (options, sources) = (self.options, self.sources);
        let mut diagnostics = Vec::new();
        let mut inputs = root_inputs(root, options, sources, &mut diagnostics);
        inputs.extend(self.vars.iter().map(|(n, v, label)| RootInput {
            name: n.clone(),
            value: v.clone(),
            label: label.clone(),
        }));
        let unit = self.unit(root);
        let first = set.modules.get(root).and_then(|m| m.files.first()).map_or(FileId(0), |f| f.file_id());
        let evaluate = |set: &ModuleSet<'_>| {
            guarded(first, || Ok(evaluate_root(unit, root, set, inputs.clone(), sources)))
                .unwrap_or_else(|d| Evaluated { diagnostics: vec![d], ..Evaluated::default() })
        };
        // A file that exceeds a budget is left out and the module evaluated again
        // without it, so that the files beside it are still checked.
        let mut excluded: Vec<FileId> = Vec::new();
        let mut kept = Vec::new();
        let mut e = evaluate(set);
        let in_set = |f: &FileId| set.modules.values().any(|m| m.files.iter().any(|t| t.file_id() == *f));
        let retry =
            |f: &FileId, excluded: &[FileId]| excluded.len() < MAX_BUDGET_RETRIES && !excluded.contains(f) && in_set(f);
        while let Some(file) = e.over_budget.filter(|f| retry(f, &excluded)) {
            // What the next run cannot say again: the errors in the file left out.
            kept.extend(e.diagnostics.into_iter().filter(|d| d.file == file));
            excluded.push(file);
            e = evaluate(&set.without(&excluded));
        }
        e.diagnostics.extend(kept);
        e.diagnostics.extend(diagnostics);
        (e, excluded)
    }
}

/// Every Terraform root evaluated, in the order of `roots`: those evaluated
/// early as they were, the others in parallel with the modules they call. Also
/// returns the files left out because evaluating them exceeded a budget.
fn evaluate_roots(
    roots: &BTreeSet<PathBuf>,
    mut early: BTreeMap<PathBuf, (Vec<FileId>, RootResult)>,
    set: &ModuleSet<'_>,
    evaluator: &RootEvaluator<'_>,
) -> (Vec<Evaluated>, BTreeSet<FileId>) {
    let results: Vec<RootResult> =
        roots.par_iter().filter(|root| !early.contains_key(*root)).map(|root| evaluator.evaluate(root, set)).collect();
    let mut late = results.into_iter();
    let mut over_budget = BTreeSet::new();
    let mut evaluated = Vec::with_capacity(roots.len());
    for root in roots {
        let result = match early.remove(root) {
            Some((_, result)) => Some(result),
            None => late.next(),
        };
        if let Some((e, excluded)) = result {
            over_budget.extend(excluded);
            evaluated.push(e);
        }
    }
    (evaluated, over_budget)
}

/// How many files of one root may be left out for exceeding a budget before the
/// root's evaluation gives up (each attempt may cost a whole budget).
const MAX_BUDGET_RETRIES: usize = 3;

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
        assert_eq!(file_kind(Path::new("prod.tfvars.json")), Some(FileKind::Tfvars));
        assert_eq!(file_kind(Path::new("main.tofu")), Some(FileKind::Terraform));
        assert_eq!(file_kind(Path::new("main.tofu.json")), Some(FileKind::TerraformJson));
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
