//! The baselines' acceptance test on a real repository of the shared corpora.

mod common;
use common::*;

/// The acceptance test: a real repository (terragoat) accepted as it is, then
/// one new open security group inserted in the middle of a file, moving every line
/// below it: only that problem is reported.
#[test]
#[ignore = "needs ../shared/corpora/terragoat (run by .ci/run)"]
fn terragoat_with_a_baseline_reports_only_the_one_new_problem() {
    // Read in place, copied to a scratch directory: the corpora are never changed.
    let corpus = corpus("terragoat");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&corpus, root);
    let written = ringfence(root, &["check", "--write-baseline", "ringfence-baseline.json", "."]);
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    let accepted = baseline_entries(root, "ringfence-baseline.json");
    assert!(accepted.len() >= 10, "terragoat has many findings: {accepted:?}");
    assert!(accepted.contains(&("terraform/aws/ec2.tf".into(), "NET001".into(), "aws_security_group.web-node".into())));
    assert_eq!(concise(root, &["--baseline", "ringfence-baseline.json", "."]), (String::new(), 0));

    let path = "terraform/aws/ec2.tf";
    let original = read(root, path);
    let mut lines: Vec<&str> = original.split('\n').collect();
    assert_eq!(lines[116], "resource \"aws_vpc\" \"web_vpc\" {", "terragoat's ec2.tf changed: line 117");
    let below = lines.len() - 116;
    let added = [
        "resource \"aws_security_group\" \"ssh_anywhere\" {",
        "  description = \"added by the change under review\"",
        "  vpc_id      = aws_vpc.web_vpc.id",
        "",
        "  ingress {",
        "    from_port   = 22",
        "    to_port     = 22",
        "    protocol    = \"tcp\"",
        "    cidr_blocks = [\"0.0.0.0/0\"]",
        "  }",
        "}",
        "",
    ];
    lines.splice(116..116, added);
    write(root, path, &lines.join("\n"));
    assert!(below > 100, "most of the file moved down");

    let out = ringfence(root, &["check", "--format", "concise", "--baseline", "ringfence-baseline.json", "."]);
    assert_eq!(
        stdout(&out),
        "terraform/aws/ec2.tf:125:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) [aws_security_group.ssh_anywhere]\n"
    );
    assert_eq!(code(&out), 1);
    let human = stdout(&ringfence(root, &["check", "--baseline", "ringfence-baseline.json", "."]));
    assert!(human.contains(&format!(", {} in the baseline not shown;", accepted.len())), "{human}");
    // From another working directory, with the baseline named relatively, the same.
    let from_aws = ringfence(
        &root.join("terraform/aws"),
        &["check", "--format", "concise", "--baseline", "../../ringfence-baseline.json", "."],
    );
    assert_eq!(
        stdout(&from_aws),
        "ec2.tf:125:20: critical NET001 ingress from 0.0.0.0/0 (the whole internet) to port 22 (SSH) [aws_security_group.ssh_anywhere]\n"
    );
}
