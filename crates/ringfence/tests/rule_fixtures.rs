//! Walks every `rules/CODE/` folder: each fixture file (and each sub-folder, scanned
//! as a whole) must produce exactly the findings its `# expect: CODE` comments (or,
//! for JSON, its `FILE.expect` sidecar of `LINE: CODE` lines) announce, on those
//! lines. Codes compared are the folder's own and any its expectations name.

use ringfence_rules::{find_rule, Rule, RULES};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules").canonicalize().expect("rules/ folder")
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

fn is_fixture(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    [".tf", ".tf.json", ".yaml", ".yml", ".json", ".template"].iter().any(|e| name.ends_with(e))
}

/// (file, line, code) expected in one fixture file.
fn expectations(file: &Path) -> BTreeSet<(PathBuf, usize, String)> {
    let mut out = BTreeSet::new();
    let sidecar = PathBuf::from(format!("{}.expect", file.display()));
    if sidecar.exists() {
        for line in fs::read_to_string(&sidecar).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            let (n, codes) = line.split_once(':').unwrap_or_else(|| panic!("{}: bad line `{line}`", sidecar.display()));
            let n: usize = n.trim().parse().unwrap_or_else(|_| panic!("{}: bad line `{line}`", sidecar.display()));
            for code in codes.split(',') {
                out.insert((file.to_path_buf(), n, code.trim().to_string()));
            }
        }
        return out;
    }
    for (i, line) in fs::read_to_string(file).unwrap().lines().enumerate() {
        if let Some(pos) = line.find("# expect:") {
            for code in line[pos + 9..].split(',') {
                out.insert((file.to_path_buf(), i + 1, code.trim().to_string()));
            }
        }
    }
    out
}

fn check_case(code: &str, target: &Path, files: &[PathBuf], failures: &mut Vec<String>) {
    let mut expected = BTreeSet::new();
    for f in files {
        expected.extend(expectations(f));
    }
    let mut scope: BTreeSet<String> = expected.iter().map(|(_, _, c)| c.clone()).collect();
    scope.insert(code.to_string());
    for c in &scope {
        if find_rule(c).is_none() {
            failures.push(format!("{}: expects unknown rule {c}", target.display()));
        }
    }
    let all: Vec<&'static dyn Rule> = RULES.to_vec();
    let scan = ringfence::scan(&[target.to_path_buf()], &all);
    for d in &scan.diagnostics {
        failures.push(format!("{}: diagnostic: {}", scan.sources.get(d.file).path.display(), d.message));
    }
    let mut actual = BTreeSet::new();
    let mut messages = Vec::new();
    for f in scan.findings.iter().filter(|f| scope.contains(f.rule.code)) {
        let file = scan.sources.get(f.primary.file);
        let line = file.line_col(f.primary.start as usize).line;
        actual.insert((file.path.clone(), line, f.rule.code.to_string()));
        messages.push(format!("{}:{line} {} {}", file.path.display(), f.rule.code, f.message));
    }
    for missing in expected.difference(&actual) {
        failures.push(format!("missed: {}:{} {}", missing.0.display(), missing.1, missing.2));
    }
    for extra in actual.difference(&expected) {
        let detail = messages.iter().find(|m| m.starts_with(&format!("{}:{} {}", extra.0.display(), extra.1, extra.2)));
        failures.push(format!("extra: {}", detail.cloned().unwrap_or_default()));
    }
}

#[test]
fn every_rule_folder_fixture_gives_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for dir in sorted_entries(&rules_dir()).into_iter().filter(|p| p.is_dir()) {
        let code = dir.file_name().unwrap().to_string_lossy().to_string();
        if find_rule(&code).is_none() {
            failures.push(format!("{}: folder for no rule", dir.display()));
            continue;
        }
        for entry in sorted_entries(&dir) {
            if entry.is_dir() {
                let files: Vec<PathBuf> = walk_files(&entry);
                check_case(&code, &entry, &files, &mut failures);
                cases += 1;
            } else if is_fixture(&entry) {
                check_case(&code, &entry, std::slice::from_ref(&entry), &mut failures);
                cases += 1;
            }
        }
    }
    assert!(cases > 0, "no fixtures found");
    assert!(failures.is_empty(), "{} problem(s) in rule fixtures:\n{}", failures.len(), failures.join("\n"));
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in sorted_entries(dir) {
        if entry.is_dir() {
            out.extend(walk_files(&entry));
        } else if is_fixture(&entry) {
            out.push(entry);
        }
    }
    out
}

/// Every rule has a doc page whose title names it, and fail and pass fixtures in
/// Terraform, CloudFormation YAML and CloudFormation JSON.
#[test]
fn every_rule_has_a_doc_page_and_fixtures_in_every_format() {
    let mut failures = Vec::new();
    for rule in RULES {
        let m = rule.meta();
        let dir = rules_dir().join(m.code);
        let readme = fs::read_to_string(dir.join("README.md")).unwrap_or_default();
        if !readme.starts_with(&format!("# {}: {}\n", m.code, m.name)) {
            failures.push(format!("{}: README.md must start with `# {}: {}`", m.code, m.code, m.name));
        }
        for section in ["## What it does", "## Why it matters", "## How to fix", "## References"] {
            if !readme.contains(section) {
                failures.push(format!("{}: README.md lacks `{section}`", m.code));
            }
        }
        if m.summary().is_empty() {
            failures.push(format!("{}: no summary paragraph", m.code));
        }
        for ext in ["tf", "yaml", "json"] {
            for kind in ["fail", "pass"] {
                let file = dir.join(format!("{kind}.{ext}"));
                if !file.exists() {
                    failures.push(format!("{}: missing {kind}.{ext}", m.code));
                } else if kind == "fail" && !expectations(&file).iter().any(|(_, _, c)| c == m.code) {
                    failures.push(format!("{}: {kind}.{ext} expects no {} finding", m.code, m.code));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
