//! IAM knowledge: the AWS action catalog and the published privilege-escalation paths.

pub mod catalog;
mod derive;
mod escalation;
mod retired;

pub use catalog::{catalog, Action, Catalog};
pub use derive::derive_catalog;
pub use escalation::{escalation_paths, escalation_sources, escalations, Escalation, EscalationPath, PathKind, Reach};
pub use retired::{retired, retired_actions, retired_sources, Retired};
