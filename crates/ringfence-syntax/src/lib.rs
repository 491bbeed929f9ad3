//! Stage 1 of the pipeline: files into spanned trees.
//!
//! Every tree produced here keeps byte spans into its [`SourceFile`]; the file's
//! [`LineIndex`] turns them into 1-based line/column pairs for every output format.
//! Nothing here knows about Terraform or CloudFormation semantics.

mod align;
pub mod confine;
mod depth;
mod hcl;
mod json;
pub mod limits;
mod node;
pub mod secrets;
mod source;
pub mod timings;
mod yaml;

pub use align::align_lines;
pub use hcl::parse_hcl;
pub use json::{parse_json, parse_json_str};
pub use node::{Key, Node, NodeKind};
pub use source::{absolute_path, display_path, normalize, FileId, LineCol, LineIndex, SourceFile, SourceMap, Span};
pub use yaml::{parse_yaml, parse_yaml_with_warnings};

pub use limits::MAX_DEPTH;

/// A problem with an input file that is not a rule finding: it could not be read,
/// parsed, or evaluated. Always located in a file, and at a span when one is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    pub file: FileId,
    /// Where in the file; `None` when the whole file is concerned (e.g. unreadable).
    pub span: Option<Span>,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Warning,
    Error,
}

impl Diagnostic {
    pub fn error(file: FileId, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Error, file, span, message: safe_message(message.into()) }
    }

    pub fn warning(file: FileId, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Warning, file, span, message: safe_message(message.into()) }
    }
}

/// A message may quote the input (a key, a value): no credential leaves in it.
fn safe_message(message: String) -> String {
    match secrets::redact(&message) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(redacted) => redacted,
    }
}
