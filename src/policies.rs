//! Custom policy files (`--policies`, the configuration's `policies`): read, turned into
//! rules, and tested against their fixtures (`ringfence policy test DIR`).

use ringfence_rules::policy::{parse_policies, PolicyError};
use ringfence_rules::{Registry, RuleRef, Selection};
use ringfence_syntax::confine::{read_regular, ReadError};
use ringfence_syntax::Level;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest policy file read.
const MAX_POLICY_BYTES: u64 = 4 << 20;

/// The policy files a path names: the file itself, or the `.yaml`/`.yml` files directly
/// in a directory, by name (not below it: fixtures live there).
pub fn policy_files(path: &Path) -> Result<Vec<PathBuf>, PolicyError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| whole_file(path, format!("cannot read policies: {e}")))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

fn whole_file(path: &Path, message: String) -> PolicyError {
    PolicyError { path: path.to_path_buf(), line: 1, column: 1, message, excerpt: String::new() }
}

/// `registry` with the policies of every file `paths` name, in order. The first
/// malformed file is the error, located in it.
pub fn with_policies(registry: &Registry, paths: &[PathBuf]) -> Result<Registry, PolicyError> {
    let mut registry = registry.clone();
    for path in paths {
        for file in policy_files(path)? {
            let text = read_regular(&file, MAX_POLICY_BYTES).map_err(|e| {
                whole_file(
                    &file,
                    match e {
                        ReadError::Io(e) => format!("cannot read policy file: {e}"),
                        other => format!("policy file {other}"),
                    },
                )
            })?;
            let rules = parse_policies(&file, &text, &registry)?;
            // Clashes were refused, located, by the parse.
            registry = registry.with_rules(rules).map_err(|e| whole_file(&file, e.to_string()))?;
        }
    }
    Ok(registry)
}

/// The rules of `registry` that are not built in: the policies.
pub fn custom_rules(registry: &Registry) -> Vec<RuleRef> {
    registry.rules().iter().filter(|r| Registry::builtin().find(&r.code).is_none()).cloned().collect()
}

/// `(file, line)` → how many findings of a code are expected there.
type Expected = BTreeMap<(PathBuf, usize), usize>;

/// The expectations of one file for `code`: trailing `# expect: CODE` (or `CODE x2`)
/// comments, or for JSON a `FILE.expect` sidecar of `LINE: CODE` lines.
fn expectations(file: &Path, code: &str, out: &mut Expected) {
    let count = |token: &str| -> Option<usize> {
        let token = token.trim();
        let (c, n) = token.split_once(" x").map_or((token, 1), |(c, n)| (c.trim(), n.trim().parse().unwrap_or(1)));
        c.eq_ignore_ascii_case(code).then_some(n)
    };
    let sidecar = PathBuf::from(format!("{}.expect", file.display()));
    if let Ok(text) = std::fs::read_to_string(&sidecar) {
        for line in text.lines() {
            let Some((n, codes)) = line.split_once(':') else { continue };
            let Ok(n) = n.trim().parse::<usize>() else { continue };
            for token in codes.split(',') {
                if let Some(k) = count(token) {
                    *out.entry((file.to_path_buf(), n)).or_insert(0) += k;
                }
            }
        }
        return;
    }
    let Ok(text) = std::fs::read_to_string(file) else { return };
    for (i, line) in text.lines().enumerate() {
        if let Some(pos) = line.find("# expect:") {
            for token in line[pos + 9..].split(',') {
                if let Some(k) = count(token) {
                    *out.entry((file.to_path_buf(), i + 1)).or_insert(0) += k;
                }
            }
        }
    }
}

fn is_fixture(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    [".tf", ".tf.json", ".yaml", ".yml", ".json", ".template"].iter().any(|e| name.ends_with(e))
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    v.sort();
    v
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    sorted(dir).into_iter().flat_map(|p| if p.is_dir() { files_below(&p) } else { vec![p] }).collect()
}

/// What `ringfence policy test` found.
pub struct TestRun {
    /// What it prints: a line per case, its mismatches, then a summary.
    pub report: String,
    pub failed: bool,
}

/// Runs each policy of `dir` against its fixtures: the files directly in `dir/CODE/`
/// and its sub-folders (each scanned as a whole), with only that policy selected.
pub fn test(dir: &Path) -> Result<TestRun, PolicyError> {
    let registry = with_policies(Registry::builtin(), &[dir.to_path_buf()])?;
    let policies = custom_rules(&registry);
    let mut report = String::new();
    let (mut cases, mut failures) = (0, 0);
    if policies.is_empty() {
        report += &format!("no policies in {}\n", dir.display());
        return Ok(TestRun { report, failed: true });
    }
    let base = absolute(dir);
    let shown = |p: &Path| {
        let p = absolute(p);
        ringfence_syntax::display_path(p.strip_prefix(&base).unwrap_or(&p))
    };
    for policy in &policies {
        let folder = dir.join(&*policy.code);
        let targets: Vec<PathBuf> =
            sorted(&folder).into_iter().filter(|p| p.is_dir() || (is_fixture(p) && !is_sidecar(p))).collect();
        if targets.is_empty() {
            report += &format!("FAIL {}: no fixtures in {}\n", policy.code, shown(&folder));
            failures += 1;
            continue;
        }
        let selection = Selection { select: vec![policy.code.to_string()], ..Selection::default() };
        let Ok(rules) = selection.resolve(&registry) else { continue };
        for target in targets {
            cases += 1;
            let files = if target.is_dir() { files_below(&target) } else { vec![target.clone()] };
            let mut expected = Expected::new();
            for f in &files {
                expectations(f, &policy.code, &mut expected);
            }
            let load = crate::Options { paths: vec![target.clone()], ..crate::Options::default() };
            let scan = crate::scan_with(&crate::ScanOptions { load, ..crate::ScanOptions::default() }, &rules);
            let mut found = Expected::new();
            let mut messages: BTreeMap<(PathBuf, usize), String> = BTreeMap::new();
            for f in scan.findings.iter().filter(|f| f.rule.code == policy.code) {
                let file = scan.sources.get(f.primary.file);
                let line = file.line_col(f.primary.start as usize).line;
                let key = (absolute(&file.path), line);
                *found.entry(key.clone()).or_insert(0) += 1;
                messages.entry(key).or_insert_with(|| f.message.clone());
            }
            let expected: Expected = expected.into_iter().map(|((p, l), n)| ((absolute(&p), l), n)).collect();
            let mut problems = Vec::new();
            for (key, n) in &expected {
                let got = found.get(key).copied().unwrap_or(0);
                if got < *n {
                    problems.push(format!(
                        "  missed: {}:{} expects {} (found {got} of {n})",
                        shown(&key.0),
                        key.1,
                        policy.code
                    ));
                }
            }
            for (key, n) in &found {
                let want = expected.get(key).copied().unwrap_or(0);
                if *n > want {
                    let message = messages.get(key).map(String::as_str).unwrap_or("");
                    problems.push(format!("  extra:  {}:{} {} {message}", shown(&key.0), key.1, policy.code));
                }
            }
            for d in scan.diagnostics.iter().filter(|d| d.level == Level::Error) {
                let file = scan.sources.get(d.file);
                let at = d.span.map_or(1, |s| file.line_col(s.start as usize).line);
                problems.push(format!("  error:  {}:{at}: {}", file.display_path(), d.message));
            }
            let name = shown(&target);
            if problems.is_empty() {
                report += &format!("ok   {} {name}\n", policy.code);
            } else {
                failures += 1;
                report += &format!("FAIL {} {name}\n{}\n", policy.code, problems.join("\n"));
            }
        }
    }
    report += &format!(
        "\n{} polic{}, {cases} case{}: {}\n",
        policies.len(),
        if policies.len() == 1 { "y" } else { "ies" },
        if cases == 1 { "" } else { "s" },
        if failures == 0 { "all pass".to_string() } else { format!("{failures} failed") }
    );
    Ok(TestRun { report, failed: failures > 0 })
}

fn is_sidecar(p: &Path) -> bool {
    p.to_string_lossy().ends_with(".expect")
}

fn absolute(p: &Path) -> PathBuf {
    ringfence_syntax::absolute_path(p)
}
