//! Terraform: module instances into resources, the way `terraform plan` would see
//! them, offline.
//!
//! A module is a directory of `.tf`/`.tf.json` files. A root module is evaluated with
//! its inputs (variable defaults, tfvars, `--var`); module calls are evaluated as
//! child instances with the arguments of the call, to any depth. Every symbol (a
//! variable, a local, a resource, a module's outputs) is evaluated lazily, once, with
//! cycle detection. What cannot be known offline is unknown.

mod config;
mod derived;
mod expr;
mod functions;
mod instance;
mod policy_document;

pub(crate) use config::header;
pub use instance::{evaluate_root, module_sources, normalize, tfvars_values, ModuleSet, RootInput, TfModule};

use ringfence_syntax::{FileId, Node, SourceFile};

/// One parsed file of a Terraform module.
#[derive(Clone, Copy)]
pub enum TfFile<'a> {
    Hcl(&'a SourceFile, &'a hcl_edit::structure::Body),
    Json(&'a SourceFile, &'a Node),
}

impl TfFile<'_> {
    pub fn file_id(&self) -> FileId {
        self.source().id
    }

    pub fn source(&self) -> &SourceFile {
        match self {
            TfFile::Hcl(f, _) | TfFile::Json(f, _) => f,
        }
    }
}

/// Meta-arguments that configure Terraform, not the resource.
pub(crate) const META_ARGUMENTS: &[&str] =
    &["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"];
