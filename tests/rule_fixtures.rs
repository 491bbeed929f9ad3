//! Walks every `rules/CODE/` folder: each fixture file (and each sub-folder, scanned
//! as a whole) must produce exactly the findings its `# expect: CODE` comments (or,
//! for JSON, its `FILE.expect` sidecar of `LINE: CODE` lines) announce, on those
//! lines, as many times as announced (`CODE x2` for two findings on one line, e.g.
//! two instances of a module). Codes compared are the folder's own and any its
//! expectations name.

use ringfence_rules::{find_rule, Registry, RuleSet};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").canonicalize().expect("rules/ folder")
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

type Key = (PathBuf, usize, String);

/// Parses `CODE` or `CODE xN` into (code, count).
fn code_and_count(token: &str) -> (String, usize) {
    match token.trim().split_once(" x") {
        Some((code, n)) => (code.trim().to_string(), n.trim().parse().unwrap_or(1)),
        None => (token.trim().to_string(), 1),
    }
}

/// How many findings of each (file, line, code) one fixture file expects.
fn expectations(file: &Path) -> BTreeMap<Key, usize> {
    let mut out = BTreeMap::new();
    let sidecar = PathBuf::from(format!("{}.expect", file.display()));
    if sidecar.exists() {
        for line in fs::read_to_string(&sidecar).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            let (n, codes) = line.split_once(':').unwrap_or_else(|| panic!("{}: bad line `{line}`", sidecar.display()));
            let n: usize = n.trim().parse().unwrap_or_else(|_| panic!("{}: bad line `{line}`", sidecar.display()));
            for token in codes.split(',') {
                let (code, count) = code_and_count(token);
                *out.entry((file.to_path_buf(), n, code)).or_insert(0) += count;
            }
        }
        return out;
    }
    for (i, line) in fs::read_to_string(file).unwrap().lines().enumerate() {
        if let Some(pos) = line.find("# expect:") {
            for token in line[pos + 9..].split(',') {
                let (code, count) = code_and_count(token);
                *out.entry((file.to_path_buf(), i + 1, code)).or_insert(0) += count;
            }
        }
    }
    out
}

fn check_case(code: &str, target: &Path, files: &[PathBuf], failures: &mut Vec<String>) {
    let mut expected: BTreeMap<Key, usize> = BTreeMap::new();
    for f in files {
        expected.extend(expectations(f));
    }
    let mut scope: BTreeSet<String> = expected.keys().map(|(_, _, c)| c.clone()).collect();
    scope.insert(code.to_string());
    for c in &scope {
        if find_rule(c).is_none() {
            failures.push(format!("{}: expects unknown rule {c}", target.display()));
        }
    }
    let scan = ringfence::scan(&[target.to_path_buf()], &RuleSet::all(Registry::builtin()));
    // Warnings (a module not installed) are part of some cases; errors never are.
    for d in scan.diagnostics.iter().filter(|d| d.level == ringfence_syntax::Level::Error) {
        failures.push(format!("{}: diagnostic: {}", scan.sources.get(d.file).path.display(), d.message));
    }
    let mut actual: BTreeMap<Key, usize> = BTreeMap::new();
    let mut messages = Vec::new();
    for f in scan.findings.iter().filter(|f| scope.contains(&*f.rule.code)) {
        let file = scan.sources.get(f.primary.file);
        let line = file.line_col(f.primary.start as usize).line;
        *actual.entry((file.path.clone(), line, f.rule.code.to_string())).or_insert(0) += 1;
        messages.push(format!("{}:{line} {} {} [{}]", file.path.display(), f.rule.code, f.message, f.resource));
    }
    let keys: BTreeSet<&Key> = expected.keys().chain(actual.keys()).collect();
    for key in keys {
        let (want, got) = (expected.get(key).copied().unwrap_or(0), actual.get(key).copied().unwrap_or(0));
        if want != got {
            let prefix = format!("{}:{} {}", key.0.display(), key.1, key.2);
            let details: Vec<&String> = messages.iter().filter(|m| m.starts_with(&prefix)).collect();
            failures.push(format!("expected {want}, found {got}: {prefix} {details:?}"));
        }
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
        } else if !entry.to_string_lossy().ends_with(".expect") {
            // Any file of a case may hold expectations (a policy template, tfvars).
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
    for m in Registry::builtin().rules() {
        let dir = rules_dir().join(&*m.code);
        let readme = fs::read_to_string(dir.join("README.md")).unwrap_or_default();
        if !readme.starts_with(&format!("# {}: {}\n", m.code, m.name)) {
            failures.push(format!("{}: README.md must start with `# {}: {}`", m.code, m.code, m.name));
        }
        for section in ["## What it does", "## Why it matters", "## How to fix", "## Compliance", "## References"] {
            if !readme.contains(section) {
                failures.push(format!("{}: README.md lacks `{section}`", m.code));
            }
        }
        if m.summary().is_empty() {
            failures.push(format!("{}: no summary paragraph", m.code));
        }
        // The RF rules judge suppressions, not infrastructure: their pages say in a
        // sentence that they give no evidence, and must not map to any control.
        if m.family() == "RF" {
            if !m.controls().is_empty() {
                failures.push(format!("{}: an RF rule gives no compliance evidence: no table rows", m.code));
            }
        } else if m.controls().is_empty() {
            failures.push(format!("{}: README.md has no `## Compliance` table rows", m.code));
        }
        // A rule for a resource CloudFormation does not have says so in its table's
        // CloudFormation column (`—`); its CloudFormation fail files then show that
        // nothing fires.
        let terraform_only = readme
            .lines()
            .find(|l| l.starts_with('|') && !l.starts_with("| Severity") && !l.starts_with("|---"))
            .and_then(|row| row.trim_matches('|').split('|').nth(3))
            .is_some_and(|cell| cell.trim() == "—");
        for ext in ["tf", "yaml", "json"] {
            for kind in ["fail", "pass"] {
                let file = dir.join(format!("{kind}.{ext}"));
                let expects_none_by_design = terraform_only && ext != "tf";
                if !file.exists() {
                    failures.push(format!("{}: missing {kind}.{ext}", m.code));
                } else if kind == "fail"
                    && !expects_none_by_design
                    && !expectations(&file).keys().any(|(_, _, c)| *c == m.code)
                {
                    failures.push(format!("{}: {kind}.{ext} expects no {} finding", m.code, m.code));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
