//! `ringfence report`: the audit page as an auditor reads it. Pages are parsed with an
//! HTML parser and read by the places a person looks: the verdict, each step, each
//! checklist row and its links to the source, the inventory, who can reach the data,
//! the accepted risks. The last test has a real browser draw the page.

mod common;

use common::{code, ringfence, stdout, workspace, write};
use scraper::{ElementRef, Html, Selector};
use std::path::Path;

fn select<'a>(page: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    page.select(&selector).collect()
}

fn one<'a>(page: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(page, css);
    assert_eq!(found.len(), 1, "expected one `{css}`, found {}", found.len());
    found[0]
}

fn within<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    element.select(&selector).collect()
}

fn text(element: ElementRef<'_>) -> String {
    // Text nodes apart, as a reader sees cells split by `<br>`.
    element.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn status(element: ElementRef<'_>) -> String {
    element.value().attr("data-status").unwrap_or_default().to_string()
}

/// `ringfence report ARGS -o page.html` run in `dir`: the exit code and the page.
fn report(dir: &Path, args: &[&str]) -> (i32, Html, String) {
    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("page.html");
    let mut all: Vec<&str> = vec!["report"];
    all.extend(args);
    all.extend(["-o", page.to_str().unwrap()]);
    let o = ringfence(dir, &all);
    let html = std::fs::read_to_string(&page)
        .unwrap_or_else(|e| panic!("no page written ({e}); stderr: {}", String::from_utf8_lossy(&o.stderr)));
    (code(&o), Html::parse_document(&html), html)
}

fn checklist_row<'a>(page: &'a Html, rules: &str) -> ElementRef<'a> {
    one(page, &format!(r#"tr.item[data-rules="{rules}"]"#))
}

#[test]
fn the_vulnerable_platform_fails_every_step_with_findings_linked_to_their_source() {
    let (exit, page, html) = report(&workspace(), &["testdata/vulnerable"]);
    assert_eq!(exit, 1, "findings make the report exit 1, as check does");
    assert_eq!(status(one(&page, "#verdict .verdict .badge")), "fail");
    for step in ["iam", "network", "keys", "logging"] {
        assert_eq!(status(one(&page, &format!("#summary-{step} .badge"))), "fail", "step {step}");
    }

    // "SageMaker is VPC-only": the domain's finding, at the line to fix, linked to an
    // excerpt of that line.
    let row = checklist_row(&page, "NET003 NET004 NET005");
    assert_eq!(status(row), "fail");
    let links: Vec<ElementRef> = within(row, "li.finding a.place");
    let domain = links
        .iter()
        .find(|a| text(**a) == "testdata/vulnerable/terraform/modules/ml-platform/sagemaker.tf:9")
        .expect("a link to the domain's network access type");
    let anchor = domain.value().attr("href").unwrap().strip_prefix('#').expect("an in-page link");
    let excerpt = one(&page, &format!("div.excerpt[id={anchor}]"));
    assert_eq!(text(within(excerpt, "h3")[0]), "testdata/vulnerable/terraform/modules/ml-platform/sagemaker.tf");
    let marked = within(excerpt, ".mark");
    assert_eq!(marked.len(), 1);
    assert_eq!(text(within(marked[0], ".ln")[0]), "9");
    assert!(text(marked[0]).contains("app_network_access_type = var.studio_network_access_type"));
    // The rule and severity are read beside the link.
    let finding = links.iter().find(|a| text(**a).ends_with("sagemaker.tf:9")).unwrap().parent().unwrap();
    let finding = ElementRef::wrap(finding).unwrap();
    assert_eq!(text(within(finding, "code.rule")[0]), "NET003");
    assert_eq!(text(within(finding, ".sev")[0]), "high");
    // Three findings fail the row: the domain, the notebook, the model.
    assert_eq!(within(row, "li.finding").len(), 3);

    // Every in-page link lands on an excerpt.
    for a in select(&page, "a.place") {
        let target = a.value().attr("href").unwrap().trim_start_matches('#');
        assert_eq!(select(&page, &format!("[id={target}]")).len(), 1, "link to {target}");
    }

    // Scores: nothing passes, so every framework scores 0%.
    for framework in ["cis", "hipaa", "soc2", "gdpr", "pci"] {
        assert_eq!(text(one(&page, &format!("#score-{framework} td.score"))), "0%", "{framework}");
    }

    // The new checklist item has its rule and its seeded finding.
    let keys = checklist_row(&page, "KMS010");
    assert_eq!(status(keys), "fail");
    assert!(within(keys, "a.place").iter().any(|a| text(*a) == "testdata/vulnerable/cloudformation/platform.yaml:727"));

    // One self-contained file: nothing fetched, no script needed to read it.
    assert!(select(&page, "script, link, img, iframe, object").is_empty(), "an external or active element");
    for element in select(&page, "[src], [href]") {
        let target = element.value().attr("src").or(element.value().attr("href")).unwrap();
        assert!(target.starts_with('#'), "a link out of the page: {target}");
    }
    assert_eq!(select(&page, "style").len(), 1);

    // Secrets in the excerpts are redacted.
    assert!(!html.contains("q8Wd2Lr5Tz1Xn7Pb4Kc9Vm3Hs6Jf0Ga2Ye5Ru8Ni"), "the secret key is printed");
}

#[test]
fn the_inventory_names_roles_networks_keys_and_shared_roles() {
    let (_, page, _) = report(&workspace(), &["testdata/vulnerable"]);
    // A Terraform domain, its user profile and notebook are one workload: not shared.
    let studio = one(&page, r#"tr.asset[data-address="module.ml_platform.aws_sagemaker_notebook_instance.research"]"#);
    assert_eq!(text(within(studio, "td")[1]), "module.ml_platform.aws_iam_role.studio");
    let domain = one(&page, r#"tr.asset[data-address="module.ml_platform.aws_sagemaker_domain.studio"]"#);
    let cells = within(domain, "td");
    assert!(text(cells[0]).starts_with("SageMaker domain"));
    assert_eq!(within(cells[2], ".status-public").len(), 1, "the domain is not VPC-only: {}", text(cells[2]));
    assert!(
        text(cells[3]) == "customer managed key module.ml_platform.aws_kms_key.workspace"
            && text(within(cells[3], "code")[0]) == "module.ml_platform.aws_kms_key.workspace",
        "{}",
        text(cells[3])
    );
    // CloudFormation's NotebookRole serves Studio, a notebook and a model: flagged.
    let notebook = one(&page, r#"tr.asset[data-address="ResearchNotebook"]"#);
    assert!(text(within(notebook, "td")[1]).contains("NotebookRole shared by several AI services"));
    let shared: Vec<String> = select(&page, "ul.shared-roles li").into_iter().map(text).collect();
    assert!(shared.iter().any(|s| s.starts_with("NotebookRole")), "{shared:?}");
}

#[test]
fn who_can_reach_the_training_data_is_answered_with_evidence() {
    let (_, page, _) = report(&workspace(), &["testdata/vulnerable"]);
    let table = one(&page, r#"table.reach[data-store="module.ml_platform.aws_s3_bucket.training_data"]"#);
    let row = |principal: &str| {
        let rows = within(table, &format!(r#"tr.principal[data-principal="{principal}"]"#));
        assert_eq!(rows.len(), 1, "{principal}");
        within(rows[0], "td").into_iter().map(text).collect::<Vec<_>>()
    };
    // The labelling vendor reads and writes the training data but cannot decrypt it:
    // its policy names no key.
    let vendor = row("module.ml_platform.aws_iam_role.labeling_vendor");
    assert_eq!(vendor[1..5], ["identity policy", "yes", "yes", "no"]);
    assert!(vendor[5].contains("iam.tf:"), "evidence names the policy: {vendor:?}");
    // Studio reads it and may decrypt with its key (the default key policy delegates).
    let studio = row("module.ml_platform.aws_iam_role.studio");
    assert_eq!(studio[2..5], ["yes", "yes", "yes"]);
    // The CloudFormation pipeline role's `*` reaches every store.
    let pipeline = one(&page, r#"table.reach[data-store="TrainingDataBucket"]"#);
    assert_eq!(within(pipeline, r#"tr.principal[data-principal="PipelineRole"]"#).len(), 1);
}

#[test]
fn the_hardened_platform_passes_every_step_it_can_assess() {
    let (exit, page, _) = report(&workspace(), &["testdata/hardened"]);
    assert_eq!(exit, 0);
    assert_eq!(status(one(&page, "#verdict .verdict .badge")), "pass");
    // Every step can be assessed on the hardened platform, and passes.
    let steps = select(&page, ".steps .step .badge");
    assert_eq!(steps.len(), 4);
    for badge in &steps {
        assert_eq!(status(*badge), "pass");
    }
    let rows = select(&page, "tr.item");
    assert!(rows.len() >= 30, "{} checklist rows", rows.len());
    for row in rows {
        assert_eq!(status(row), "pass", "{}", text(row));
    }
    // A pass says what it checked.
    let vpc_only = checklist_row(&page, "NET003 NET004 NET005");
    assert_eq!(status(vpc_only), "pass");
    let reason = text(within(vpc_only, "p.reason")[0]);
    assert_eq!(reason, "2 SageMaker domains, 2 notebook instances, 2 SageMaker models: all VPC-only");
    assert_eq!(within(vpc_only, "p.examined .place").len(), 6, "each resource checked is listed");
    // Frameworks score 100% on what they can assess.
    for framework in ["cis", "hipaa", "soc2", "gdpr", "pci"] {
        assert_eq!(text(one(&page, &format!("#score-{framework} td.score"))), "100%", "{framework}");
    }
    // The accepted risks of the hardened platform: each with its reason and end date.
    let risks = select(&page, "tr.risk");
    assert!(!risks.is_empty());
    for risk in &risks {
        let cells: Vec<String> = within(*risk, "td").into_iter().map(text).collect();
        assert!(!cells[2].is_empty() && cells[2] != "(no reason given)", "{cells:?}");
    }
}

#[test]
fn a_value_not_known_before_deployment_is_unknown_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"variable "network_mode" {
  type = string
}

resource "aws_sagemaker_domain" "studio" {
  domain_name             = "studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0abc"
  subnet_ids              = ["subnet-0abc"]
  app_network_access_type = var.network_mode
  default_user_settings {
    execution_role = "arn:aws:iam::111122223333:role/studio"
  }
}
"#,
    );
    let (_, page, _) = report(dir.path(), &["."]);
    let row = checklist_row(&page, "NET003 NET004 NET005");
    assert_eq!(status(row), "unknown");
    assert!(within(row, "li.finding").is_empty(), "an unknown is not a finding");
    let undecided: Vec<String> = within(row, "ul.undecided li").into_iter().map(text).collect();
    assert_eq!(undecided.len(), 1, "{undecided:?}");
    assert!(undecided[0].starts_with("main.tf:10 NET003 for aws_sagemaker_domain.studio"), "{undecided:?}");
    // Its step cannot pass (other rows of it fail here: no VPC endpoints in the file).
    assert_ne!(status(one(&page, "#summary-network .badge")), "pass");
}

#[test]
fn accepted_risks_show_their_reason_end_date_and_days_left() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "main.tf",
        r#"resource "aws_kms_key" "data" {
  description = "data"
  # ringfence:ignore[KMS001] rotation waits for the HSM migration until=2099-12-31
  enable_key_rotation = false
}
"#,
    );
    let (_, page, _) = report(dir.path(), &["."]);
    let risks = select(&page, "tr.risk");
    assert_eq!(risks.len(), 1);
    let cells: Vec<String> = within(risks[0], "td").into_iter().map(text).collect();
    assert!(cells[0].contains("KMS001") && cells[0].contains("main.tf:4"), "{cells:?}");
    assert_eq!(cells[1], "main.tf:3");
    assert_eq!(cells[2], "rotation waits for the HSM migration");
    assert!(cells[3].starts_with("2099-12-31 "), "{cells:?}");
    let days: i64 = cells[3].split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(days > 365 * 70, "{days} days left");
    assert!(cells[3].ends_with("days left"));
    // The accepted finding does not fail its row.
    assert_eq!(status(checklist_row(&page, "KMS001")), "pass");
    assert!(text(checklist_row(&page, "KMS001")).contains("1 accepted risk"));
}

#[test]
fn findings_the_baseline_accepts_are_counted_not_failed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", "resource \"aws_kms_key\" \"data\" {\n  enable_key_rotation = false\n}\n");
    let o = ringfence(dir.path(), &["check", "--select", "KMS001", "--write-baseline", "baseline.json", "."]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    let (exit, page, _) = report(dir.path(), &[".", "--baseline", "baseline.json"]);
    assert_eq!(text(one(&page, "#baselined")), "1 finding accepted by the baseline.");
    // The baselined finding does not fail its row, nor pass unsaid: it is an accepted risk.
    let row = checklist_row(&page, "KMS001");
    assert_eq!(status(row), "pass");
    assert_eq!(text(within(row, "p.reason")[0]), "1 KMS key: all rotating (1 accepted risk)");
    // Without the baseline, it does.
    let (_, page, _) = report(dir.path(), &["."]);
    assert_eq!(status(checklist_row(&page, "KMS001")), "fail");
    assert!(exit == 0 || exit == 1);
}

#[test]
fn an_input_that_cannot_be_read_fails_closed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.tf", "resource \"aws_kms_key\" \"k\" {\n  enable_key_rotation = \n");
    let (exit, page, _) = report(dir.path(), &["."]);
    assert_eq!(exit, 2);
    let errors: Vec<String> = select(&page, "ul.errors li").into_iter().map(text).collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with("broken.tf:"), "{errors:?}");
    assert!(text(one(&page, "#verdict-text")).contains("1 input could not be read"));
    assert_ne!(status(one(&page, "#verdict .verdict .badge")), "pass");
}

#[test]
fn the_markdown_report_is_tables_a_pull_request_comment_renders() {
    let o = ringfence(&workspace(), &["report", "testdata/vulnerable", "--format", "markdown"]);
    assert_eq!(code(&o), 1);
    let md = stdout(&o);
    assert!(md.starts_with("## AI security audit: vulnerable\n"));
    assert!(md.contains("\n| Identity and access | ❌ fail | 0 | 8 | 0 | 0 |\n"), "{md}");
    assert!(md.contains("\n| HIPAA | 0% |"));
    // Every table row keeps its column count: `|` in values is escaped.
    let mut columns = None;
    for line in md.lines() {
        if line.starts_with("| Status | Check | Rules |") {
            columns = Some(line.matches('|').count());
        } else if !line.starts_with('|') {
            columns = None;
        } else if let Some(n) = columns {
            let unescaped = line.len() - line.replace('|', "").len() - line.matches("\\|").count();
            assert_eq!(unescaped, n, "{line}");
        }
    }
    assert!(!md.contains("<html"), "no HTML page in the Markdown");
}

/// The page as a browser draws it: headless Chromium prints it to PDF and takes a
/// screenshot, which must not be blank. Required where `RINGFENCE_REQUIRE_BROWSER` or
/// `CI` is set (`.ci/run` sets the first; `.ci/tools` installs Chromium); elsewhere
/// skipped with a note when no Chromium is installed.
#[test]
fn a_real_browser_renders_the_page() {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| std::process::Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        let required = ["RINGFENCE_REQUIRE_BROWSER", "CI"].iter().any(|v| std::env::var_os(v).is_some());
        assert!(!required, "a browser is required here but no Chromium is installed (.ci/tools installs it)");
        eprintln!("skipped: no chromium on PATH");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("audit.html");
    let o = ringfence(&workspace(), &["report", "testdata/vulnerable", "-o", page.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let url = format!("file://{}", page.display());
    let run = |args: &[String]| {
        let profile = out.path().join("profile");
        let o = std::process::Command::new(browser)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run"])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(args)
            .arg(&url)
            .output()
            .unwrap();
        assert!(o.status.success(), "{browser} failed: {}", String::from_utf8_lossy(&o.stderr));
    };
    let pdf = out.path().join("audit.pdf");
    run(&[format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer".to_string()]);
    let bytes = std::fs::read(&pdf).expect("a PDF");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(bytes.len() > 20_000, "a PDF of {} bytes is too small to hold the audit", bytes.len());

    let png = out.path().join("audit.png");
    run(&[format!("--screenshot={}", png.display()), "--window-size=1200,1600".to_string()]);
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).expect("a screenshot")));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let pixels = &pixels[..info.buffer_size()];
    assert_eq!((info.width, info.height), (1200, 1600));
    let total = pixels.len() / channels;
    let (mut ink, mut red) = (0, 0);
    for p in pixels.chunks(channels) {
        if p[0] < 200 || p[1] < 200 || p[2] < 200 {
            ink += 1;
        }
        // The fail badges (#cf222e).
        if p[0] > 180 && p[1] < 80 && p[2] < 80 {
            red += 1;
        }
    }
    assert!(ink * 100 / total >= 3, "the page looks blank: {ink} of {total} pixels drawn");
    assert!(red > 500, "no fail badge drawn ({red} red pixels)");
}

/// A repository where every role may read every bucket: the reach section lists 50
/// principals per store and counts the others, so the page stays small.
#[test]
fn who_can_reach_the_data_stays_bounded_when_everyone_can() {
    let dir = tempfile::tempdir().unwrap();
    let mut tf = String::from(
        r#"resource "aws_s3_bucket" "models" {
  bucket = "models-bucket"
}

resource "aws_iam_role" "inference" {
  name               = "inference"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "sagemaker.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_sagemaker_model" "m" {
  name               = "m"
  execution_role_arn = aws_iam_role.inference.arn
  primary_container {
    image          = "111122223333.dkr.ecr.us-east-1.amazonaws.com/m:1"
    model_data_url = "s3://${aws_s3_bucket.models.bucket}/model.tar.gz"
  }
}
"#,
    );
    for i in 0..70 {
        tf += &format!(
            r#"
resource "aws_iam_role" "r{i}" {{
  name               = "r{i}"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Principal = {{ Service = "ec2.amazonaws.com" }}, Action = "sts:AssumeRole" }}] }})
}}

resource "aws_iam_role_policy" "p{i}" {{
  role   = aws_iam_role.r{i}.id
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }}] }})
}}
"#
        );
    }
    write(dir.path(), "main.tf", &tf);
    let (_, page, _) = report(dir.path(), &["."]);
    let table = one(&page, r#"table.reach[data-store="aws_s3_bucket.models"]"#);
    assert_eq!(within(table, "tr.principal").len(), 50);
    assert_eq!(text(one(&page, "p.more-principals")), "and 20 more principals not listed.");
}
