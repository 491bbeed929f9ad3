//! Stage 6 of the pipeline: finding the files and running the stages over them.
//!
//! [`scan`] is the whole job: discover and read files in parallel; load every
//! Terraform module a scanned configuration calls (local paths and modules that
//! `terraform init` installed); evaluate each root module and each CloudFormation
//! template; build one model; run the selected rules. Every failure stays local to
//! its file and becomes a located diagnostic; the rest of the scan goes on.

pub mod baseline;
pub mod config;
pub mod diff;
mod discover;
pub mod docs;
pub mod fix;
pub mod server;

pub use discover::discover;

use hcl_edit::structure::Body;
use rayon::prelude::*;
use ringfence_eval::{
    evaluate_plan, evaluate_root, evaluate_template, is_cloudformation, is_plan, module_sources, nested_template_path,
    normalize, tfvars_values, CfnInputs, Evaluated, ModuleSet, PlanConfig, RootInput, TfFile, TfModule, UnitId, Value,
};
use ringfence_model::Model;
use ringfence_rules::{Date, Finding, RuleSet};
use ringfence_syntax::{absolute_path, parse_hcl, parse_json, parse_yaml, Diagnostic, FileId, Node, SourceMap};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// What a scan produced.
pub struct Scan {
    pub sources: SourceMap,
    /// The findings that count, in a fixed order.
    pub findings: Vec<Finding>,
    /// Findings a suppression accepts.
    pub suppressed: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files that held resources, in path order.
    pub checked: Vec<FileId>,
    /// Findings left out by `--changed-since` because nothing about them changed.
    pub unchanged: usize,
}

/// What to scan and with which inputs.
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
    pub config_inputs: Option<config::ConfigInputs>,
    /// `--region` and `--account-id`: `AWS::Region` and `AWS::AccountId`.
    pub region: Option<String>,
    pub account_id: Option<String>,
    /// `exclude` of the configuration.
    pub path_rules: config::PathRules,
    /// The day suppressions' `until` dates are compared with (default: today, UTC).
    pub today: Option<Date>,
    /// `--changed-since`: keep only findings something in these lines brought.
    pub changed: Option<diff::ChangedLines>,
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

enum Parsed {
    Hcl(Body),
    Json(Node),
}

/// Scans the given paths with the given rules and no extra inputs.
pub fn scan(paths: &[PathBuf], rules: &RuleSet) -> Scan {
    scan_with(&Options { paths: paths.to_vec(), ..Options::default() }, rules)
}

/// Everything up to the model: files read, evaluated and joined into one graph.
pub struct Loaded {
    pub sources: SourceMap,
    pub model: Model,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn scan_with(options: &Options, rules: &RuleSet) -> Scan {
    let Loaded { sources, model, mut diagnostics } = build_model(options);
    let today = options.today.unwrap_or_else(ringfence_rules::today);
    // Suppressions, per-path ignores and the configuration's severities applied.
    let mut findings = rules.check(&model, &sources, today);
    // With files named alone, only what concerns them is kept (each file asked once).
    let named = focus(options);
    let mut named_cache: HashMap<FileId, bool> = HashMap::new();
    let mut named_file = |id: FileId| match &named {
        None => true,
        Some(named) => *named_cache.entry(id).or_insert_with(|| named.contains(&absolute_path(&sources.get(id).path))),
    };
    if named.is_some() {
        findings.retain(|f| {
            named_file(f.primary.file)
                || f.labels.iter().any(|l| named_file(l.span.file))
                || f.suppression.as_ref().is_some_and(|s| named_file(s.span.file))
        });
    }
    let before = findings.len();
    if let Some(changed) = &options.changed {
        let mut extents: HashMap<&str, Vec<ringfence_syntax::Span>> = HashMap::new();
        for (_, r) in model.resources() {
            extents.entry(r.address.as_str()).or_default().push(model.extent(r));
        }
        findings.retain(|f| brought_by_change(f, changed, &extents, &sources));
    }
    let unchanged = before - findings.len();
    // Files read during evaluation get ids in no fixed order: sort by path.
    // By the path as shown, so that every output lists files in the order people read.
    let path = |id: FileId| sources.get(id).display_path();
    findings.sort_by_cached_key(|f| {
        let labels: Vec<(String, u32, u32)> =
            f.labels.iter().map(|l| (path(l.span.file), l.span.start, l.span.end)).collect();
        (
            path(f.primary.file),
            f.primary.start,
            f.primary.end,
            f.rule.code.clone(),
            f.message.clone(),
            f.resource.clone(),
            labels,
        )
    });
    diagnostics.sort_by_cached_key(|d| (path(d.file), d.span.map(|s| s.start), d.message.clone()));
    diagnostics.dedup();
    let (suppressed, findings): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|f| f.suppression.is_some());
    let mut checked: Vec<FileId> = model.resources().map(|(_, r)| r.file).collect();
    checked.sort_unstable();
    checked.dedup();
    checked.retain(|id| named_file(*id));
    checked.sort_by_cached_key(|id| path(*id));
    Scan { sources, findings, suppressed, diagnostics, checked, unchanged }
}

/// A Terraform file (or tfvars) named on its own, as pre-commit passes them, is read
/// with the rest of its module directory: its variables, locals and resources live in
/// sibling files, and without them its values would be unknown.
fn add_module_context(options: &Options, candidates: &mut Vec<(PathBuf, FileKind)>) {
    let mut known: HashSet<PathBuf> = candidates.iter().map(|(p, _)| normalize(p)).collect();
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
                    candidates.push((file, kind));
                }
            }
        }
    }
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
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
fn focus(options: &Options) -> Option<HashSet<PathBuf>> {
    if !options.whole_modules
        || options.whole_report
        || options.paths.is_empty()
        || !options.paths.iter().all(|p| is_named_file(options, p))
    {
        return None;
    }
    Some(options.paths.iter().map(|p| absolute_path(p)).collect())
}

/// A file named on the command line: on disk, or an unsaved buffer.
fn is_named_file(options: &Options, path: &Path) -> bool {
    path.is_file() || options.unsaved.keys().any(|p| absolute_path(p) == absolute_path(path))
}

/// Whether a change brought this finding: its location, a place its value came
/// from, or a line of its resource changed.
fn brought_by_change(
    f: &Finding,
    changed: &diff::ChangedLines,
    extents: &HashMap<&str, Vec<ringfence_syntax::Span>>,
    sources: &SourceMap,
) -> bool {
    let touched = |span: ringfence_syntax::Span| {
        let file = sources.get(span.file);
        let first = file.lines.line_of(span.start as usize) + 1;
        let last = file.lines.line_of(span.end as usize) + 1;
        changed.touches(&file.path, first, last)
    };
    if touched(f.primary) || f.labels.iter().any(|l| touched(l.span)) {
        return true;
    }
    f.suppression.as_ref().is_some_and(|s| touched(s.span))
        || extents.get(f.resource.as_str()).is_some_and(|spans| spans.iter().any(|s| touched(*s)))
}

/// Reads, evaluates and joins every file of the scan into one model.
pub fn build_model(options: &Options) -> Loaded {
    let mut candidates = discover(&options.paths, &options.path_rules);
    if options.whole_modules {
        add_module_context(options, &mut candidates);
    }
    candidates.retain(|(path, _)| !options.path_rules.excluded(path));
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
    let mut documents: Vec<FileId> = Vec::new();
    let mut tf_dirs: BTreeMap<PathBuf, Vec<FileId>> = BTreeMap::new();
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
                tf_dirs.entry(dir).or_default().push(id);
            }
            FileKind::Document => documents.push(id),
        }
    }

    // A plan's own directory is its configuration: loaded to locate findings, and not
    // evaluated again as a root (the plan's values supersede it).
    let plan_dirs: BTreeSet<PathBuf> = documents
        .iter()
        .filter(|id| may_be_plan(&sources.get(**id).text))
        .map(|id| normalize(sources.get(*id).path.parent().unwrap_or(Path::new("."))))
        .collect();
    let terraform = Terraform::load(&sources, tf_dirs, &plan_dirs, &mut diagnostics);
    let set = terraform.module_set(&sources);
    let roots: Vec<&PathBuf> = terraform.roots.iter().collect();
    let config_name = options
        .config_inputs
        .as_ref()
        .and_then(|c| c.path.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut cli_vars: Vec<(String, Value, String)> = config_vars(options, &sources, &mut diagnostics)
        .into_iter()
        .map(|(n, v)| {
            let label = format!("`var.{n}` is set here ({config_name})");
            (n, v, label)
        })
        .collect();
    for (n, v) in command_line_vars(options, &sources, &mut diagnostics) {
        cli_vars.retain(|(name, _, _)| *name != n);
        let label = format!("`var.{n}` is set here (--var)");
        cli_vars.push((n, v, label));
    }

    let tf_results: Vec<Evaluated> = roots
        .par_iter()
        .enumerate()
        .map(|(i, root)| {
            let mut diagnostics = Vec::new();
            let mut inputs = root_inputs(root, options, &sources, &mut diagnostics);
            inputs.extend(cli_vars.iter().map(|(n, v, label)| RootInput {
                name: n.clone(),
                value: v.clone(),
                label: label.clone(),
            }));
            let first = set.modules.get(*root).and_then(|m| m.files.first()).map_or(FileId(0), |f| f.file_id());
            let mut e = guarded(first, || Ok(evaluate_root(UnitId(i as u32), root, &set, inputs, &sources)))
                .unwrap_or_else(|d| Evaluated { resources: Vec::new(), diagnostics: vec![d] });
            e.diagnostics.extend(diagnostics);
            e
        })
        .collect();
    let cfn_inputs = cfn_inputs(options, &sources, &mut diagnostics);
    let nested = NestedStacks::load(&documents, &sources);
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
    Loaded { sources, model, diagnostics }
}

/// A module directory and the parse result of each of its files.
type ParsedDir = (PathBuf, Vec<(FileId, Result<Parsed, Diagnostic>)>);

/// Every Terraform module directory reachable from the scanned ones, parsed.
struct Terraform {
    dirs: BTreeMap<PathBuf, Vec<(FileId, Parsed)>>,
    roots: BTreeSet<PathBuf>,
    installed: HashMap<PathBuf, HashMap<String, PathBuf>>,
}

impl Terraform {
    fn load(
        sources: &SourceMap,
        scanned: BTreeMap<PathBuf, Vec<FileId>>,
        plan_dirs: &BTreeSet<PathBuf>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Terraform {
        let mut dirs: BTreeMap<PathBuf, Vec<(FileId, Parsed)>> = BTreeMap::new();
        let mut called: HashSet<PathBuf> = plan_dirs.iter().cloned().collect();
        let mut installed: HashMap<PathBuf, HashMap<String, PathBuf>> = HashMap::new();
        let scanned_dirs: BTreeSet<PathBuf> = scanned.keys().cloned().collect();
        let mut wave: Vec<(PathBuf, Vec<FileId>)> = scanned.into_iter().collect();
        for dir in plan_dirs.iter().filter(|d| !scanned_dirs.contains(*d)) {
            wave.push((dir.clone(), module_files(dir, sources)));
        }
        // Modules that `terraform init` installed for a scanned root.
        for dir in &scanned_dirs {
            let modules = read_installed(dir);
            for module_dir in modules.values() {
                called.insert(module_dir.clone());
                if !scanned_dirs.contains(module_dir) {
                    wave.push((module_dir.clone(), module_files(module_dir, sources)));
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
                        Err(d) => diagnostics.push(d),
                    }
                }
                for (id, tree) in &ok {
                    for (_, source) in module_sources(tf_file(sources, *id, tree)) {
                        if !(source.starts_with("./") || source.starts_with("../")) {
                            continue;
                        }
                        let target = normalize(&dir.join(&source));
                        called.insert(target.clone());
                        if !dirs.contains_key(&target) && target != dir && !next.contains(&target) {
                            next.push(target);
                        }
                    }
                }
                dirs.insert(dir, ok);
            }
            next.retain(|d| !dirs.contains_key(d));
            wave = next
                .into_iter()
                .map(|d| (d.clone(), module_files(&d, sources)))
                .filter(|(_, f)| !f.is_empty())
                .collect();
        }
        // Every scanned directory is a root, unless a configuration calls it.
        let roots = scanned_dirs
            .into_iter()
            .filter(|d| !called.contains(d) && dirs.get(d).is_some_and(|f| !f.is_empty()))
            .collect();
        Terraform { dirs, roots, installed }
    }

    fn module_set<'a>(&'a self, sources: &'a SourceMap) -> ModuleSet<'a> {
        let modules = self
            .dirs
            .iter()
            .map(|(dir, files)| {
                let files = files.iter().map(|(id, tree)| tf_file(sources, *id, tree)).collect();
                (dir.clone(), TfModule { dir: dir.clone(), files })
            })
            .collect();
        ModuleSet { modules, installed: self.installed.clone() }
    }
}

fn tf_file<'a>(sources: &'a SourceMap, id: FileId, tree: &'a Parsed) -> TfFile<'a> {
    match tree {
        Parsed::Hcl(body) => TfFile::Hcl(sources.get(id), body),
        Parsed::Json(node) => TfFile::Json(sources.get(id), node),
    }
}

fn parse_terraform(sources: &SourceMap, id: FileId) -> Result<Parsed, Diagnostic> {
    let file = sources.get(id);
    guarded(id, || {
        if file.path.to_string_lossy().ends_with(".json") {
            parse_json(file).map(Parsed::Json)
        } else {
            parse_hcl(file).map(Parsed::Hcl)
        }
    })
}

/// The `.tf`/`.tf.json` files of a module directory not found by discovery.
fn module_files(dir: &Path, sources: &SourceMap) -> Vec<FileId> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && matches!(file_kind(p), Some(FileKind::Terraform | FileKind::TerraformJson)))
        .collect();
    paths.sort();
    paths.iter().filter_map(|p| sources.get_or_read(p, || read_text(p).ok())).collect()
}

/// `.terraform/modules/modules.json` of a root: module key → installed directory.
fn read_installed(root: &Path) -> HashMap<String, PathBuf> {
    let Ok(text) = std::fs::read_to_string(root.join(".terraform/modules/modules.json")) else { return HashMap::new() };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return HashMap::new() };
    json["Modules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let key = m["Key"].as_str().filter(|k| !k.is_empty())?;
            let dir = m["Dir"].as_str()?;
            Some((key.to_string(), normalize(&root.join(dir))))
        })
        .collect()
}

/// Variable values for a root: `terraform.tfvars`, `terraform.tfvars.json`,
/// `*.auto.tfvars(.json)` in lexical order, then `--var-file`s; later ones win.
fn root_inputs(
    root: &Path,
    options: &Options,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RootInput> {
    let mut files: Vec<PathBuf> =
        ["terraform.tfvars", "terraform.tfvars.json"].iter().map(|n| root.join(n)).filter(|p| p.is_file()).collect();
    let mut auto: Vec<PathBuf> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy().ends_with(".auto.tfvars") || n.to_string_lossy().ends_with(".auto.tfvars.json")
            })
        })
        .collect();
    auto.sort();
    files.extend(auto);
    files.extend(options.var_files.iter().cloned());
    let mut inputs: Vec<RootInput> = Vec::new();
    for path in files {
        let Some(id) = sources.get_or_read(&path, || read_text(&path).ok()) else {
            let id = sources.add(path.clone(), String::new());
            diagnostics.push(Diagnostic::error(id, None, "cannot read variables file"));
            continue;
        };
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        match parse_terraform(sources, id) {
            Ok(tree) => {
                for (var, value) in tfvars_values(tf_file(sources, id, &tree), sources) {
                    inputs.retain(|i| i.name != var);
                    inputs.push(RootInput { label: format!("`var.{var}` is set here ({name})"), name: var, value });
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    inputs
}

/// `--var NAME=VALUE`s, as values located in a pseudo-file named `<command line>`.
fn command_line_vars(
    options: &Options,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, ringfence_eval::Value)> {
    hcl_assignments(&options.vars, "<command line>", sources, diagnostics)
}

/// `NAME = VALUE` pairs read as tfvars (a value starting with `[`, `{` or `"` is an
/// HCL expression, anything else a string), in a pseudo-file. A name given twice
/// takes its last value, as Terraform does.
fn hcl_assignments(
    pairs: &[(String, String)],
    pseudo_file: &str,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, ringfence_eval::Value)> {
    if pairs.is_empty() {
        return Vec::new();
    }
    let mut text = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if pairs[i + 1..].iter().any(|(later, _)| later == name) {
            continue;
        }
        let v = value.trim();
        let expr = if v.starts_with(['[', '{', '"']) { v.to_string() } else { format!("{:?}", v).replace("${", "$${") };
        text += &format!("{name} = {expr}\n");
    }
    let id = sources.add(PathBuf::from(pseudo_file), text);
    match parse_terraform(sources, id) {
        Ok(tree) => tfvars_values(tf_file(sources, id, &tree), sources),
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    }
}

/// `[vars]` of the configuration, each located at its value in the configuration file.
fn config_vars(
    options: &Options,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, ringfence_eval::Value)> {
    let Some(inputs) = options.config_inputs.as_ref().filter(|c| !c.vars.is_empty()) else { return Vec::new() };
    let Some(id) = sources.get_or_read(&inputs.path, || read_text(&inputs.path).ok()) else { return Vec::new() };
    let pairs: Vec<(String, String)> = inputs.vars.iter().map(|i| (i.name.clone(), i.value.clone())).collect();
    let mut values = hcl_assignments(&pairs, "<configuration [vars]>", sources, diagnostics);
    for (name, value) in &mut values {
        if let Some(input) = inputs.vars.iter().rev().find(|i| &i.name == name) {
            value.relocate(sources.get(id).span(input.span.start, input.span.end));
        }
    }
    values
}

/// Templates that scanned templates include as nested stacks from local paths.
struct NestedStacks {
    templates: BTreeMap<PathBuf, (FileId, Node)>,
}

impl NestedStacks {
    fn load(documents: &[FileId], sources: &SourceMap) -> NestedStacks {
        let mut templates: BTreeMap<PathBuf, (FileId, Node)> = BTreeMap::new();
        let mut queue: Vec<FileId> = documents
            .iter()
            .copied()
            .filter(|id| sources.get(*id).text.contains("AWS::CloudFormation::Stack"))
            .collect();
        while let Some(id) = queue.pop() {
            let file = sources.get(id);
            let Ok(root) = parse_document(file) else { continue };
            for (_, resource) in root.get("Resources").and_then(Node::entries).unwrap_or_default() {
                if resource.get("Type").and_then(Node::as_str) != Some("AWS::CloudFormation::Stack") {
                    continue;
                }
                let url = resource.get("Properties").and_then(|p| p.get("TemplateURL")).and_then(Node::as_str);
                let Some(path) = url.and_then(|u| nested_template_path(&file.path, u)) else { continue };
                if templates.contains_key(&path) || !path.is_file() {
                    continue;
                }
                let Some(child) = sources.get_or_read(&path, || read_text(&path).ok()) else { continue };
                let Ok(node) = parse_document(sources.get(child)) else { continue };
                if sources.get(child).text.contains("AWS::CloudFormation::Stack") {
                    queue.push(child);
                }
                templates.insert(path, (child, node));
            }
        }
        NestedStacks { templates }
    }
}

fn parse_document(file: &ringfence_syntax::SourceFile) -> Result<Node, Diagnostic> {
    if file.text.trim_start().starts_with(['{', '[']) {
        parse_json(file)
    } else {
        parse_yaml(file)
    }
}

/// CloudFormation parameter values from `--cfn-parameters` files (the CLI's
/// `[{"ParameterKey": …, "ParameterValue": …}]` or `{"Parameters": {…}}`) and
/// `--cfn-param`s, each located where it was set.
fn cfn_inputs(options: &Options, sources: &SourceMap, diagnostics: &mut Vec<Diagnostic>) -> CfnInputs {
    let mut parameters: Vec<(String, Value, String)> = Vec::new();
    for path in &options.cfn_parameter_files {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let Some(id) = sources.get_or_read(path, || read_text(path).ok()) else {
            let id = sources.add(path.clone(), String::new());
            diagnostics.push(Diagnostic::error(id, None, "cannot read parameter file"));
            continue;
        };
        let node = match parse_json(sources.get(id)) {
            Ok(node) => node,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let pairs: Vec<(String, &Node)> = match (&node.kind, node.get("Parameters")) {
            (ringfence_syntax::NodeKind::Seq(items), _) => items
                .iter()
                .filter_map(|i| Some((i.get("ParameterKey")?.as_str()?.to_string(), i.get("ParameterValue")?)))
                .collect(),
            (_, Some(map)) => map.entries().unwrap_or_default().iter().map(|(k, v)| (k.name.clone(), v)).collect(),
            _ => {
                diagnostics.push(Diagnostic::error(
                    id,
                    Some(node.span),
                    "a parameter file is a list of {\"ParameterKey\", \"ParameterValue\"} or {\"Parameters\": {…}}",
                ));
                continue;
            }
        };
        for (key, value) in pairs {
            let label = format!("parameter `{key}` is set here ({name})");
            parameters.push((key, Value::from_node(value), label));
        }
    }
    if let Some(inputs) = options.config_inputs.as_ref().filter(|c| !c.cfn_params.is_empty()) {
        if let Some(id) = sources.get_or_read(&inputs.path, || read_text(&inputs.path).ok()) {
            let name = inputs.path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            for input in &inputs.cfn_params {
                let span = sources.get(id).span(input.span.start, input.span.end);
                let label = format!("parameter `{}` is set here ({name})", input.name);
                let value = Value::new(ringfence_eval::Kind::String(input.value.clone()), span);
                parameters.push((input.name.clone(), value, label));
            }
        }
    }
    if !options.cfn_params.is_empty() {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (name, value) in &options.cfn_params {
            let start = text.len() + name.len() + 1;
            text += &format!("{name}={value}\n");
            spans.push((name.clone(), value.clone(), start));
        }
        let id = sources.add(PathBuf::from("<command line>"), text);
        for (name, value, start) in spans {
            let span = sources.get(id).span(start, start + value.len());
            let label = format!("parameter `{name}` is set here (--cfn-param)");
            parameters.push((name, Value::new(ringfence_eval::Kind::String(value), span), label));
        }
    }
    CfnInputs { parameters, region: options.region.clone(), account_id: options.account_id.clone() }
}

fn evaluate_document(
    unit: UnitId,
    id: FileId,
    sources: &SourceMap,
    set: &ModuleSet<'_>,
    inputs: &CfnInputs,
    nested: &ringfence_eval::NestedTemplates<'_>,
) -> Evaluated {
    let file = sources.get(id);
    let result = guarded(id, || {
        let node = parse_document(file)?;
        if is_plan(&node) {
            let root = normalize(file.path.parent().unwrap_or(Path::new(".")));
            let config = set.modules.contains_key(&root).then_some(PlanConfig { set, root });
            return Ok(evaluate_plan(unit, file, &node, config.as_ref()));
        }
        Ok(if is_cloudformation(&node) {
            evaluate_template(unit, file, &node, inputs, nested)
        } else {
            Evaluated::default()
        })
    });
    result.unwrap_or_else(|d| Evaluated { resources: Vec::new(), diagnostics: vec![d] })
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
