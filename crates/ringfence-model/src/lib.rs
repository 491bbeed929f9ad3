//! Stage 3 of the pipeline: one resource graph for both languages.
//!
//! The raw graph holds resources and the references between them. Typed views
//! ([`views`]) give rules the concepts of the catalog (a KMS key and its rotation, a
//! bucket and its default encryption, an ingress rule and its sources), each built
//! from both languages by one small mapping per resource type.

pub mod awscc;
mod graph;
pub mod iam;
mod setting;
pub mod views;

pub use graph::{Model, ResourceId};
pub use ringfence_eval::{Kind, Lang, Mode, Origin, Reference, Resource, Value, UNKNOWN_MARK};
pub use setting::{Attribute, Field, Setting};
