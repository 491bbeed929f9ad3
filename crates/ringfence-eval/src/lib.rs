//! Stage 2 of the pipeline: syntax trees into resources whose attributes are
//! [`Value`]s that remember where they are written and where they came from.
//!
//! Unknown is a value ([`Kind::Unknown`]), never an error: whatever cannot be known
//! without deploying (an attribute computed after apply, a parameter with no value)
//! evaluates to unknown and carries the references it was computed from.

mod budget;
mod cloudformation;
mod json_string;
mod plan;
mod terraform;
mod value;

pub use cloudformation::{evaluate_template, is_cloudformation, nested_template_path, CfnInputs, NestedTemplates};
pub use json_string::decode_json_string;
pub use plan::{evaluate_plan, is_plan, PlanConfig};
pub use terraform::{evaluate_root, module_sources, normalize, tfvars_values, ModuleSet, RootInput, TfFile, TfModule};
pub use value::{Entry, Kind, Origin, Piece, Reference, Rendered, Value, UNKNOWN_MARK};

use ringfence_syntax::{Diagnostic, FileId, Span};

/// Which language a resource was written in, as the model names its attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Terraform,
    CloudFormation,
    /// Terraform syntax, resources of the awscc (Cloud Control) provider: CloudFormation
    /// resource types whose property names are written in snake_case, nested objects
    /// as attribute objects. Evaluation produces these as `Terraform`; the model, which
    /// knows the provider's types, sees them as this (and as their CloudFormation type).
    Awscc,
}

/// A managed resource, or a Terraform data source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Managed,
    Data,
}

/// One evaluation unit: a Terraform module instance or a CloudFormation template.
/// References resolve within their unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u32);

/// A resource as the evaluator sees it: typed, addressed, located, with attributes.
#[derive(Clone, Debug)]
pub struct Resource {
    pub lang: Lang,
    pub mode: Mode,
    /// `aws_s3_bucket` or `AWS::S3::Bucket` (also for an awscc resource once in the model:
    /// see [`Resource::written_type`]).
    pub rtype: String,
    /// Terraform resource name or CloudFormation logical ID.
    pub name: String,
    /// `module.x.aws_s3_bucket.y` or the logical ID: what the user searches for.
    pub address: String,
    /// Name that references inside the unit use: `aws_s3_bucket.y`,
    /// `data.aws_iam_policy_document.p`, or the logical ID.
    pub local_name: String,
    /// Module instance prefix (`module.a[0].`, empty at the root and in templates):
    /// references resolve to `module` + their target.
    pub module: String,
    /// A Terraform data source whose value another resource reads (a policy document
    /// consumed by a policy is judged where it is used, not on its own).
    pub referenced: bool,
    pub unit: UnitId,
    pub file: FileId,
    /// `resource "TYPE" "NAME"` in Terraform, the logical ID key in CloudFormation.
    pub header: Span,
    /// The attributes (Terraform) or `Properties` (CloudFormation), as a map.
    pub attrs: Value,
    /// CloudFormation `Metadata`, as written (not evaluated): where a template's
    /// JSON form keeps what YAML and HCL keep in comments (suppressions).
    pub metadata: Option<Value>,
}

impl Resource {
    /// The type as the configuration writes it: `rtype`, except for an awscc resource,
    /// whose `rtype` the model sets to its CloudFormation type (`AWS::KMS::Key`) while
    /// its address keeps the provider's type (`awscc_kms_key.k`).
    pub fn written_type(&self) -> &str {
        match self.lang {
            Lang::Awscc => {
                let local = self.local_name.strip_prefix("data.").unwrap_or(&self.local_name);
                local.split('.').next().filter(|t| !t.is_empty()).unwrap_or(&self.rtype)
            }
            _ => &self.rtype,
        }
    }
}

/// What evaluating one unit produced.
#[derive(Debug, Default)]
pub struct Evaluated {
    pub resources: Vec<Resource>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file where the unit exceeded a budget (its error is among the
    /// diagnostics): the caller may evaluate the unit again without it.
    pub over_budget: Option<FileId>,
}
