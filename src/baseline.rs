//! Baselines: today's findings, recorded so that a later run reports only new ones.
//!
//! A finding's fingerprint is a hash of its rule, its file (relative to the
//! baseline's directory), its resource and the text it points at, with whitespace
//! collapsed: no line numbers, so editing elsewhere in the file keeps it matched,
//! while changing the offending value makes it new. Equal fingerprints are counted,
//! so a second identical problem in one resource is still new.

use ringfence_rules::Finding;
use ringfence_syntax::{SourceMap, Span};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file `--write-baseline` writes and `--baseline` reads.
#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<Entry>,
}

/// One accepted finding. Only `code`, `file` and `fingerprint` are compared; the
/// rest is for the people reviewing the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub code: String,
    pub resource: String,
    pub fingerprint: String,
    #[serde(default)]
    pub message: String,
}

/// The directory relative paths of a baseline start from: its own.
fn anchor(baseline: &Path) -> PathBuf {
    let dir = baseline.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    ringfence_syntax::absolute_path(dir)
}

/// The finding's file relative to the baseline's directory (`../x/y.tf` when outside
/// it), with `/` separators: the same from any working directory or checkout.
fn relative_path(sources: &SourceMap, at: Span, anchor: &Path) -> String {
    let file = sources.get(at.file);
    match std::path::absolute(&file.path).map(|p| ringfence_eval::normalize(&p)) {
        Ok(path) if path.is_absolute() => relative_to(&path, anchor),
        _ => file.display_path(),
    }
}

fn relative_to(path: &Path, base: &Path) -> String {
    let path: Vec<_> = path.components().collect();
    let base: Vec<_> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); base.len() - common];
    parts.extend(path[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    parts.join("/")
}

/// The fingerprint of a finding with its file relative to `top` (the scan's root, its
/// symbolic links resolved): the same from any working directory, for SARIF's
/// `partialFingerprints`.
pub fn fingerprint(sources: &SourceMap, f: &Finding, top: &Path) -> String {
    let file = sources.get(f.primary.file);
    let shown = match std::fs::canonicalize(&file.path) {
        Ok(real) => relative_to(&real, top),
        Err(_) => relative_path(sources, f.primary, top),
    };
    hashed(sources, f, &shown, &f.resource, f.primary)
}

fn entry(sources: &SourceMap, f: &Finding, anchor: &Path) -> Entry {
    entry_for(sources, f, &f.resource, f.primary, anchor)
}

/// The entry `f` would have as a finding on `resource` (one of its instances) at `at`.
fn entry_for(sources: &SourceMap, f: &Finding, resource: &str, at: Span, anchor: &Path) -> Entry {
    let file = relative_path(sources, at, anchor);
    let fingerprint = hashed(sources, f, &file, resource, at);
    Entry {
        file,
        code: f.rule.code.to_string(),
        resource: resource.to_string(),
        fingerprint,
        message: f.message.clone(),
    }
}

/// The rule, the file as given, the resource and the text at `at`, whitespace collapsed.
fn hashed(sources: &SourceMap, f: &Finding, file: &str, resource: &str, at: Span) -> String {
    let text = sources.get(at.file).slice(at);
    let text: Vec<&str> = text.split_whitespace().collect();
    let mut hash = Sha256::new();
    for part in [&*f.rule.code, file, resource, text.join(" ").as_str()] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    let digest = hash.finalize();
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// The baseline of these findings, to be written at `path`.
pub fn record(sources: &SourceMap, findings: &[Finding], path: &Path) -> Baseline {
    let anchor = anchor(path);
    let mut entries: Vec<Entry> = findings.iter().map(|f| entry(sources, f, &anchor)).collect();
    entries.sort();
    Baseline { version: 1, tool: "ringfence".to_string(), findings: entries }
}

pub fn write(baseline: &Baseline, path: &Path) -> Result<(), String> {
    let text = serde_json::to_string_pretty(baseline).map_err(|e| e.to_string())? + "\n";
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
}

pub fn read(path: &Path) -> Result<Baseline, String> {
    // A regular file of bounded size only: a FIFO committed as the baseline must not
    // block the run.
    use ringfence_syntax::confine::{read_regular, ReadError};
    let text = read_regular(path, ringfence_syntax::limits::MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::Io(e) => {
            format!("cannot read baseline {}: {e} (record one with --write-baseline {0})", path.display())
        }
        other => format!("baseline {}: {other}", path.display()),
    })?;
    let baseline: Baseline = serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: not a ringfence baseline: {e}", path.display(), e.line(), e.column()))?;
    if baseline.version != 1 {
        return Err(format!("{}: baseline version {} is not supported (1 is)", path.display(), baseline.version));
    }
    Ok(baseline)
}

/// Keeps the findings the baseline does not record; returns those it removed, in order.
pub fn filter(sources: &SourceMap, findings: &mut Vec<Finding>, baseline: &Baseline, path: &Path) -> Vec<Finding> {
    let anchor = anchor(path);
    let mut accepted: HashMap<(String, String, String), usize> = HashMap::new();
    for e in &baseline.findings {
        *accepted.entry((e.code.clone(), e.file.clone(), e.fingerprint.clone())).or_insert(0) += 1;
    }
    // A finding of several instances is accepted when any of them is recorded: a
    // baseline written before instances were collapsed has one entry per instance,
    // and a new instance of an accepted place is not a new place to fix. One that
    // moved to the caller that set its value is also known by where it was before.
    let is_new = |f: &Finding| {
        let resources = std::iter::once(&f.resource).chain(&f.instances);
        let places = std::iter::once(f.primary).chain(f.used_at);
        for (resource, at) in resources.flat_map(|r| places.clone().map(move |at| (r, at))) {
            let e = entry_for(sources, f, resource, at, &anchor);
            if let Some(n) = accepted.get_mut(&(e.code, e.file, e.fingerprint)) {
                if *n > 0 {
                    *n -= 1;
                    return false;
                }
            }
        }
        true
    };
    let (kept, accepted): (Vec<Finding>, Vec<Finding>) = std::mem::take(findings).into_iter().partition(is_new);
    *findings = kept;
    accepted
}
