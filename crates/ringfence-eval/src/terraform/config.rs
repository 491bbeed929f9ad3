//! What a module's files declare, indexed by name and not yet evaluated: variables,
//! locals, outputs, resources and module calls.

use super::TfFile;
use crate::Mode;
use hcl_edit::expr::Expression;
use hcl_edit::structure::Block;
use hcl_edit::Span as _;
use ringfence_syntax::{Node, NodeKind, SourceFile, Span};
use std::collections::HashMap;

/// An expression to evaluate, in HCL or in `.tf.json`.
#[derive(Clone, Copy)]
pub(super) enum Def<'a> {
    Hcl(&'a SourceFile, &'a Expression),
    Json(&'a SourceFile, &'a Node),
}

#[derive(Clone, Copy)]
pub(super) enum Body<'a> {
    Hcl(&'a SourceFile, &'a hcl_edit::structure::Body),
    Json(&'a SourceFile, &'a Node),
}

impl<'a> Body<'a> {
    pub(super) fn attr(&self, name: &str) -> Option<Def<'a>> {
        match *self {
            Body::Hcl(f, b) => b.get_attribute(name).map(|a| Def::Hcl(f, &a.value)),
            Body::Json(f, n) => n.get(name).map(|v| Def::Json(f, v)),
        }
    }
}

/// A `resource`, `data` or `module` block.
pub(super) struct BlockDef<'a> {
    pub mode: Mode,
    /// Empty for a module call.
    pub rtype: String,
    pub name: String,
    pub header: Span,
    pub body: Body<'a>,
}

pub(super) struct VarDecl<'a> {
    pub default: Option<Def<'a>>,
    /// The `type` expression, and the file it is written in (for its defaults).
    pub type_expr: Option<(&'a SourceFile, &'a Expression)>,
}

#[derive(Default)]
pub(super) struct Config<'a> {
    pub variables: HashMap<String, VarDecl<'a>>,
    pub locals: HashMap<String, Def<'a>>,
    pub outputs: HashMap<String, Def<'a>>,
    pub resources: Vec<BlockDef<'a>>,
    pub modules: Vec<BlockDef<'a>>,
    /// Where each resource's local name (`aws_x.y`) and each module call's name is
    /// in the lists above: references are looked up, never searched for.
    pub resource_index: HashMap<String, usize>,
    pub module_index: HashMap<String, usize>,
}

/// `resource "TYPE" "NAME"`: from the block keyword to its last label.
pub(crate) fn header(file: &SourceFile, block: &Block) -> Span {
    let start = block.ident.span().map_or(0, |r| r.start);
    let end = block.labels.last().and_then(|l| l.span()).or_else(|| block.ident.span()).map_or(start, |r| r.end);
    file.span(start, end)
}

/// The entries of a `.tf.json` object; a list of objects is their entries in order.
pub(super) fn json_entries(node: &Node) -> Vec<&(ringfence_syntax::Key, Node)> {
    match &node.kind {
        NodeKind::Map(e) => e.iter().collect(),
        NodeKind::Seq(items) => items.iter().flat_map(json_entries).collect(),
        _ => Vec::new(),
    }
}

impl<'a> Config<'a> {
    pub(super) fn index(files: &'a [TfFile<'a>]) -> Config<'a> {
        let mut c = Config::default();
        for file in files {
            match *file {
                TfFile::Hcl(f, body) => c.index_hcl(f, body),
                TfFile::Json(f, root) => c.index_json(f, root),
            }
        }
        // The first block of a name is the one references read (as before the index).
        for (i, block) in c.resources.iter().enumerate() {
            c.resource_index.entry(local_name(block)).or_insert(i);
        }
        for (i, call) in c.modules.iter().enumerate() {
            c.module_index.entry(call.name.clone()).or_insert(i);
        }
        c
    }

    fn index_hcl(&mut self, f: &'a SourceFile, body: &'a hcl_edit::structure::Body) {
        for block in body.blocks() {
            let label = |i: usize| block.labels.get(i).map(|l| l.as_str().to_string());
            match (block.ident.as_str(), label(0), label(1)) {
                ("variable", Some(name), _) => {
                    let default = block.body.get_attribute("default").map(|a| Def::Hcl(f, &a.value));
                    let type_expr = block.body.get_attribute("type").map(|a| (f, &a.value));
                    self.variables.insert(name, VarDecl { default, type_expr });
                }
                ("locals", _, _) => {
                    for a in block.body.attributes() {
                        self.locals.insert(a.key.as_str().to_string(), Def::Hcl(f, &a.value));
                    }
                }
                ("output", Some(name), _) => {
                    if let Some(a) = block.body.get_attribute("value") {
                        self.outputs.insert(name, Def::Hcl(f, &a.value));
                    }
                }
                ("resource" | "data", Some(rtype), Some(name)) => self.resources.push(BlockDef {
                    mode: if block.ident.as_str() == "data" { Mode::Data } else { Mode::Managed },
                    rtype,
                    name,
                    header: header(f, block),
                    body: Body::Hcl(f, &block.body),
                }),
                ("module", Some(name), _) => self.modules.push(BlockDef {
                    mode: Mode::Managed,
                    rtype: String::new(),
                    name,
                    header: header(f, block),
                    body: Body::Hcl(f, &block.body),
                }),
                _ => {}
            }
        }
    }

    fn index_json(&mut self, f: &'a SourceFile, root: &'a Node) {
        for (key, section) in json_entries(root) {
            match key.name.as_str() {
                "variable" => {
                    for (name, decl) in json_entries(section) {
                        let default = decl.get("default").map(|d| Def::Json(f, d));
                        self.variables.insert(name.name.clone(), VarDecl { default, type_expr: None });
                    }
                }
                "locals" => {
                    for (name, v) in json_entries(section) {
                        self.locals.insert(name.name.clone(), Def::Json(f, v));
                    }
                }
                "output" => {
                    for (name, decl) in json_entries(section) {
                        if let Some(v) = decl.get("value") {
                            self.outputs.insert(name.name.clone(), Def::Json(f, v));
                        }
                    }
                }
                "resource" | "data" => {
                    for (rtype, names) in json_entries(section) {
                        for (name, body) in json_entries(names) {
                            self.resources.push(BlockDef {
                                mode: if key.name == "data" { Mode::Data } else { Mode::Managed },
                                rtype: rtype.name.clone(),
                                name: name.name.clone(),
                                header: name.span,
                                body: Body::Json(f, body),
                            });
                        }
                    }
                }
                "module" => {
                    for (name, body) in json_entries(section) {
                        self.modules.push(BlockDef {
                            mode: Mode::Managed,
                            rtype: String::new(),
                            name: name.name.clone(),
                            header: name.span,
                            body: Body::Json(f, body),
                        });
                    }
                }
                _ => {}
            }
        }
    }
}

/// The name references use: `aws_x.y` or `data.aws_x.y`.
pub(super) fn local_name(block: &BlockDef<'_>) -> String {
    match block.mode {
        Mode::Managed => format!("{}.{}", block.rtype, block.name),
        Mode::Data => format!("data.{}.{}", block.rtype, block.name),
    }
}

pub(super) fn def_span(def: Def<'_>) -> Span {
    match def {
        Def::Hcl(f, e) => e.span().map_or(f.span(0, 0), |r| f.span(r.start, r.end)),
        Def::Json(_, n) => n.span,
    }
}
