//! A rule made at run time (as custom policies will be) goes through a scan like a
//! built-in one: selected by code, name or family, run, suppressed by a comment,
//! re-rated and ignored per path by the configuration, and reported with its own page
//! and controls.

use ringfence_report::{render_json, render_sarif, Hidden, Report};
use ringfence_rules::{Checker, Control, Framework, Registry, Rule, RuleMeta, RuleRef, Selection, Severity};
use std::borrow::Cow;
use std::fs;

/// Every S3 bucket, reported: a stand-in for a rule read from a policy file.
struct EveryBucket {
    meta: RuleMeta,
    page: String,
    controls: Vec<Control>,
}

impl Rule for EveryBucket {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, c: &mut Checker<'_>) {
        for (_, r) in c.model.resources().filter(|(_, r)| r.rtype == "aws_s3_bucket") {
            c.report_missing(r, "a bucket the organisation reviews");
        }
    }

    fn doc(&self) -> &str {
        &self.page
    }

    fn controls(&self) -> &[Control] {
        &self.controls
    }
}

fn registry() -> Registry {
    let rule = EveryBucket {
        meta: RuleMeta {
            code: Cow::Owned("ORG001".to_string()),
            name: Cow::Owned("every-bucket".to_string()),
            severity: Severity::Medium,
            default_enabled: true,
            fix: false,
        },
        page: "# ORG001: every-bucket\n\nEvery bucket is reviewed.\n".to_string(),
        controls: vec![Control {
            framework: Framework::Soc2,
            control: Cow::Owned("CC6.1".to_string()),
            evidence: Cow::Owned("buckets are reviewed".to_string()),
        }],
    };
    Registry::builtin().with_rules([RuleRef::new(rule)]).expect("ORG001 is free")
}

const MAIN: &str = "\
resource \"aws_s3_bucket\" \"kept\" {
  bucket = \"kept\"
}

# ringfence:ignore[ORG] reviewed in the platform meeting
resource \"aws_s3_bucket\" \"accepted\" {
  bucket = \"accepted\"
}
";

#[test]
fn a_rule_made_at_run_time_is_selected_run_suppressed_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("main.tf"), MAIN).unwrap();
    fs::create_dir(dir.path().join("sandbox")).unwrap();
    fs::write(dir.path().join("sandbox/main.tf"), "resource \"aws_s3_bucket\" \"s\" {\n  bucket = \"s\"\n}\n").unwrap();
    let registry = registry();
    let mut selection = Selection { select: vec!["every-bucket".into(), "RF".into()], ..Selection::default() };
    selection.severity.insert("ORG001".into(), Severity::High);
    let rules = selection.resolve(&registry).unwrap();
    assert_eq!(rules.rules.iter().filter(|r| r.code == "ORG001").count(), 1);
    let load = ringfence::Options { paths: vec![dir.path().to_path_buf()], ..ringfence::Options::default() };
    let options = ringfence::ScanOptions { load, ..ringfence::ScanOptions::default() };
    let scan = ringfence::scan_with(&options, &rules);

    let codes: Vec<(&str, &str, Severity)> =
        scan.findings.iter().map(|f| (f.code(), f.resource.as_str(), f.severity)).collect();
    assert_eq!(
        codes,
        vec![("ORG001", "aws_s3_bucket.kept", Severity::High), ("ORG001", "aws_s3_bucket.s", Severity::High)]
    );
    assert_eq!(scan.suppressed.len(), 1, "the family named in the comment accepts the finding");
    assert_eq!(scan.suppressed[0].resource, "aws_s3_bucket.accepted");

    let report = Report {
        sources: &scan.sources,
        findings: &scan.findings,
        suppressed: &scan.suppressed,
        diagnostics: &scan.diagnostics,
        rules: &rules.rules,
        checked: &scan.checked,
        hidden: Hidden::default(),
        inputs: Default::default(),
        docs_url: None,
        fingerprint: None,
    };
    let json: serde_json::Value = serde_json::from_str(&render_json(&report)).unwrap();
    let first = &json["findings"][0];
    assert_eq!(first["name"], "every-bucket");
    assert_eq!(first["compliance"], serde_json::json!(["soc2:CC6.1"]));
    let sarif: serde_json::Value = serde_json::from_str(&render_sarif(&report)).unwrap();
    let driver = &sarif["runs"][0]["tool"]["driver"]["rules"];
    let org = driver.as_array().unwrap().iter().find(|r| r["id"] == "ORG001").expect("ORG001 in the SARIF rules");
    assert_eq!(org["shortDescription"]["text"], "Every bucket is reviewed.");

    // Per-path ignores take a run-time rule's code too.
    let mut ignores = ringfence_rules::PathIgnores::new(ringfence_syntax::absolute_path(dir.path()));
    let mut set = globset::GlobSetBuilder::new();
    set.add(globset::Glob::new("sandbox/**").unwrap());
    ignores.add(set.build().unwrap(), vec!["ORG001".into()]);
    let selection = Selection { path_ignores: ignores, ..selection };
    assert!(selection.ignored_at(&dir.path().join("sandbox/main.tf"), "ORG001"));
    let scan = ringfence::scan_with(&options, &selection.resolve(&registry).unwrap());
    let resources: Vec<&str> = scan.findings.iter().map(|f| f.resource.as_str()).collect();
    assert_eq!(resources, vec!["aws_s3_bucket.kept"]);
}

#[test]
fn a_rule_made_at_run_time_cannot_take_a_built_in_code_or_name() {
    let registry = registry();
    assert!(registry.find("ORG001").is_some() && Registry::builtin().find("ORG001").is_none());
    let clash = |code: &str, name: &str| {
        let meta = RuleMeta {
            code: Cow::Owned(code.to_string()),
            name: Cow::Owned(name.to_string()),
            severity: Severity::Low,
            default_enabled: true,
            fix: false,
        };
        Registry::builtin().with_rules([RuleRef::new(EveryBucket { meta, page: String::new(), controls: Vec::new() })])
    };
    assert!(clash("KMS001", "mine").is_err());
    assert!(clash("ORG002", "open-ingress").is_err());
    assert!(clash("ORG002", "mine").is_ok());
}

/// A rule with a bug a hostile input trips.
struct Panics {
    meta: RuleMeta,
}

impl Rule for Panics {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, _: &mut Checker<'_>) {
        panic!("a bug in a rule");
    }

    fn doc(&self) -> &str {
        "# ORG002: panics\n"
    }
}

#[test]
fn a_rule_that_panics_is_an_error_naming_it_and_the_other_rules_still_report() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("main.tf"), MAIN).unwrap();
    let meta = RuleMeta {
        code: Cow::Owned("ORG002".to_string()),
        name: Cow::Owned("panics".to_string()),
        severity: Severity::High,
        default_enabled: true,
        fix: false,
    };
    let registry = registry().with_rules([RuleRef::new(Panics { meta })]).expect("ORG002 is free");
    let selection = Selection { select: vec!["ORG".into()], ..Selection::default() };
    let rules = selection.resolve(&registry).unwrap();
    let scan = ringfence::scan(&[dir.path().to_path_buf()], &rules);
    assert!(scan.findings.iter().any(|f| f.rule.code == "ORG001"), "the other rule's findings are reported");
    let errors: Vec<String> = scan
        .diagnostics
        .iter()
        .filter(|d| d.level == ringfence_syntax::Level::Error)
        .map(|d| format!("{}: {}", scan.sources.get(d.file).display_path(), d.message))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("ORG002") && errors[0].contains("internal error"), "{errors:?}");
}
