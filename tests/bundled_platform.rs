//! The bundled example: `testdata/vulnerable` gives exactly one finding per seeded
//! problem (each marked `# seed: CODE` on the line it is reported at) and nothing
//! else, and `testdata/hardened`, the same platform fixed, gives none. Every rule runs,
//! also those off by default. Both accept a few findings with suppressions: each
//! suppressed finding is marked `# accepted: CODE` on its line, and the hardened
//! platform's suppressions say why and until when.

mod common;

use ringfence_rules::Registry;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata").canonicalize().unwrap()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            out.extend(files_under(&entry));
        } else {
            out.push(entry);
        }
    }
    out
}

/// (file, line, code) → how many findings.
type Counts = BTreeMap<(PathBuf, usize, String), usize>;

/// How many findings the `# seed:` markers announce.
fn seeds(dir: &Path) -> Counts {
    markers(dir, "# seed:")
}

/// How many findings the markers (`# seed:` or `# accepted:`) announce.
fn markers(dir: &Path, marker: &str) -> Counts {
    let mut out = BTreeMap::new();
    for file in files_under(dir) {
        let Ok(text) = fs::read_to_string(&file) else { continue };
        for (i, line) in text.lines().enumerate() {
            let Some(pos) = line.find(marker) else { continue };
            for token in line[pos + marker.len()..].split(',') {
                let (code, n) = match token.trim().split_once(" x") {
                    Some((code, n)) => (code.trim(), n.trim().parse().unwrap()),
                    None => (token.trim(), 1),
                };
                *out.entry((file.clone(), i + 1, code.to_string())).or_insert(0) += n;
            }
        }
    }
    out
}

fn scan(dir: &Path) -> ringfence::Scan {
    common::scan_with_every_rule(&[dir.to_path_buf()])
}

fn counts(scan: &ringfence::Scan, findings: &[ringfence_rules::Finding]) -> Counts {
    let mut out = BTreeMap::new();
    for f in findings {
        let file = scan.sources.get(f.primary.file);
        let line = file.line_col(f.primary.start as usize).line;
        *out.entry((file.path.clone(), line, f.rule.code.to_string())).or_insert(0) += 1;
    }
    out
}

fn findings(dir: &Path) -> (Counts, Vec<String>) {
    let scan = scan(dir);
    let diagnostics = scan
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", scan.sources.get(d.file).path.display(), d.message))
        .collect();
    (counts(&scan, &scan.findings), diagnostics)
}

/// Differences between what markers announce and what the scan gives.
fn mismatches(expected: &Counts, actual: &Counts, what: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for key in expected.keys().chain(actual.keys()).collect::<std::collections::BTreeSet<_>>() {
        let (want, got) = (expected.get(key).copied().unwrap_or(0), actual.get(key).copied().unwrap_or(0));
        if want != got {
            problems.push(format!("{}:{} {}: {what} {want}, found {got}", key.0.display(), key.1, key.2));
        }
    }
    problems
}

#[test]
fn the_vulnerable_platform_gives_one_finding_per_seed_and_nothing_else() {
    let dir = testdata().join("vulnerable");
    let expected = seeds(&dir);
    let (actual, diagnostics) = findings(&dir);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let problems = mismatches(&expected, &actual, "seeded");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every rule of the catalog is seeded at least once.
    for rule in Registry::builtin().rules() {
        assert!(expected.keys().any(|(_, _, code)| *code == rule.code), "{} is not seeded", rule.code);
    }
    // The Terraform seeds include findings inside the module.
    assert!(expected.keys().any(|(file, _, _)| file.to_string_lossy().contains("modules")));
}

#[test]
fn the_hardened_platform_gives_nothing() {
    let (actual, diagnostics) = findings(&testdata().join("hardened"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(actual.is_empty(), "{actual:?}");
}

/// The findings suppressions accept are exactly those marked `# accepted: CODE`.
#[test]
fn both_platforms_suppress_exactly_the_accepted_findings() {
    for platform in ["vulnerable", "hardened"] {
        let dir = testdata().join(platform);
        let expected = markers(&dir, "# accepted:");
        assert!(!expected.is_empty(), "{platform}: no `# accepted:` marker");
        let scan = scan(&dir);
        let problems = mismatches(&expected, &counts(&scan, &scan.suppressed), "accepted");
        assert!(problems.is_empty(), "{platform}:\n{}", problems.join("\n"));
    }
}

/// The hardened platform shows the accepted-risk pattern: every suppression says why
/// the finding is accepted and until when, and that date is still ahead.
#[test]
fn the_hardened_platform_accepts_risks_with_a_reason_and_an_end_date() {
    let scan = scan(&testdata().join("hardened"));
    assert!(!scan.suppressed.is_empty());
    for f in &scan.suppressed {
        let s = f.suppression.as_ref().unwrap();
        assert!(!s.reason.is_empty(), "{} {} has no reason", f.rule.code, f.resource);
        assert_eq!(s.until.as_deref(), Some("2099-12-31"), "{} {}", f.rule.code, f.resource);
    }
}
