//! `ringfence init`: the configuration it writes works, also once its examples are
//! uncommented.

mod common;
use common::*;

use std::fs;

#[test]
fn init_writes_a_configuration_that_check_accepts_and_refuses_to_overwrite_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    let out = ringfence(root, &["init"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let written = read(root, "ringfence.toml");
    assert!(written.starts_with("# ringfence configuration."), "{written}");
    // As written it changes nothing: the same findings as without a configuration.
    let (report, exit) = concise(root, &["."]);
    assert_eq!(located(&report), ["main.tf:6:20: critical NET001", "main.tf:11:25: high KMS001"]);
    assert_eq!(exit, 1);

    write(root, "ringfence.toml", "ignore = [\"NET001\"]\n");
    let again = ringfence(root, &["init"]);
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("ringfence.toml exists (--force replaces it)"), "{}", stderr(&again));
    assert_eq!(read(root, "ringfence.toml"), "ignore = [\"NET001\"]\n", "left untouched");
    let forced = ringfence(root, &["init", "--force"]);
    assert_eq!(code(&forced), 0);
    assert_eq!(read(root, "ringfence.toml"), written);

    fs::create_dir(root.join("infra")).unwrap();
    let elsewhere = ringfence(root, &["init", "infra"]);
    assert_eq!(code(&elsewhere), 0);
    assert!(stdout(&elsewhere).contains("infra"), "{}", stdout(&elsewhere));
    assert_eq!(read(root, "infra/ringfence.toml"), written);
}

/// Bug: in the file `init` writes, `var-files` follows `# [severity]`, and `region`,
/// `account-id` and `baseline` follow `# [cfn-params]`: a user who uncomments the
/// examples puts those top-level keys inside the tables (an error for `var-files`,
/// silently a CloudFormation parameter for `region` and `baseline`).
#[test]
fn every_example_of_the_init_file_works_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", SSH_AND_KEY);
    assert_eq!(code(&ringfence(root, &["init"])), 0);
    // Uncomment `# key = value`, `# "glob" = [...]` and `# [table]` lines.
    let uncommented: String = read(root, "ringfence.toml")
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest)
                if (rest.starts_with('[') && rest.ends_with(']'))
                    || rest.split_once(" = ").is_some_and(|(key, _)| !key.contains(' ')) =>
            {
                rest.to_string() + "\n"
            }
            _ => line.to_string() + "\n",
        })
        .collect();
    write(root, "ringfence.toml", &uncommented);
    write(root, "env/prod.tfvars", "");
    write(root, "params/prod.json", "[]\n");
    write(root, "policies/org.yaml", "policies: []\n");
    write(root, "ringfence-baseline.json", "{\"version\": 1, \"tool\": \"ringfence\", \"findings\": []}\n");
    let out = ringfence(root, &["check", "--format", "concise", "."]);
    assert_eq!(stderr(&out), "", "{uncommented}");
    assert_ne!(code(&out), 2);
    // The baseline key is a baseline, not a CloudFormation parameter: a missing file is an error.
    fs::remove_file(root.join("ringfence-baseline.json")).unwrap();
    assert_eq!(code(&ringfence(root, &["check", "."])), 2, "{uncommented}");
}
