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

/// Most items one HCL object literal may hold. hcl-edit's parse time grows with the
/// square of this (each key is compared with every earlier one): 10,000 items take
/// a tenth of a second, 200,000 take minutes. Block bodies are not bounded.
pub const MAX_OBJECT_ITEMS: usize = 10_000;

/// How many nodes YAML alias expansion may create in one document: enough for any
/// real template, far too few for a "billion laughs" file.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// How many bytes of text (scalars and keys) YAML alias expansion may copy in one
/// document: a few aliases of one huge scalar are as costly as a billion laughs.
pub const MAX_ALIAS_BYTES: usize = 16 << 20;

// ---- Evaluation: per unit (a Terraform root and the modules it calls, or a
// CloudFormation template and its nested stacks) ----

/// Longest string an evaluation may compute (a template, `join`, `replace`, `Fn::Sub`).
pub const MAX_VALUE_BYTES: usize = 16 << 20;

/// Most elements one computed value may hold, counted through its nesting.
pub const MAX_VALUE_ELEMENTS: usize = 1_000_000;

/// Deepest nesting of one computed value (the same bound as for input files).
pub const MAX_VALUE_DEPTH: usize = MAX_DEPTH;

/// Deepest nesting of evaluations: expressions inside expressions and references
/// followed from one symbol to the next (a chain of 100,000 locals, a `Fn::GetAtt`
/// that reads itself). Real configurations stay under a hundred.
pub const MAX_EVAL_DEPTH: usize = 1_000;

/// Total work of one unit, in steps (an expression evaluated, an element copied, 64
/// bytes of text copied), besides [`MAX_EVAL_WORK_PER_BYTE`]. Work is memory too:
/// this many steps hold at most about a gigabyte. The largest unit of the corpora
/// (`../shared/corpora`) takes 27,075 steps.
pub const MAX_EVAL_WORK: u64 = 10_000_000;

/// Steps a unit may spend for each byte of its files: work in proportion to the
/// input (a 100 MB template) is always allowed, multiplying it is not.
pub const MAX_EVAL_WORK_PER_BYTE: u64 = 4;

/// Most instances one `count`, `for_each` or `dynamic` block may create.
pub const MAX_INSTANCES: usize = 10_000;

/// Deepest chain of Terraform module calls followed.
pub const MAX_MODULE_DEPTH: usize = 32;

/// Deepest chain of CloudFormation nested stacks followed.
pub const MAX_STACK_NESTING: usize = 16;
