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
