//! `--changed-since REV`: the lines git says changed since a revision (the working
//! tree against REV, plus untracked files), so that a gate reports only what a
//! change brought. A finding counts as changed when a changed line meets one of its
//! spans: its location or a place its value came from (a variable default, a tfvars
//! entry, a module argument). A finding at a resource's header (an attribute not set)
//! has no span of its own for what the rule reads, so any changed line of its
//! resource counts for it. A change of comments or whitespace only brings nothing,
//! unless it touches a suppression (`ringfence:ignore`), which decides findings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// Lines whose code changed (1-based, inclusive ranges) per real file path (git
/// reports the repository's real path, so scanned paths are resolved through symbolic
/// links). Hunks that change only comments or whitespace are left out.
#[derive(Debug, Default)]
pub struct ChangedLines {
    files: HashMap<PathBuf, Vec<(usize, usize)>>,
    resolved: Mutex<HashMap<PathBuf, PathBuf>>,
}

impl ChangedLines {
    /// Whether the code of any line from `first` to `last` (1-based) of `path` changed.
    pub fn touches(&self, path: &Path, first: usize, last: usize) -> bool {
        let real = {
            let mut resolved = self.resolved.lock().unwrap_or_else(|e| e.into_inner());
            resolved.entry(path.to_path_buf()).or_insert_with(|| real_path(path)).clone()
        };
        self.files.get(&real).is_some_and(|ranges| ranges.iter().any(|(a, b)| *a <= last && first <= *b))
    }
}

/// A line as code: without its comment (`#`, `//`, `/* */` on one line, outside quotes)
/// and with whitespace collapsed. A line naming a suppression is kept whole, since a
/// suppression decides which findings count.
fn code_of(line: &str) -> String {
    if line.to_ascii_lowercase().contains("ringfence:ignore") {
        return line.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut code = String::new();
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == '\\' {
                    code.push(c);
                    if let Some(next) = chars.next() {
                        code.push(next);
                    }
                    continue;
                }
                if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => break,
            None if c == '/' && chars.peek() == Some(&'/') => break,
            None if c == '/' && chars.peek() == Some(&'*') => {
                // A block comment on the line: skipped to its end, else the rest.
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                code.push(' ');
                continue;
            }
            None => {}
        }
        code.push(c);
    }
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a hunk's removed and added lines differ as code.
fn changes_code(removed: &[&str], added: &[&str]) -> bool {
    let code = |lines: &[&str]| -> Vec<String> { lines.iter().map(|l| code_of(l)).filter(|c| !c.is_empty()).collect() };
    code(removed) != code(added)
}

impl Clone for ChangedLines {
    fn clone(&self) -> Self {
        ChangedLines { files: self.files.clone(), resolved: Mutex::default() }
    }
}

fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| ringfence_syntax::absolute_path(path))
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("--changed-since needs git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("git {}: {}", args.join(" "), stderr.trim()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The lines changed since `rev` in the repository holding `start`.
pub fn changed_since(start: &Path, rev: &str) -> Result<ChangedLines, String> {
    let start = std::path::absolute(start).map_err(|e| e.to_string())?;
    let dir =
        if start.is_dir() { start.clone() } else { start.parent().map(Path::to_path_buf).unwrap_or(start.clone()) };
    let root = real_path(Path::new(git(&dir, &["rev-parse", "--show-toplevel"])?.trim()));
    // `REV^{commit}` makes a typo an error instead of a path filter.
    git(&root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
        .map_err(|_| format!("--changed-since: `{rev}` is not a revision of the repository at {}", root.display()))?;
    let diff = git(&root, &["diff", "--no-ext-diff", "--no-color", "--no-renames", "--unified=0", rev, "--"])?;
    let mut changed = parse_diff(&root, &diff);
    let untracked = git(&root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    for name in untracked.split('\0').filter(|n| !n.is_empty()) {
        changed.files.insert(ringfence_eval::normalize(&root.join(name)), vec![(1, usize::MAX)]);
    }
    Ok(changed)
}

/// Reads `git diff --unified=0`: `+++ b/PATH` then `@@ -a,b +c,d @@` hunks, each
/// followed by its removed (`-`) and added (`+`) lines. A pure deletion marks the
/// lines on either side of where the text was. A hunk that changes no code (comments,
/// blank lines, indentation) marks nothing.
fn parse_diff(root: &Path, diff: &str) -> ChangedLines {
    let mut changed = ChangedLines::default();
    let mut current: Option<PathBuf> = None;
    // The hunk being read: its file, its new lines, and its text.
    let mut hunk: Option<(PathBuf, (usize, usize))> = None;
    let (mut removed, mut added): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut close = |hunk: &mut Option<(PathBuf, (usize, usize))>, removed: &mut Vec<&str>, added: &mut Vec<&str>| {
        if let Some((path, range)) = hunk.take() {
            if changes_code(removed, added) {
                changed.files.entry(path).or_default().push(range);
            }
        }
        removed.clear();
        added.clear();
    };
    for line in diff.lines() {
        if hunk.is_some() {
            if let Some(text) = line.strip_prefix('-').filter(|_| !line.starts_with("--- ")) {
                removed.push(text);
                continue;
            }
            if let Some(text) = line.strip_prefix('+').filter(|_| !line.starts_with("+++ ")) {
                added.push(text);
                continue;
            }
            if line.starts_with('\\') {
                continue; // "\ No newline at end of file"
            }
            close(&mut hunk, &mut removed, &mut added);
        }
        if let Some(path) = line.strip_prefix("+++ ") {
            current = path.strip_prefix("b/").map(|p| ringfence_eval::normalize(&root.join(unquote(p))));
        } else if let (Some(header), Some(path)) = (line.strip_prefix("@@ "), &current) {
            let Some(new) = header.split_whitespace().find(|w| w.starts_with('+')) else { continue };
            let mut parts = new[1..].split(',');
            let start: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            let count: usize = parts.next().and_then(|s| s.parse().ok()).unwrap_or(1);
            let range = if count == 0 { (start.max(1), start + 1) } else { (start, start + count - 1) };
            hunk = Some((path.clone(), range));
        }
    }
    close(&mut hunk, &mut removed, &mut added);
    changed
}

/// Git quotes paths with unusual characters: `"a\tb"`.
fn unquote(path: &str) -> String {
    match path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\").replace("\\t", "\t"),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_become_line_ranges_and_deletions_mark_their_neighbours() {
        let diff = "diff --git a/x.tf b/x.tf\n--- a/x.tf\n+++ b/x.tf\n@@ -3 +3 @@\n-a\n+b\n@@ -10,2 +9,0 @@\n-c\n-d\n@@ -20,0 +21,3 @@\n+e\n";
        let c = parse_diff(Path::new("/repo"), diff);
        let ranges = &c.files[Path::new("/repo/x.tf")];
        assert_eq!(ranges, &vec![(3, 3), (9, 10), (21, 23)]);
    }

    #[test]
    fn hunks_of_comments_and_whitespace_only_mark_nothing() {
        let diff = concat!(
            "+++ b/x.tf\n",
            "@@ -3 +3 @@\n-  a = 1 # old\n+  a   = 1 # new, and \"quoted\"\n",
            "@@ -5,0 +6,2 @@\n+\n+  // a note\n",
            "@@ -9 +10 @@\n-  b = \"x#y\"\n+  b = \"x#z\" # z\n",
            "@@ -12 +13 @@\n-  # ringfence:ignore[NET001] old reason\n+  # ringfence:ignore[NET001] new reason\n",
            "@@ -20 +21 @@\n-  c = 1 /* one */ + 2\n+  c = 1 + 2\n",
        );
        let c = parse_diff(Path::new("/repo"), diff);
        assert_eq!(c.files[Path::new("/repo/x.tf")], vec![(10, 10), (13, 13)]);
    }

    #[test]
    fn a_deleted_file_has_no_new_side() {
        let diff = "--- a/gone.tf\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-x\n";
        assert!(parse_diff(Path::new("/repo"), diff).files.is_empty());
    }
}
