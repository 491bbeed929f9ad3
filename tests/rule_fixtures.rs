//! One trial per case of every `rules/CODE/` folder, named `rules::CODE::CASE`, so that
//! `cargo test --test rule_fixtures NET001` runs one rule's cases. A case is a fixture
//! file, or a sub-folder scanned as a whole. Each case
//!
//! - produces exactly the findings its `# expect: CODE` comments (or, for JSON, its
//!   `FILE.expect` sidecar of `LINE: CODE` lines) announce, on those lines, as many times
//!   as announced (`CODE x2` for two findings on one line, e.g. two instances of a
//!   module). Codes compared are the folder's own and any its expectations name;
//! - matches its snapshot, `rules/CODE/snapshots/CASE.snap`: what a user sees of those
//!   findings (location, severity, message, resource, labels, the fix or why there is
//!   none), the warnings of the scan and the diff `--fix` applies.
//!
//! - for a `pass*` case of a rule judging infrastructure (not RF*), makes the rule
//!   record at least one examined resource: a pass stands on evidence. A case holding
//!   nothing the rule applies to says so on its first line: `# examined: none`, and why
//!   (a JSON file, on the first line of its `FILE.expect` sidecar).
//!
//! `rules::CODE::page_and_fixtures` checks the rule's doc page, that it has fail and
//! pass fixtures in every format and that every snapshot belongs to a case.
//! A changed or new snapshot fails (also in CI, where nothing is written); review it and
//! accept it with `cargo insta review`, or `INSTA_UPDATE=always cargo test --test
//! rule_fixtures CODE` and `git diff`.

mod common;

use libtest_mimic::{Arguments, Failed, Trial};
use ringfence_rules::{find_rule, Registry};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    // The diff in snapshots as a YAML literal block, readable as a diff, whatever the
    // environment says (set before any trial's thread starts).
    std::env::set_var("INSTA_YAML_BLOCK_STYLE", "1");
    let args = Arguments::from_args();
    libtest_mimic::run(&args, trials()).exit();
}

/// Every case of every rule folder, found on disk.
fn trials() -> Vec<Trial> {
    let mut trials = vec![Trial::test("rules::every_rule_has_a_folder", every_rule_has_a_folder)];
    for dir in sorted_entries(&rules_dir()).into_iter().filter(|p| p.is_dir()) {
        let code = dir.file_name().unwrap().to_string_lossy().to_string();
        let (page_code, page_dir) = (code.clone(), dir.clone());
        trials.push(Trial::test(format!("rules::{code}::page_and_fixtures"), move || {
            page_and_fixtures(&page_code, &page_dir)
        }));
        for case in cases(&dir) {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            let (code, dir) = (code.clone(), dir.clone());
            trials.push(Trial::test(format!("rules::{code}::{name}"), move || check_case(&code, &dir, &case)));
        }
    }
    trials
}

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").canonicalize().expect("rules/ folder")
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    v.sort();
    v
}

/// The folder that holds a rule's snapshots; not a case.
const SNAPSHOTS: &str = "snapshots";

/// A rule folder's cases: its fixture files and its sub-folders.
fn cases(dir: &Path) -> Vec<PathBuf> {
    sorted_entries(dir)
        .into_iter()
        .filter(|p| if p.is_dir() { !p.ends_with(SNAPSHOTS) } else { is_fixture(p) })
        .collect()
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
        // `#` lines are comments (a JSON fixture's `# examined: none` is written here).
        for line in
            fs::read_to_string(&sidecar).unwrap().lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let bad = format!("{}: bad line `{line}`", sidecar.display());
            let (n, codes) = line.split_once(':').expect(&bad);
            let n: usize = n.trim().parse().expect(&bad);
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

/// What a user sees of one case: the snapshot's content.
#[derive(Serialize)]
struct Report {
    findings: Vec<Reported>,
    /// Warnings of the scan (a module not installed), `file:line:col: message`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    /// The unified diff `--fix` applies (what `--diff` prints).
    #[serde(skip_serializing_if = "String::is_empty")]
    fixed: String,
}

#[derive(Serialize)]
struct Reported {
    /// `file:line:col`, relative to the rule's folder.
    at: String,
    rule: String,
    severity: String,
    message: String,
    resource: String,
    /// The other instances with the problem at this place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    instances: Vec<String>,
    /// Secondary locations: `file:line:col: message`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    labels: Vec<String>,
    /// The safe fix offered (`set `attr` to value`), and whether `--fix` could place it.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
    /// Why the rule's fix is not offered here.
    #[serde(skip_serializing_if = "Option::is_none")]
    unfixable: Option<String>,
}

fn check_case(code: &str, dir: &Path, target: &Path) -> Result<(), Failed> {
    let files = if target.is_dir() { walk_files(target) } else { vec![target.to_path_buf()] };
    let mut failures = Vec::new();
    let mut expected: BTreeMap<Key, usize> = BTreeMap::new();
    for f in &files {
        expected.extend(expectations(f));
    }
    let mut scope: BTreeSet<String> = expected.keys().map(|(_, _, c)| c.clone()).collect();
    scope.insert(code.to_string());
    for c in &scope {
        if find_rule(c).is_none() {
            failures.push(format!("{}: expects unknown rule {c}", target.display()));
        }
    }
    let scan = common::scan_with_every_rule(&[target.to_path_buf()]);
    // Paths as a user in the rule's folder reads them, so that snapshots hold no
    // machine's directories.
    let workspace = common::workspace();
    let shown = |path: &Path| -> String {
        let relative = path.strip_prefix(dir).or_else(|_| path.strip_prefix(&workspace)).unwrap_or(path);
        ringfence_syntax::display_path(relative)
    };
    let sanitized = |text: &str| -> String {
        text.replace(&format!("{}/", dir.display()), "").replace(&format!("{}/", workspace.display()), "")
    };
    let at = |span: ringfence_syntax::Span| -> String {
        let file = scan.sources.get(span.file);
        let position = file.line_col(span.start as usize);
        format!("{}:{}:{}", shown(&file.path), position.line, position.column)
    };

    let mut warnings = Vec::new();
    for d in &scan.diagnostics {
        let file = scan.sources.get(d.file);
        let place = d.span.map_or_else(|| format!("{}:1:1", shown(&file.path)), at);
        // Warnings (a module not installed) are part of some cases; errors never are.
        match d.level {
            ringfence_syntax::Level::Error => failures.push(format!("{place}: error: {}", d.message)),
            ringfence_syntax::Level::Warning => warnings.push(format!("{place}: {}", sanitized(&d.message))),
        }
    }

    let findings: Vec<ringfence_rules::Finding> =
        scan.findings.iter().filter(|f| scope.iter().any(|c| *c == f.rule.code)).cloned().collect();
    let key_of = |f: &ringfence_rules::Finding| -> Key {
        let file = scan.sources.get(f.primary.file);
        (file.path.clone(), file.line_col(f.primary.start as usize).line, f.rule.code.to_string())
    };
    let mut actual: BTreeMap<Key, usize> = BTreeMap::new();
    for f in &findings {
        *actual.entry(key_of(f)).or_insert(0) += 1;
    }
    let keys: BTreeSet<&Key> = expected.keys().chain(actual.keys()).collect();
    for key in keys {
        let (want, got) = (expected.get(key).copied().unwrap_or(0), actual.get(key).copied().unwrap_or(0));
        if want != got {
            let found: Vec<String> = findings
                .iter()
                .filter(|f| key_of(f) == *key)
                .map(|f| format!("{} [{}]", f.message, f.resource))
                .collect();
            failures.push(format!("expected {want}, found {got}: {}:{} {} {found:?}", shown(&key.0), key.1, key.2));
        }
    }
    // A pass is a verdict: the rule examined something in the case and found it sound,
    // unless the case says it holds nothing the rule applies to.
    let case_name = target.file_name().unwrap().to_string_lossy().to_string();
    if case_name.starts_with("pass") && !code.starts_with("RF") {
        let examined = scan.examined.iter().filter(|e| *e.rule == *code).count();
        let marked = files.iter().any(|f| examined_none(f));
        if examined == 0 && !marked {
            failures.push(format!(
                "{}: {code} examined nothing: a pass needs evidence (or a first line `{EXAMINED_NONE}` saying why)",
                shown(target)
            ));
        }
        if examined > 0 && marked {
            failures.push(format!("{}: marked `{EXAMINED_NONE}`, but {code} examined {examined}", shown(target)));
        }
    }
    if !failures.is_empty() {
        return Err(format!("{} problem(s):\n{}", failures.len(), failures.join("\n")).into());
    }

    let (fixed, unapplied) = common::fix_diff(&scan, &findings, shown);
    let findings = findings
        .iter()
        .enumerate()
        .map(|(i, f)| Reported {
            at: at(f.primary),
            rule: f.rule.code.to_string(),
            severity: f.severity.to_string(),
            message: sanitized(&f.message),
            resource: f.resource.clone(),
            instances: f.instances.clone(),
            labels: f.labels.iter().map(|l| format!("{}: {}", at(l.span), sanitized(&l.message))).collect(),
            fix: f.fix.as_ref().map(|fix| {
                let placed = if unapplied.contains(&i) { " (not placed: no room for it)" } else { "" };
                format!("{}{placed}", fix.describe())
            }),
            unfixable: f.unfixable.map(|why| match f.unfixable_at {
                Some(set) => format!("{why}: set at {}", at(set)),
                None => why.to_string(),
            }),
        })
        .collect();
    let report = Report { findings, warnings, fixed };

    let name = target.file_name().unwrap().to_string_lossy().to_string();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir.join(SNAPSHOTS));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(target);
    settings.set_description(format!(
        "ringfence check --fix {}: the {} findings",
        shown(target),
        scope.into_iter().collect::<Vec<_>>().join(", ")
    ));
    settings.bind(|| insta::assert_yaml_snapshot!(name, report));
    Ok(())
}

/// The first line of a pass fixture holding nothing its rule applies to.
const EXAMINED_NONE: &str = "# examined: none";

/// Whether a fixture file starts with [`EXAMINED_NONE`]; a JSON file, which has no
/// comments, says so on the first line of its `FILE.expect` sidecar.
fn examined_none(file: &Path) -> bool {
    let first_line_marks = |path: &Path| {
        fs::read_to_string(path)
            .is_ok_and(|t| t.lines().next().is_some_and(|l| l.trim_start().starts_with(EXAMINED_NONE)))
    };
    first_line_marks(file) || first_line_marks(Path::new(&format!("{}.expect", file.display())))
}

fn every_rule_has_a_folder() -> Result<(), Failed> {
    let missing: Vec<&str> =
        Registry::builtin().rules().iter().map(|r| &*r.code).filter(|code| !rules_dir().join(code).is_dir()).collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("no rules/CODE/ folder for {}", missing.join(", ")).into())
    }
}

/// The rule has a doc page whose title names it, fail and pass fixtures in Terraform,
/// CloudFormation YAML and CloudFormation JSON, and no snapshot of a case it no longer has.
fn page_and_fixtures(code: &str, dir: &Path) -> Result<(), Failed> {
    let Some(rule) = find_rule(code) else {
        return Err(format!("{}: a folder for no rule", dir.display()).into());
    };
    let m = &rule;
    let mut failures = Vec::new();
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
    let snapshots = dir.join(SNAPSHOTS);
    if snapshots.is_dir() {
        let names: BTreeSet<String> =
            cases(dir).iter().map(|c| format!("{}.snap", c.file_name().unwrap().to_string_lossy())).collect();
        for snapshot in sorted_entries(&snapshots) {
            let name = snapshot.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".snap") && !names.contains(&name) {
                failures.push(format!("{}: {SNAPSHOTS}/{name} is the snapshot of no case: delete it", m.code));
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}
