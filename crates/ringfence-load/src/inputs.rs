//! The inputs a scan applies: the configuration's `exclude`, `[vars]` and
//! `[cfn-params]` (parsed by the CLI and handed over located), tfvars, `--var`,
//! CloudFormation parameter files and `--cfn-param`. Every value is located where it
//! was set, so that a finding it causes points back there.

use crate::terraform::{parse_terraform, tf_file};
use crate::{read_text, Options};
use globset::GlobSet;
use ringfence_eval::{normalize, tfvars_values, CfnInputs, RootInput, Value};
use ringfence_syntax::confine::Root;
use ringfence_syntax::{parse_json, Diagnostic, Node, SourceMap};
use std::path::{Path, PathBuf};

/// The configuration's `exclude`: globs matched against paths relative to its directory.
#[derive(Debug, Default, Clone)]
pub struct Exclude {
    /// The configuration's directory, absolute.
    pub base: PathBuf,
    pub globs: Option<GlobSet>,
}

impl Exclude {
    /// Whether `exclude` leaves this file or directory out (a directory also by any
    /// of its ancestors, so `examples` and `examples/**` both work).
    pub fn excluded(&self, path: &Path) -> bool {
        let Some(set) = &self.globs else { return false };
        let Some(relative) = relative_to(&self.base, path) else { return false };
        let mut candidate = relative.as_str();
        loop {
            if !candidate.is_empty() && set.is_match(candidate) {
                return true;
            }
            match candidate.rfind('/') {
                Some(cut) => candidate = &candidate[..cut],
                None => return false,
            }
        }
    }
}

/// `path` relative to `base` with `/` separators, as globs are matched (none: not under it).
pub fn relative_to(base: &Path, path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let relative = normalize(&absolute);
    let relative = relative.strip_prefix(base).ok()?;
    Some(relative.to_string_lossy().replace('\\', "/"))
}

/// `[vars]` and `[cfn-params]`: values located in the configuration file, so that a
/// finding they cause points back there.
#[derive(Debug, Clone)]
pub struct ConfigInputs {
    pub path: PathBuf,
    pub vars: Vec<LocatedInput>,
    pub cfn_params: Vec<LocatedInput>,
}

#[derive(Debug, Clone)]
pub struct LocatedInput {
    pub name: String,
    pub value: String,
    /// Byte range of the value in the configuration file.
    pub span: std::ops::Range<usize>,
}

/// Variable values for a root: `terraform.tfvars`, `terraform.tfvars.json`,
/// `*.auto.tfvars(.json)` in lexical order, then `--var-file`s; later ones win.
pub(crate) fn root_inputs(
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
        // Spelled as discovery spells a tfvars file it found, so the file is one source.
        let path = normalize(&path);
        let Some(id) = sources.get_or_read(&path, || read_text(&path).ok()) else {
            let id = sources.add(path.clone(), String::new());
            diagnostics.push(Diagnostic::error(id, None, "cannot read variables file"));
            continue;
        };
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        match parse_terraform(sources, id) {
            Ok(tree) => {
                let (values, errors) = tfvars_values(tf_file(sources, id, &tree), sources);
                diagnostics.extend(errors);
                for (var, value) in values {
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
pub(crate) fn command_line_vars(
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
        Ok(tree) => {
            let (values, errors) = tfvars_values(tf_file(sources, id, &tree), sources);
            diagnostics.extend(errors);
            values
        }
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    }
}

/// `[vars]` of the configuration, each located at its value in the configuration file.
pub(crate) fn config_vars(
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

/// CloudFormation parameter values from `--cfn-parameters` files (the CLI's
/// `[{"ParameterKey": …, "ParameterValue": …}]` or `{"Parameters": {…}}`) and
/// `--cfn-param`s, each located where it was set.
pub(crate) fn cfn_inputs(
    options: &Options,
    root: &Root,
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> CfnInputs {
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
    CfnInputs { parameters, region: options.region.clone(), account_id: options.account_id.clone(), root: root.clone() }
}
