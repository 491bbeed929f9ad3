//! Typed views: the catalog's concepts over the raw graph, for both languages.
//! Each view names its settings once, as [`Attribute`](crate::Attribute)s with their
//! path in each language, and gives rules [`Field`](crate::Field)s that carry the name
//! to print and the path to fix; rules read views, never raw attributes or resource
//! types.

pub mod ai;
pub mod api;
pub mod bedrock;
pub mod credentials;
pub mod ecr;
pub mod estate;
pub mod identity;
pub mod keys;
pub mod kms;
pub mod logs;
pub mod network;
pub mod opensearch;
pub mod policy;
pub mod reach;
pub mod s3;
pub mod sagemaker;
pub mod stores;
pub mod trail;
pub mod vpc;
