//! Every example of docs/configuration.md and docs/baselines.md works: the
//! configuration blocks load, the shell commands run, the error, baseline file and
//! statistics shown are the real ones.

mod common;
use common::*;

use serde_json::Value;
use std::fs;
use std::path::Path;

fn docs(name: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(name)).unwrap()
}

/// The fenced blocks of this language in a markdown page: (line of the fence, text).
fn fenced(markdown: &str, language: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match &mut open {
            None => {
                if let Some(info) = line.trim_start().strip_prefix("```") {
                    open = Some((i + 1, info.trim().to_string(), String::new()));
                }
            }
            Some((start, info, text)) => {
                if line.trim_start().starts_with("```") {
                    if info == language {
                        blocks.push((*start, std::mem::take(text)));
                    }
                    open = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    blocks
}

/// Splits a shell command line into words (quotes, backslash continuations, comments).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') if word.is_none() => break,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line}");
    words.extend(word);
    words
}

/// The commands of a ```sh block, continuation lines joined.
fn commands(block: &str) -> Vec<Vec<String>> {
    block
        .replace("\\\n", " ")
        .lines()
        .map(shell_words)
        .filter(|words| !words.is_empty())
        .inspect(|words| assert_eq!(words[0], "ringfence", "only ringfence commands in examples: {words:?}"))
        .collect()
}

/// A small project for the shell examples: a git repository with two commits and an
/// `origin/main`, Terraform with findings in `.` and `infra/`, and a tfvars file.
fn example_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    write(root, "infra/main.tf", FOUR_SEVERITIES);
    write(root, "env/prod.tfvars", "");
    git(root, &["init", "-q"]);
    commit_all(root, "one");
    write(root, "infra/keys.tf", "resource \"aws_kms_key\" \"more\" {}\n");
    commit_all(root, "two");
    git(root, &["update-ref", "refs/remotes/origin/main", "HEAD~1"]);
    dir
}

fn run_shell_examples(page: &str) {
    let blocks = fenced(&docs(page), "sh");
    assert!(!blocks.is_empty(), "{page} has shell examples");
    for (line, block) in blocks {
        let project = example_project();
        for command in commands(&block) {
            let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
            let out = ringfence(project.path(), &args);
            let context =
                format!("{page}:{line}: {}\nstdout: {}\nstderr: {}", command.join(" "), stdout(&out), stderr(&out));
            match args[0] {
                "check" => assert!(matches!(code(&out), 0 | 1), "{context}"),
                _ => assert_eq!(code(&out), 0, "{context}"),
            }
        }
    }
}

/// A ```toml block, as ringfence.toml next to a small Terraform file, with the files it
/// names created; loading it must not fail.
fn check_toml_example(page: &str, line: usize, text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    write(root, "ringfence.toml", text);
    let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{page}:{line}: {e}"));
    let names = |key: &str| -> Vec<String> {
        let value = table.get(key);
        let list = value.and_then(|v| v.as_array()).cloned().unwrap_or_default();
        list.iter().chain(value.filter(|v| v.is_str())).map(|v| v.as_str().unwrap().to_string()).collect()
    };
    for file in names("var-files") {
        write(root, &file, "");
    }
    for file in names("cfn-parameters") {
        write(root, &file, "[]\n");
    }
    for file in names("baseline") {
        write(root, &file, "{\"version\": 1, \"tool\": \"ringfence\", \"findings\": []}\n");
    }
    // The first policy path holds the example set (which the examples name), the others none.
    let example_set = fs::read_to_string(workspace().join("examples/policies/ai-platform.yaml")).unwrap();
    for (i, path) in names("policies").iter().enumerate() {
        let file = if path.ends_with('/') { format!("{path}org.yaml") } else { path.clone() };
        write(root, &file, if i == 0 { &example_set } else { "policies: []\n" });
    }
    let out = ringfence(root, &["check", "--format", "concise", "."]);
    assert!(matches!(code(&out), 0 | 1), "{page}:{line}:\n{text}\n{}{}", stdout(&out), stderr(&out));
    assert_eq!(stderr(&out), "", "{page}:{line}");
}

#[test]
fn every_configuration_example_in_the_docs_loads() {
    let mut count = 0;
    for page in ["configuration.md", "baselines.md", "policies.md"] {
        for (line, text) in fenced(&docs(page), "toml") {
            check_toml_example(page, line, &text);
            count += 1;
        }
    }
    assert!(count >= 10, "configuration.md shows every key: {count} examples");
    // Every key of the configuration is shown in an example.
    let all: String = fenced(&docs("configuration.md"), "toml").into_iter().map(|(_, t)| t).collect();
    for key in [
        "select",
        "ignore",
        "compliance",
        "fail-on",
        "[severity]",
        "exclude",
        "[per-path-ignores]",
        "var-files",
        "[vars]",
        "cfn-parameters",
        "[cfn-params]",
        "region",
        "account-id",
        "baseline",
    ] {
        assert!(all.contains(key), "docs/configuration.md has no example of `{key}`");
    }
}

#[test]
fn every_shell_example_in_the_configuration_page_runs() {
    run_shell_examples("configuration.md");
}

#[test]
fn every_shell_example_in_the_baselines_page_runs() {
    run_shell_examples("baselines.md");
}

#[test]
fn the_configuration_error_shown_in_the_docs_is_the_real_one() {
    let blocks = fenced(&docs("configuration.md"), "text");
    let (_, shown) = blocks.iter().find(|(_, t)| t.starts_with("error: ")).expect("an error example");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "infra/main.tf", SSH_AND_KEY);
    let excerpt = shown.lines().nth(1).unwrap().strip_prefix("  | ").unwrap();
    write(dir.path(), "infra/ringfence.toml", &format!("select = [\"NET\"]\n{excerpt}\n"));
    let out = ringfence(dir.path(), &["check", "--config", "infra/ringfence.toml", "infra"]);
    assert_eq!(code(&out), 2);
    assert_eq!(&stderr(&out), shown);
}

#[test]
fn the_baseline_file_shown_in_the_docs_is_read_as_a_baseline() {
    let blocks = fenced(&docs("baselines.md"), "json");
    assert_eq!(blocks.len(), 1);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", SSH_AND_KEY);
    write(dir.path(), "ringfence-baseline.json", &blocks[0].1);
    let out = ringfence(dir.path(), &["check", "--baseline", "ringfence-baseline.json", "."]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    // Its fields are the ones ringfence writes.
    let shown: Value = serde_json::from_str(&blocks[0].1).unwrap();
    assert_eq!(code(&ringfence(dir.path(), &["check", "--write-baseline", "written.json", "."])), 0);
    let written: Value = serde_json::from_str(&read(dir.path(), "written.json")).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&shown), keys(&written));
    assert_eq!(keys(&shown["findings"][0]), keys(&written["findings"][0]));
}

#[test]
fn the_statistics_shown_in_the_docs_are_the_real_ones() {
    let blocks = fenced(&docs("baselines.md"), "text");
    let (_, shown) = blocks.iter().find(|(_, t)| t.trim_start().starts_with("COUNT")).expect("a statistics example");
    assert_eq!(shown, STATISTICS);
}

#[test]
fn the_example_helpers_read_markdown_and_shell_as_written() {
    assert_eq!(
        shell_words("ringfence check --var 'a=[\"x\"]' . # note"),
        ["ringfence", "check", "--var", "a=[\"x\"]", "."]
    );
    assert_eq!(commands("ringfence check \\\n  --fail-on high\n\n"), [["ringfence", "check", "--fail-on", "high"]]);
    assert_eq!(fenced("a\n```toml\nx = 1\n```\n```sh\ny\n```\n", "toml"), [(2, "x = 1\n".to_string())]);
}
