//! Typed views: the catalog's concepts over the raw graph, for both languages.
//! Each view is a small table of Terraform attributes and CloudFormation properties
//! side by side; rules read views, never raw attributes.

pub mod ai;
pub mod api;
pub mod bedrock;
pub mod credentials;
pub mod ecr;
pub mod identity;
pub mod keys;
pub mod kms;
pub mod logs;
pub mod network;
pub mod opensearch;
pub mod policy;
pub mod s3;
pub mod sagemaker;
pub mod stores;
pub mod trail;
pub mod vpc;
