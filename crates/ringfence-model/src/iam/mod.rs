//! IAM knowledge: the AWS action catalog.

mod catalog;
mod derive;

pub use catalog::{catalog, Action, Catalog};
pub use derive::derive_catalog;
