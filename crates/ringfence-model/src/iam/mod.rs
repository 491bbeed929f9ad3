//! IAM knowledge: the AWS action catalog and the published privilege-escalation paths.

pub mod catalog;
mod derive;
mod escalation;

pub use catalog::{catalog, Action, Catalog};
pub use derive::derive_catalog;
pub use escalation::{escalation_paths, escalation_sources, escalations, Escalation, EscalationPath, PathKind, Reach};
