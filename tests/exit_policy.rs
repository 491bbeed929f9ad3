//! The exit code: any finding fails by default, `--fail-on` and `fail-on` set the
//! threshold, `--exit-zero` overrides both but not an unparsable file (exit 2).

mod common;
use common::*;

#[test]
fn any_finding_fails_by_default_and_fail_on_sets_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", FOUR_SEVERITIES);
    let levels = ["low", "medium", "high", "critical"];
    // Each rule alone, at each threshold: exit 1 when its severity reaches it.
    for (code, severity) in [("DATA009", 0), ("DATA004", 1), ("KMS001", 2), ("NET001", 3)] {
        let (report, exit) = concise(root, &["--select", code, "."]);
        assert_eq!(report.lines().count(), 1, "{report}");
        assert_eq!(exit, 1, "default for {code}");
        for (threshold, level) in levels.iter().enumerate() {
            let expected = if severity >= threshold { 1 } else { 0 };
            assert_eq!(concise(root, &["--select", code, "--fail-on", level, "."]).1, expected, "{code} {level}");
        }
        assert_eq!(concise(root, &["--select", code, "--fail-on", "never", "."]).1, 0, "{code} never");
        assert_eq!(concise(root, &["--select", code, "--exit-zero", "."]).1, 0, "{code} --exit-zero");
    }
    // The findings are reported whatever the threshold.
    assert_eq!(concise(root, &["--fail-on", "critical", "--ignore", "NET001", "."]).0.lines().count(), 3);
    let bad = ringfence(root, &["check", "--fail-on", "urgent", "."]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("`urgent` is not one of critical, high, medium, low, never"), "{}", stderr(&bad));
}

#[test]
fn fail_on_of_the_configuration_is_replaced_by_the_flag_and_exit_zero_beats_both() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", FOUR_SEVERITIES);
    write(root, "ringfence.toml", "fail-on = \"critical\"\nignore = [\"NET001\"]\n");
    assert_eq!(concise(root, &["."]).1, 0);
    assert_eq!(concise(root, &["--fail-on", "high", "."]).1, 1);
    write(root, "ringfence.toml", "fail-on = \"low\"\n");
    assert_eq!(concise(root, &["--exit-zero", "."]).1, 0);
    assert_eq!(concise(root, &["--fail-on", "never", "."]).1, 0);
}

#[test]
fn an_unparsable_file_exits_2_even_with_exit_zero_and_the_other_findings_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "good/main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = false\n}\n");
    write(root, "bad/main.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = \n}\n");
    for flags in [&["--exit-zero"][..], &["--fail-on", "never"], &[]] {
        let (report, exit) = concise(root, &[flags, &["."]].concat());
        assert_eq!(exit, 2, "{flags:?}");
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 2, "{report}");
        assert!(lines.contains(&"good/main.tf:2:25: high KMS001 KMS key rotation is turned off: `enable_key_rotation` is false [aws_kms_key.k]"), "{report}");
        assert!(lines.iter().any(|l| l.starts_with("bad/main.tf:2:25: error invalid HCL")), "{report}");
    }
    let human = stdout(&ringfence(root, &["check", "--exit-zero", "."]));
    assert!(
        human.ends_with(
            "Found 1 problem (1 high); 1 fixable with --fix; checked 1 file, 1 could not be read; 1 error.\n"
        ),
        "{human}"
    );
}
