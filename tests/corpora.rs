//! What fires on real public code: a findings snapshot per corpus of `../shared/corpora`
//! (rule, file, line, message and resource, as concise output shows them), so a change
//! in what ringfence reports on code nobody here wrote is seen in review. Every finding
//! in these snapshots was judged against its source (see docs/accuracy.md); update them
//! with `INSTA_UPDATE=always cargo test --test corpora -- --ignored` and read the diff.

mod common;
use common::*;

/// The scan's concise report and warnings, and its exit code, from the corpus root.
fn findings_on(name: &str) -> String {
    let root = corpus(name);
    let out = ringfence(&root, &["check", "--format", "concise", "--color", "never", "."]);
    let status = code(&out);
    assert!(status == 0 || status == 1, "{name}: exit {status}, a real repository is checked whole:\n{}", stderr(&out));
    let mut report = format!("exit {status}\n{}", stdout(&out));
    let warnings = stderr(&out);
    if !warnings.is_empty() {
        report.push_str("--- stderr\n");
        report.push_str(&warnings);
    }
    report
}

macro_rules! corpus_snapshot {
    ($($test:ident => $corpus:literal,)*) => {$(
        #[test]
        #[ignore = "needs ../shared/corpora (run by .ci/run)"]
        fn $test() {
            let mut settings = insta::Settings::clone_current();
            settings.set_snapshot_path("snapshots/corpora");
            settings.set_prepend_module_to_snapshot(false);
            settings.bind(|| insta::assert_snapshot!($corpus, findings_on($corpus)));
        }
    )*};
}

corpus_snapshot! {
    aws_cloudformation_templates => "aws-cloudformation-templates",
    aws_ia_terraform_aws_bedrock => "aws-ia-terraform-aws-bedrock",
    terraform_aws_iam => "terraform-aws-iam",
    terraform_aws_kms => "terraform-aws-kms",
    terraform_aws_s3_bucket => "terraform-aws-s3-bucket",
    terraform_aws_security_group => "terraform-aws-security-group",
    terraform_aws_vpc => "terraform-aws-vpc",
    terragoat => "terragoat",
}
