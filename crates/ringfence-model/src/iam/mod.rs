//! IAM knowledge: the AWS action catalog.

pub mod catalog;
mod derive;
mod escalation;

pub use catalog::{catalog, Action, Catalog};
pub use derive::derive_catalog;
pub use escalation::{escalations, Escalation, PASS_ROLE_COMBINATIONS, SINGLE_ACTIONS};
