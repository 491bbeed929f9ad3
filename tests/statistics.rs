//! `--statistics`: findings counted per rule, most frequent first.

mod common;
use common::*;

#[test]
fn statistics_count_findings_per_rule_most_frequent_first() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", STATISTICS_STACK);
    let out = ringfence(root, &["check", "--statistics", "."]);
    assert_eq!(stdout(&out), STATISTICS);
    assert_eq!(code(&out), 1, "the exit code is the same as without --statistics");
    assert_eq!(stdout(&ringfence(root, &["check", "--statistics", "--format", "concise", "."])), STATISTICS);
    assert_eq!(code(&ringfence(root, &["check", "--statistics", "--fail-on", "critical", "--ignore", "NET", "."])), 0);
    write(root, "main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = true\n}\n");
    let clean = ringfence(root, &["check", "--statistics", "."]);
    assert_eq!(
        stdout(&clean),
        " COUNT SUPPRESSED  CODE     NAME                                 SEVERITY\n     0          0  total\n"
    );
    assert_eq!(code(&clean), 0);
}

/// Bug: the SEVERITY column shows the rule's declared severity, ignoring the
/// configuration's `[severity]` override that every other report and `--fail-on` use.
#[test]
fn statistics_show_the_severity_the_configuration_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", STATISTICS_STACK);
    write(root, "ringfence.toml", "[severity]\nKMS001 = \"low\"\n");
    let text = stdout(&ringfence(root, &["check", "--statistics", "."]));
    assert!(text.contains("     1          1  KMS001   key-rotation-disabled                low\n"), "{text}");
}
