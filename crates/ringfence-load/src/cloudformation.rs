//! CloudFormation templates (with the nested stacks they include from local paths)
//! and Terraform plans: documents evaluated one by one.

use crate::{guarded, Document};
use ringfence_eval::{
    evaluate_plan, evaluate_template, nested_template_path, normalize, CfnInputs, Evaluated, ModuleSet, PlanConfig,
    UnitId,
};
use ringfence_syntax::confine::Root;
use ringfence_syntax::limits::MAX_FILE_BYTES;
use ringfence_syntax::{parse_json, parse_yaml_with_warnings, Diagnostic, FileId, Node, SourceMap};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Templates that scanned templates include as nested stacks from local paths.
pub(crate) struct NestedStacks {
    pub(crate) templates: BTreeMap<PathBuf, (FileId, Node)>,
}

impl NestedStacks {
    /// Only templates inside `root` are read; evaluation reports the others where their
    /// `TemplateURL` stands.
    pub(crate) fn load<'a>(
        templates_read: impl Iterator<Item = (FileId, &'a Node)>,
        sources: &SourceMap,
        root: &Root,
    ) -> NestedStacks {
        let mut templates: BTreeMap<PathBuf, (FileId, Node)> = BTreeMap::new();
        let mut queue: Vec<(FileId, Option<&Node>)> = templates_read
            .filter(|(id, _)| may_include_stacks(&sources.get(*id).text))
            .map(|(id, node)| (id, Some(node)))
            .collect();
        while let Some((id, parsed)) = queue.pop() {
            let file = sources.get(id);
            let reparsed;
            let template = match parsed {
                Some(node) => node,
                None => {
                    let Ok(node) = parse_document(file) else { continue };
                    reparsed = node;
                    &reparsed
                }
            };
            for (_, resource) in template.get("Resources").and_then(Node::entries).unwrap_or_default() {
                if resource.get("Type").and_then(Node::as_str) != Some("AWS::CloudFormation::Stack") {
                    continue;
                }
                let url = resource.get("Properties").and_then(|p| p.get("TemplateURL")).and_then(Node::as_str);
                let Some(path) = url.and_then(|u| nested_template_path(&file.path, u)) else { continue };
                if templates.contains_key(&path) || !root.contains(&path) || !path.is_file() {
                    continue;
                }
                let Some(child) = sources.get_or_read(&path, || root.read(&path, MAX_FILE_BYTES).ok()) else {
                    continue;
                };
                let Ok(node) = parse_document(sources.get(child)) else { continue };
                if may_include_stacks(&sources.get(child).text) {
                    queue.push((child, None));
                }
                templates.insert(path, (child, node));
            }
        }
        NestedStacks { templates }
    }
}

/// Whether a template's text may hold a nested stack: one that does not names no
/// `AWS::CloudFormation::Stack` anywhere (read before parsing, so that the others are
/// never searched).
pub(crate) fn may_include_stacks(text: &str) -> bool {
    text.contains("AWS::CloudFormation::Stack")
}

pub(crate) fn parse_document(file: &ringfence_syntax::SourceFile) -> Result<Node, Diagnostic> {
    parse_document_with_warnings(file).map(|(node, _)| node)
}

/// A template's tree and what its text does that CloudFormation accepts but a reader
/// should know (a YAML key written twice).
pub(crate) fn parse_document_with_warnings(
    file: &ringfence_syntax::SourceFile,
) -> Result<(Node, Vec<Diagnostic>), Diagnostic> {
    if file.text.trim_start().starts_with(['{', '[']) {
        parse_json(file).map(|node| (node, Vec::new()))
    } else {
        parse_yaml_with_warnings(file)
    }
}

pub(crate) fn evaluate_document(
    unit: UnitId,
    id: FileId,
    document: &Document,
    sources: &SourceMap,
    set: &ModuleSet<'_>,
    inputs: &CfnInputs,
    nested: &ringfence_eval::NestedTemplates<'_>,
) -> Evaluated {
    let file = sources.get(id);
    let result = guarded(id, || {
        Ok(match document {
            Document::Plan(node) => {
                let root = normalize(file.path.parent().unwrap_or(Path::new(".")));
                let config = set.modules.contains_key(&root).then_some(PlanConfig { set, root });
                evaluate_plan(unit, file, node, config.as_ref())
            }
            Document::Template(node, warnings) => {
                let mut evaluated = evaluate_template(unit, file, node, inputs, nested);
                evaluated.diagnostics.extend(warnings.iter().cloned());
                evaluated
            }
        })
    });
    result.unwrap_or_else(|d| Evaluated { diagnostics: vec![d], ..Evaluated::default() })
}
