//! Every bound on what one input may cost, in one place (docs/security.md lists them).
//!
//! Each is generous enough that real configurations never meet it; a hostile one that
//! does gets a located error for its file (exit 2), never a silently unknown value:
//! that would be one more way to switch a rule off. They are constants: a pull request
//! cannot raise them, and a user who needs more changes them here and rebuilds.

/// Deepest nesting of collections accepted in any input file. Real templates stay
/// well under 40 levels; the bound keeps hostile files from exhausting the stack of
/// the (recursive) parsers and of every later tree walk.
pub const MAX_DEPTH: usize = 256;

/// Largest file the scan reads (a 100 MB generated template still passes).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Largest file that `file()`, `templatefile()` and friends read.
pub const MAX_FUNCTION_FILE_BYTES: u64 = 10 << 20;

/// How many nodes YAML alias expansion may create in one document: enough for any
/// real template, far too few for a "billion laughs" file.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// How many bytes of text (scalars and keys) YAML alias expansion may copy in one
/// document: a few aliases of one huge scalar are as costly as a billion laughs.
pub const MAX_ALIAS_BYTES: usize = 16 << 20;
