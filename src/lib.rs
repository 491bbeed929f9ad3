//! The scan: the stages composed, as the CLI and the language server run them.
//!
//! [`scan_with`] loads the model (`ringfence-load`), runs the selected rules
//! (`ringfence-rules`), applies suppressions, the configuration's per-path ignores and
//! severities, keeps what concerns the files named alone and, with `--changed-since`,
//! what a change brought, and sorts the result. The rest of this package is the
//! command line: configuration, baselines, `--changed-since`'s diff, the language
//! server, rendering through `ringfence-report` and the exit code (`main.rs`).

pub mod baseline;
pub mod config;
pub mod diff;
pub mod docs;
pub mod policies;
pub mod server;
pub mod writing;

/// The loading stage's entry point: paths into one model.
pub use ringfence_load::load as build_model;
pub use ringfence_load::{discover, file_kind, is_terraform_input, FileKind, Inventory, Loaded, Options};
pub use ringfence_rules::fix;

use ringfence_model::Model;
use ringfence_rules::{Date, Examined, Finding, RuleSet};
use ringfence_syntax::{Diagnostic, FileId, SourceMap};
use std::collections::HashMap;
use std::path::PathBuf;

/// What a scan produced.
pub struct Scan {
    pub sources: SourceMap,
    /// The findings that count, in a fixed order.
    pub findings: Vec<Finding>,
    /// Findings a suppression accepts.
    pub suppressed: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// Files that held resources, in path order.
    pub checked: Vec<FileId>,
    /// Findings left out by `--changed-since` because nothing about them changed.
    pub unchanged: usize,
    /// The inputs checked, and those that were not, counted.
    pub inventory: Inventory,
    /// What each rule judged (in the files that are reported on), by rule, file and
    /// place: the evidence of a pass.
    pub examined: Vec<Examined>,
}

/// What to scan: what to load, and what happens to the rules' findings.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub load: Options,
    /// The day suppressions' `until` dates are compared with (default: today, UTC).
    pub today: Option<Date>,
    /// `--changed-since`: keep only findings something in these lines brought.
    pub changed: Option<diff::ChangedLines>,
}

/// Scans the given paths with the given rules and no extra inputs.
pub fn scan(paths: &[PathBuf], rules: &RuleSet) -> Scan {
    let load = Options { paths: paths.to_vec(), ..Options::default() };
    scan_with(&ScanOptions { load, ..ScanOptions::default() }, rules)
}

/// Loads, runs the rules and turns their findings into what is reported.
pub fn scan_with(options: &ScanOptions, rules: &RuleSet) -> Scan {
    scan_keeping_model(options, rules).0
}

/// [`scan_with`], and the model it read: what the audit report describes beside the
/// findings.
pub fn scan_keeping_model(options: &ScanOptions, rules: &RuleSet) -> (Scan, Model) {
    let Loaded { sources, model, mut diagnostics, focus, inventory } = build_model(&options.load);
    let today = options.today.unwrap_or_else(ringfence_rules::today);
    // Suppressions, per-path ignores and the configuration's severities applied.
    let (mut findings, failed_rules, mut examined) = rules.check(&model, &sources, today);
    ringfence_syntax::timings::mark("rules and suppressions");
    diagnostics.extend(failed_rules);
    // With files named alone, only what concerns them is kept (each file asked once).
    let mut named_cache: HashMap<FileId, bool> = HashMap::new();
    let mut named_file = |id: FileId| match &focus {
        None => true,
        Some(focus) => *named_cache.entry(id).or_insert_with(|| focus.contains(&sources.get(id).path)),
    };
    if focus.is_some() {
        findings.retain(|f| {
            named_file(f.primary.file)
                || f.labels.iter().any(|l| named_file(l.span.file))
                || f.suppression.as_ref().is_some_and(|s| named_file(s.span.file))
        });
    }
    let before = findings.len();
    if let Some(changed) = &options.changed {
        let mut extents: HashMap<&str, Vec<(ringfence_syntax::Span, ringfence_syntax::Span)>> = HashMap::new();
        for (_, r) in model.resources() {
            extents.entry(r.address.as_str()).or_default().push((r.header, model.extent(r)));
        }
        findings.retain(|f| brought_by_change(f, changed, &extents, &sources));
    }
    let unchanged = before - findings.len();
    // One finding per place to fix, however many instances share it.
    let mut findings = ringfence_rules::collapse_instances(findings);
    // Files read during evaluation get ids in no fixed order: sort by path.
    // By the path as shown, so that every output lists files in the order people read;
    // each file ranked once, so that sorting compares integers, not paths.
    let ranks = file_ranks(&sources);
    let rank = |id: FileId| ranks.get(id.0 as usize).copied().unwrap_or(u32::MAX);
    let at = |span: &ringfence_syntax::Span| (rank(span.file), span.start, span.end);
    findings.sort_by(|a, b| {
        at(&a.primary)
            .cmp(&at(&b.primary))
            .then_with(|| a.rule.code.cmp(&b.rule.code))
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| a.resource.cmp(&b.resource))
            .then_with(|| a.labels.iter().map(|l| at(&l.span)).cmp(b.labels.iter().map(|l| at(&l.span))))
    });
    diagnostics.sort_by(|a, b| {
        (rank(a.file), a.span.map(|s| s.start), &a.message).cmp(&(rank(b.file), b.span.map(|s| s.start), &b.message))
    });
    diagnostics.dedup();
    let (suppressed, findings): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|f| f.suppression.is_some());
    let mut checked: Vec<FileId> = model.resources().map(|(_, r)| r.file).collect();
    checked.sort_unstable();
    checked.dedup();
    checked.retain(|id| named_file(*id));
    checked.sort_by_key(|id| rank(*id));
    examined.retain(|e| named_file(e.header.file));
    examined.sort_by(|a, b| {
        (&a.rule, rank(a.header.file), a.header.start, &a.resource).cmp(&(
            &b.rule,
            rank(b.header.file),
            b.header.start,
            &b.resource,
        ))
    });
    ringfence_syntax::timings::mark("findings sorted");
    let scan = Scan { sources, findings, suppressed, diagnostics, checked, unchanged, inventory, examined };
    (scan, model)
}

/// Each file's place in the order of the paths as shown (`rank[id]`): files with the
/// same shown path keep their order of reading.
fn file_ranks(sources: &SourceMap) -> Vec<u32> {
    let mut files: Vec<(String, FileId)> = sources.files().map(|f| (f.display_path(), f.id)).collect();
    files.sort();
    let mut rank = vec![0; files.iter().map(|(_, id)| id.0 as usize + 1).max().unwrap_or(0)];
    for (i, (_, id)) in files.iter().enumerate() {
        rank[id.0 as usize] = i as u32;
    }
    rank
}

/// Whether a change brought this finding: the code of a line it stands on, of a
/// place its value came from or of its suppression changed; for a finding at a
/// resource's header (an attribute missing: nothing else locates what the rule
/// reads), the header or any line of the resource.
fn brought_by_change(
    f: &Finding,
    changed: &diff::ChangedLines,
    extents: &HashMap<&str, Vec<(ringfence_syntax::Span, ringfence_syntax::Span)>>,
    sources: &SourceMap,
) -> bool {
    let touched = |span: ringfence_syntax::Span| {
        let file = sources.get(span.file);
        let first = file.lines.line_of(span.start as usize) + 1;
        let last = file.lines.line_of(span.end as usize) + 1;
        changed.touches(&file.path, first, last)
    };
    if touched(f.primary) || f.labels.iter().any(|l| touched(l.span)) {
        return true;
    }
    let at_header = |header: ringfence_syntax::Span| {
        header.file == f.primary.file && header.start <= f.primary.start && f.primary.end <= header.end
    };
    f.suppression.as_ref().is_some_and(|s| touched(s.span))
        || extents
            .get(f.resource.as_str())
            .is_some_and(|resources| resources.iter().any(|(header, extent)| at_header(*header) && touched(*extent)))
}

/// What the report says about the inputs: the loader's inventory, counted.
pub fn accounted(inventory: &Inventory) -> ringfence_report::Accounted {
    let Inventory { checked, unreadable, over_budget, not_iac, ignored, shadowed } = *inventory;
    ringfence_report::Accounted { checked, unreadable, over_budget, not_iac, ignored, shadowed }
}
