//! The generated rule reference must match the rules: `docs/rules.md` is rendered
//! from the declarations and the doc pages, and this test fails when it is stale.
//! Regenerate with `cargo run -- rules --format markdown > docs/rules.md`, or run the
//! tests with `RINGFENCE_BLESS=1`.

use std::fs;
use std::path::Path;

#[test]
fn generated_rule_reference_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = ringfence::docs::rules_reference();
    if std::env::var_os("RINGFENCE_BLESS").is_some() {
        fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md` (or the tests with RINGFENCE_BLESS=1)"
    );
}

#[test]
fn the_reference_lists_every_rule_with_its_page() {
    let reference = ringfence::docs::rules_reference();
    for m in ringfence_rules::Registry::builtin().rules() {
        assert!(reference.contains(&format!("| [{}](#", m.code)), "{} missing from the catalog table", m.code);
        assert!(reference.contains(&format!("## {}: {}\n", m.code, m.name)), "{} page missing", m.code);
    }
}

// What the README and the guides say about the rules is checked against their
// declarations (`declare_rule!`), so that adding a rule, a fix or a default-off rule
// without saying so fails here, naming the sentence to change.

fn read_doc(relative: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap_or_default()
}

/// The paragraph of `text` that starts with `start` (lines joined with spaces).
fn paragraph_starting(text: &str, start: &str) -> Option<String> {
    let at = text.find(start)?;
    let rest = &text[at..];
    let end = rest.find("\n\n").unwrap_or(rest.len());
    Some(rest[..end].split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The rule codes written in `text` (`KMS001`, `LOG004`), in order.
fn codes_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
            !letters.is_empty()
                && letters.len() < w.len()
                && letters.chars().all(|c| c.is_ascii_uppercase())
                && ringfence_rules::find_rule(w).is_some()
        })
        .map(str::to_string)
        .collect()
}

fn number_word(n: usize) -> String {
    const WORDS: [&str; 13] =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

fn sorted(mut codes: Vec<String>) -> Vec<String> {
    codes.sort();
    codes.dedup();
    codes
}

fn declared(filter: impl Fn(&ringfence_rules::RuleRef) -> bool) -> Vec<String> {
    sorted(
        ringfence_rules::Registry::builtin().rules().iter().filter(|r| filter(r)).map(|r| r.code.to_string()).collect(),
    )
}

#[test]
fn the_readme_counts_the_rules_and_names_every_family() {
    let rules = ringfence_rules::Registry::builtin().rules();
    let mut families: Vec<&str> = rules.iter().map(|r| r.family()).collect();
    families.sort();
    families.dedup();
    let readme = read_doc("README.md");
    let expected = format!("{} rules in {} families: ", rules.len(), number_word(families.len()));
    let paragraph = paragraph_starting(&readme, &expected).unwrap_or_else(|| {
        panic!("README.md's `## Rules` must start with `{expected}...`: the rule declarations say so")
    });
    for family in families {
        assert!(
            paragraph.contains(&format!("{family} (")),
            "README.md's `{expected}` paragraph does not name {family}"
        );
    }
}

#[test]
fn the_rules_said_to_have_a_fix_are_those_declared_with_one() {
    let fixable = declared(|r| r.fix);
    let readme = read_doc("README.md");
    let start = format!("Autofix: {} rules (", number_word(fixable.len()));
    let sentence = paragraph_starting(&readme, &start)
        .unwrap_or_else(|| panic!("README.md must say `{start}...`: {} rules declare `fix: true`", fixable.len()));
    let sentence = &sentence[..sentence.find(')').unwrap_or(sentence.len())];
    assert_eq!(sorted(codes_in(sentence)), fixable, "README.md's `Autofix:` list differs from `fix: true` rules");

    let output = read_doc("docs/output.md");
    let sentence = paragraph_starting(&output, "Rules with a fix say so").expect("docs/output.md lists the fixes");
    let sentence = &sentence[..sentence.find(')').unwrap_or(sentence.len())];
    assert_eq!(
        sorted(codes_in(sentence)),
        fixable,
        "docs/output.md's `Rules with a fix` list differs from `fix: true` rules"
    );

    for rule in ringfence_rules::Registry::builtin().rules() {
        let says_fix = rule.section("How to fix").is_some_and(|s| s.contains("ringfence check --fix"));
        assert_eq!(
            says_fix, rule.fix,
            "{}: its page's `## How to fix` must mention `ringfence check --fix` exactly when it declares `fix: true`",
            rule.code
        );
    }
}

#[test]
fn the_rules_said_to_be_off_by_default_are_those_declared_so() {
    let off = declared(|r| !r.default_enabled);
    let readme = read_doc("README.md");
    let sentence =
        paragraph_starting(&readme, "Rules off by default (").expect("README.md lists the rules off by default");
    let sentence = &sentence[..sentence.find(')').unwrap_or(sentence.len())];
    assert_eq!(
        sorted(codes_in(sentence)),
        off,
        "README.md's `Rules off by default` list differs from the declarations"
    );
    let configuration = read_doc("docs/configuration.md");
    let sentence =
        paragraph_starting(&configuration, "off by default (").expect("docs/configuration.md lists them too");
    let sentence = &sentence[..sentence.find(')').unwrap_or(sentence.len())];
    assert_eq!(
        sorted(codes_in(sentence)),
        off,
        "docs/configuration.md's `off by default` list differs from the declarations"
    );
}

/// The budgets table of `docs/security.md` states every bound's value as it is.
#[test]
fn the_security_page_states_every_bound_as_it_is() {
    use ringfence_syntax::limits::*;
    let page = read_doc("docs/security.md");
    let mib = |n: u64| format!("{} MiB", n >> 20);
    let bounds: &[(&str, String)] = &[
        ("MAX_FILE_BYTES", mib(MAX_FILE_BYTES)),
        ("MAX_FUNCTION_FILE_BYTES", mib(MAX_FUNCTION_FILE_BYTES)),
        ("MAX_DEPTH", MAX_DEPTH.to_string()),
        ("MAX_OBJECT_ITEMS", MAX_OBJECT_ITEMS.to_string()),
        ("MAX_ALIAS_NODES", MAX_ALIAS_NODES.to_string()),
        ("MAX_ALIAS_BYTES", mib(MAX_ALIAS_BYTES as u64)),
        ("MAX_VALUE_BYTES", mib(MAX_VALUE_BYTES as u64)),
        ("MAX_VALUE_ELEMENTS", MAX_VALUE_ELEMENTS.to_string()),
        ("MAX_VALUE_DEPTH", MAX_VALUE_DEPTH.to_string()),
        ("MAX_EVAL_DEPTH", MAX_EVAL_DEPTH.to_string()),
        ("MAX_EVAL_WORK", MAX_EVAL_WORK.to_string()),
        ("MAX_EVAL_WORK_PER_BYTE", MAX_EVAL_WORK_PER_BYTE.to_string()),
        ("MAX_INSTANCES", MAX_INSTANCES.to_string()),
        ("MAX_MODULE_DEPTH", MAX_MODULE_DEPTH.to_string()),
        ("MAX_STACK_NESTING", MAX_STACK_NESTING.to_string()),
    ];
    for (name, value) in bounds {
        let row = format!("| `{name}` | {value} |");
        assert!(page.contains(&row), "docs/security.md should have the row `{row}`");
    }
    let rows = page.lines().filter(|l| l.starts_with("| `MAX_") && !l.contains("language server")).count();
    assert_eq!(rows, bounds.len(), "docs/security.md lists a bound this test does not know");
}

#[test]
fn the_readme_sets_up_the_command_every_example_calls() {
    let readme = read_doc("README.md");
    let setup = &readme[readme.find("## Set up").unwrap()..readme.find("## Use").unwrap()];
    let install = setup.find("\ncargo install --locked --path .\n").expect("Set up installs the command");
    // Before the first command that needs it.
    assert!(install < setup.find("cargo test").unwrap(), "{setup}");
    // The pre-commit section recommends the hook that runs the installed binary, and
    // says what the other costs.
    let hooks = &readme[readme.find("**Pre-commit hook**").unwrap()..readme.find("**Pull-request gate**").unwrap()];
    let system = hooks.find("- id: ringfence-system").expect("the ringfence-system hook is the one shown");
    assert!(!hooks[..system].contains("- id: ringfence\n"), "{hooks}");
    assert!(hooks.contains("about 4 minutes"), "{hooks}");
}

#[test]
fn the_actions_cache_key_covers_every_source_of_the_binary() {
    let action = read_doc("action.yml");
    let line = action.lines().find(|l| l.contains("hash=$(find ")).expect("the cache key's find");
    for part in [" Cargo.lock ", " Cargo.toml ", " src ", " crates ", " rules "] {
        assert!(line.contains(part), "the cache key misses{part}: {line}");
    }
}
