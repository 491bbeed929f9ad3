//! The audit report (`ringfence report`): the AI security audit a consultant runs
//! before go-live, from the code. Verdicts per step and framework, the checklist
//! with its evidence, the AI estate, who can reach each data store, and the accepted
//! risks; rendered to one self-contained HTML page or to Markdown by templates
//! (minijinja) over the [`Audit`] built here. docs/report.md explains each section.

use crate::plural;
use ringfence_model::views::estate::{AiAsset, Protection};
use ringfence_model::Model;
use ringfence_rules::{Date, Examined, Finding, Framework, RuleRef};
use ringfence_syntax::{Diagnostic, Level, SourceMap, Span};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The four steps of the audit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Iam,
    Network,
    Keys,
    Logging,
}

impl Step {
    const ALL: [Step; 4] = [Step::Iam, Step::Network, Step::Keys, Step::Logging];

    fn id(self) -> &'static str {
        match self {
            Step::Iam => "iam",
            Step::Network => "network",
            Step::Keys => "keys",
            Step::Logging => "logging",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Step::Iam => "Identity and access",
            Step::Network => "Network isolation",
            Step::Keys => "Keys and data at rest",
            Step::Logging => "Logging and detection",
        }
    }

    /// The step a rule outside the checklist belongs to, by family.
    fn of_family(family: &str) -> Option<Step> {
        match family {
            "IAM" => Some(Step::Iam),
            "NET" => Some(Step::Network),
            "KMS" | "DATA" => Some(Step::Keys),
            "LOG" => Some(Step::Logging),
            _ => None,
        }
    }
}

/// The checklist: step, what is checked, the rules that check it, and what a pass
/// says of the resources they examined.
const CHECKLIST: &[(Step, &str, &[&str], &str)] = &[
    (Step::Iam, "Policies grant no wildcard actions", &["IAM001", "IAM002", "IAM004"], "no wildcard action"),
    (Step::Iam, "Policies scope actions to resources, not `\"Resource\": \"*\"`", &["IAM003"], "every action scoped"),
    (Step::Iam, "No privilege escalation path", &["IAM007"], "no escalation path"),
    (Step::Iam, "Trust policies admit only whom they name", &["IAM008"], "every trust pinned"),
    (Step::Iam, "No role shared by several AI services", &["IAM006"], "one workload per role"),
    (Step::Iam, "No god-mode managed policy", &["IAM005"], "no broad managed policy"),
    (Step::Iam, "No long-lived access keys or credentials in code", &["IAM009", "DATA007"], "none found"),
    (Step::Iam, "Every action named exists", &["IAM010"], "every action exists"),
    (Step::Network, "SageMaker is VPC-only", &["NET003", "NET004", "NET005"], "all VPC-only"),
    (Step::Network, "VPC endpoints for S3, SageMaker and Bedrock", &["NET007"], "every endpoint present"),
    (Step::Network, "No security group admits 0.0.0.0/0", &["NET001", "NET002"], "none open to the internet"),
    (Step::Network, "VPC flow logs are on", &["NET006"], "all with flow logs"),
    (Step::Network, "Bedrock customization and vector stores stay private", &["NET008", "NET009"], "all private"),
    (Step::Network, "Inference APIs require authorization", &["NET010"], "all authorized"),
    (Step::Network, "AI data stores are private and TLS-only", &["DATA001", "DATA006"], "all private, TLS-only"),
    (
        Step::Keys,
        "Training data buckets use SSE-KMS with a customer managed key",
        &["KMS002"],
        "all under a customer managed key",
    ),
    (Step::Keys, "Key rotation is on", &["KMS001"], "all rotating"),
    (Step::Keys, "Each AI role can decrypt only the keys it needs", &["KMS010"], "no role decrypts more"),
    (Step::Keys, "Key policies are least privilege", &["KMS007"], "all least privilege"),
    (
        Step::Keys,
        "SageMaker, Bedrock and vector stores use customer managed keys",
        &["KMS003", "KMS004", "KMS005", "KMS009"],
        "all under a customer managed key",
    ),
    (Step::Keys, "One key per data tier and environment", &["KMS008"], "no key shared across tiers"),
    (Step::Keys, "AI data stores are versioned and expire", &["DATA002", "DATA003"], "all versioned, expiring"),
    (Step::Logging, "CloudTrail is on, validated, encrypted and multi-region", &["LOG001"], "all sound"),
    (Step::Logging, "CloudTrail records S3 data events", &["LOG002"], "all record data events"),
    (Step::Logging, "GuardDuty is enabled", &["LOG003"], "all enabled"),
    (Step::Logging, "Bedrock model invocations are logged", &["LOG005"], "logged"),
    (Step::Logging, "SageMaker endpoints capture their data", &["LOG006"], "all capture"),
    (Step::Logging, "Logs are encrypted and kept 90 days or more", &["KMS006", "LOG007"], "all encrypted, kept"),
    (Step::Logging, "Security Hub runs the CIS standard", &["LOG004"], "CIS enabled"),
];

/// What a verdict can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Fail,
    Unknown,
    Pass,
    NotAssessed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::NotAssessed => "not assessed",
        }
    }
}

/// Everything the audit page shows.
#[derive(Debug, Serialize)]
pub struct Audit {
    pub title: String,
    pub date: String,
    pub version: &'static str,
    pub verdict: Status,
    pub verdict_text: String,
    /// Files read, and those that could not be (their resources are not audited).
    pub files: usize,
    pub resources: usize,
    pub errors: Vec<Place>,
    pub steps: Vec<StepRow>,
    pub frameworks: Vec<FrameworkRow>,
    pub estate: Vec<AssetRow>,
    pub shared_roles: Vec<SharedRole>,
    pub reach: Vec<StoreReachRow>,
    /// AI data stores beyond [`MAX_REACH_STORES`], counted.
    pub reach_left_out: usize,
    pub risks: Vec<RiskRow>,
    pub baselined: usize,
    pub excerpts: Vec<Excerpt>,
    /// Excerpts are kept for this many places; beyond, places are named without one.
    pub excerpts_left_out: usize,
}

/// A place in the inputs: where it shows, and the excerpt it links to.
#[derive(Clone, Debug, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub message: String,
    /// The excerpt's anchor (`src-3`), when the page has one.
    pub anchor: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StepRow {
    pub id: &'static str,
    pub title: &'static str,
    pub status: Status,
    pub passed: usize,
    pub failed: usize,
    pub unknown: usize,
    pub not_assessed: usize,
    pub items: Vec<ItemRow>,
}

#[derive(Debug, Serialize)]
pub struct ItemRow {
    pub title: String,
    pub rules: Vec<String>,
    #[serde(flatten)]
    pub judged: Judged,
}

/// A verdict over a set of rules, with what it stands on.
#[derive(Debug, Default, Serialize)]
pub struct Judged {
    pub status: Option<Status>,
    /// Why, in a sentence.
    pub reason: String,
    pub findings: Vec<FindingRow>,
    /// What was checked: "3 SageMaker domains, 1 notebook instance".
    pub evidence: String,
    pub examined: Vec<Place>,
    pub examined_left_out: usize,
    pub undecided: Vec<Place>,
    /// Rules that did not run in this scan.
    pub not_run: Vec<String>,
    /// Rules that ran and had nothing to examine.
    pub nothing_to_check: Vec<String>,
    /// Findings a suppression accepts.
    pub accepted: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct FindingRow {
    pub rule: String,
    pub name: String,
    pub severity: &'static str,
    pub message: String,
    pub resource: String,
    pub place: Place,
}

#[derive(Debug, Serialize)]
pub struct FrameworkRow {
    pub id: &'static str,
    pub title: &'static str,
    pub passed: usize,
    pub failed: usize,
    pub unknown: usize,
    pub not_assessed: usize,
    /// passed / (passed + failed), in percent; none when neither.
    pub score: Option<u32>,
    pub controls: Vec<ControlRow>,
}

#[derive(Debug, Serialize)]
pub struct ControlRow {
    pub control: String,
    pub evidence: String,
    pub rules: Vec<String>,
    #[serde(flatten)]
    pub judged: Judged,
}

#[derive(Debug, Serialize)]
pub struct AssetRow {
    pub kind: &'static str,
    pub address: String,
    pub place: Place,
    pub roles: Vec<String>,
    pub shared_role: bool,
    pub network: Option<String>,
    /// `private`, `public` or `unknown`, for the network's badge.
    pub network_status: Option<&'static str>,
    pub protection: Option<String>,
    pub protection_status: Option<&'static str>,
    pub stores: Vec<StoreRow>,
}

#[derive(Debug, Serialize)]
pub struct StoreRow {
    pub bucket: String,
    pub tier: String,
    pub protection: String,
    pub protection_status: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SharedRole {
    pub role: String,
    pub place: Place,
    pub users: Vec<String>,
}

/// Who can reach one AI data store.
#[derive(Debug, Serialize)]
pub struct StoreReachRow {
    pub store: String,
    pub tiers: String,
    pub place: Place,
    pub protection: String,
    pub principals: Vec<PrincipalRow>,
    /// Principals beyond [`MAX_PRINCIPALS_PER_STORE`], counted.
    pub more_principals: usize,
    pub unknown: Vec<Place>,
}

#[derive(Debug, Serialize)]
pub struct PrincipalRow {
    pub principal: String,
    /// `identity policy`, `bucket policy`.
    pub via: String,
    pub read: &'static str,
    pub write: &'static str,
    pub decrypt: &'static str,
    pub evidence: Vec<Place>,
}

#[derive(Debug, Serialize)]
pub struct RiskRow {
    pub rule: String,
    pub severity: &'static str,
    pub message: String,
    pub resource: String,
    pub place: Place,
    /// Where the suppression is written.
    pub written_at: Place,
    pub reason: String,
    pub until: Option<String>,
    pub days_left: Option<i64>,
    pub expired: bool,
}

/// Source lines around a cited place, secrets cut.
#[derive(Debug, Serialize)]
pub struct Excerpt {
    pub anchor: String,
    pub file: String,
    pub lines: Vec<ExcerptLine>,
}

#[derive(Debug, Serialize)]
pub struct ExcerptLine {
    pub number: usize,
    pub text: String,
    pub marked: bool,
}

/// What the audit is built from: one scan's results and its model.
pub struct AuditInput<'a> {
    pub title: String,
    pub sources: &'a SourceMap,
    pub model: &'a Model,
    /// Findings that count (after the baseline).
    pub findings: &'a [Finding],
    pub suppressed: &'a [Finding],
    pub diagnostics: &'a [Diagnostic],
    pub examined: &'a [Examined],
    /// The rules that ran.
    pub ran: &'a [RuleRef],
    /// Every rule known (a control maps to rules whether they ran or not).
    pub known: &'a [RuleRef],
    pub files: usize,
    /// Findings the baseline accepts (left out of `findings`).
    pub baselined: &'a [Finding],
    pub today: Date,
}

/// Most places a checklist row lists as evidence; the rest are counted.
const MAX_EXAMINED_LISTED: usize = 12;
/// Most excerpts one page holds: a huge repository still gives a page that opens.
const MAX_EXCERPTS: usize = 400;
/// Lines shown before and after a cited line.
const EXCERPT_CONTEXT: usize = 2;
/// Most AI data stores and principals per store the reach section lists: a
/// repository where every role may read every bucket still gives a page that opens.
const MAX_REACH_STORES: usize = 200;
const MAX_PRINCIPALS_PER_STORE: usize = 50;
/// Longest excerpt line kept, in characters.
const MAX_EXCERPT_LINE: usize = 160;

/// Builds the audit.
pub fn build(input: &AuditInput<'_>) -> Audit {
    let mut excerpts = Excerpts::new(input.sources);
    let ran: Vec<&str> = input.ran.iter().map(|r| &*r.code).collect();
    let read_errors: Vec<Place> = input
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| {
            let file = input.sources.get(d.file);
            let line = d.span.map_or(1, |s| file.line_col(s.start as usize).line);
            Place { file: file.display_path(), line, message: d.message.clone(), anchor: None }
        })
        .collect();
    let judge = Judge::new(input, &ran, read_errors.len());

    // The checklist, with every rule that ran but is in no row under "Other rules" of
    // its family's step, so that no finding is left out of the page.
    let listed: Vec<&str> = CHECKLIST.iter().flat_map(|(_, _, codes, _)| codes.iter().copied()).collect();
    let mut steps = Vec::new();
    for step in Step::ALL {
        let mut items: Vec<ItemRow> = CHECKLIST
            .iter()
            .filter(|(s, ..)| *s == step)
            .map(|(_, title, codes, phrase)| ItemRow {
                title: title.to_string(),
                rules: codes.iter().map(|c| c.to_string()).collect(),
                judged: judge.judge(codes, phrase, &mut excerpts),
            })
            .collect();
        let others: Vec<&str> = input
            .known
            .iter()
            .filter(|r| Step::of_family(r.family()) == Some(step) && !listed.contains(&&*r.code))
            .filter(|r| ran.contains(&&*r.code))
            .map(|r| &*r.code)
            .collect();
        if !others.is_empty() {
            items.push(ItemRow {
                title: "Other rules".to_string(),
                judged: judge.judge(&others, "no finding", &mut excerpts),
                rules: others.iter().map(|c| c.to_string()).collect(),
            });
        }
        steps.push(step_row(step.id(), step.title(), items));
    }
    // Rules of no family (custom policies) get a step of their own.
    let custom: Vec<&str> = input
        .ran
        .iter()
        .filter(|r| Step::of_family(r.family()).is_none() && !r.family().eq_ignore_ascii_case("RF"))
        .map(|r| &*r.code)
        .collect();
    if !custom.is_empty() {
        let items = vec![ItemRow {
            title: "Custom policies".to_string(),
            judged: judge.judge(&custom, "no finding", &mut excerpts),
            rules: custom.iter().map(|c| c.to_string()).collect(),
        }];
        steps.push(step_row("custom", "Custom policies", items));
    }

    let frameworks = Framework::ALL.iter().map(|f| framework_row(*f, &judge, &mut excerpts)).collect();
    let (estate, shared_roles) = estate_rows(input, &mut excerpts);
    let (reach, reach_left_out) = reach_rows(input, &mut excerpts);
    let risks = risk_rows(input, &mut excerpts);

    let verdict = steps.iter().map(|s| s.status).min().unwrap_or(Status::NotAssessed);
    let verdict_text = verdict_text(&steps, &read_errors);
    let left_out = excerpts.left_out;
    Audit {
        title: input.title.clone(),
        date: input.today.to_string(),
        version: env!("CARGO_PKG_VERSION"),
        verdict,
        verdict_text,
        files: input.files,
        resources: input.model.len(),
        errors: read_errors,
        steps,
        frameworks,
        estate,
        shared_roles,
        reach,
        reach_left_out,
        risks,
        baselined: input.baselined.len(),
        excerpts: excerpts.done(),
        excerpts_left_out: left_out,
    }
}

fn verdict_text(steps: &[StepRow], errors: &[Place]) -> String {
    let count = |s: Status| steps.iter().filter(|r| r.status == s).count();
    let mut text = format!(
        "{} of {} steps pass, {} fail, {} unknown, {} not assessed",
        count(Status::Pass),
        steps.len(),
        count(Status::Fail),
        count(Status::Unknown),
        count(Status::NotAssessed)
    );
    if !errors.is_empty() {
        text += &format!(
            "; {} input{} could not be read, so nothing passes until {} fixed",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            if errors.len() == 1 { "it is" } else { "they are" }
        );
    }
    text
}

fn step_row(id: &'static str, title: &'static str, items: Vec<ItemRow>) -> StepRow {
    let count = |s: Status| items.iter().filter(|i| i.judged.status == Some(s)).count();
    let (passed, failed, unknown, not_assessed) =
        (count(Status::Pass), count(Status::Fail), count(Status::Unknown), count(Status::NotAssessed));
    // A step passes when every item it can assess passes.
    let status = if failed > 0 {
        Status::Fail
    } else if unknown > 0 {
        Status::Unknown
    } else if passed > 0 {
        Status::Pass
    } else {
        Status::NotAssessed
    };
    StepRow { id, title, status, passed, failed, unknown, not_assessed, items }
}

fn framework_row(framework: Framework, judge: &Judge<'_, '_>, excerpts: &mut Excerpts<'_>) -> FrameworkRow {
    // Controls in the order their rules are listed, each with every rule mapped to it.
    let mut controls: BTreeMap<String, (String, Vec<&str>)> = BTreeMap::new();
    for rule in judge.input.known {
        for control in rule.controls().iter().filter(|c| c.framework == framework) {
            let entry =
                controls.entry(control.control.to_string()).or_insert_with(|| (control.evidence.to_string(), vec![]));
            let code = &*rule.code;
            if !entry.1.contains(&code) {
                entry.1.push(code);
            }
        }
    }
    let mut rows: Vec<ControlRow> = controls
        .into_iter()
        .map(|(control, (evidence, rules))| ControlRow {
            judged: judge.judge(&rules, "no finding", excerpts),
            control,
            evidence,
            rules: rules.iter().map(|r| r.to_string()).collect(),
        })
        .collect();
    rows.sort_by_key(|row| ringfence_rules::Control::sort_key(&row.control));
    let count = |s: Status| rows.iter().filter(|c| c.judged.status == Some(s)).count();
    let (passed, failed) = (count(Status::Pass), count(Status::Fail));
    let score = (passed + failed > 0).then(|| ((passed * 100) as f64 / (passed + failed) as f64).round() as u32);
    FrameworkRow {
        id: framework.id(),
        title: framework.title(),
        passed,
        failed,
        unknown: count(Status::Unknown),
        not_assessed: count(Status::NotAssessed),
        score,
        controls: rows,
    }
}

/// Judges sets of rules over one scan.
struct Judge<'i, 'a> {
    input: &'i AuditInput<'a>,
    ran: &'i [&'i str],
    read_errors: usize,
    /// Each rule's records: a run of `input.examined`, which is sorted by rule.
    examined_of: HashMap<&'a str, std::ops::Range<usize>>,
    /// Each rule's open findings, by position in `input.findings`.
    findings_of: HashMap<&'a str, Vec<usize>>,
    /// Each rule's findings accepted by a suppression or the baseline.
    accepted_of: HashMap<&'a str, usize>,
}

impl<'i, 'a> Judge<'i, 'a> {
    /// Indexes the scan by rule once: every row and control asks for a few rules.
    fn new(input: &'i AuditInput<'a>, ran: &'i [&'i str], read_errors: usize) -> Judge<'i, 'a> {
        let mut examined_of: HashMap<&'a str, std::ops::Range<usize>> = HashMap::new();
        for (i, e) in input.examined.iter().enumerate() {
            examined_of.entry(&*e.rule).and_modify(|r| r.end = i + 1).or_insert(i..i + 1);
        }
        let mut findings_of: HashMap<&'a str, Vec<usize>> = HashMap::new();
        for (i, f) in input.findings.iter().enumerate() {
            findings_of.entry(f.code()).or_default().push(i);
        }
        let mut accepted_of: HashMap<&'a str, usize> = HashMap::new();
        for f in input.suppressed.iter().chain(input.baselined) {
            *accepted_of.entry(f.code()).or_default() += 1;
        }
        Judge { input, ran, read_errors, examined_of, findings_of, accepted_of }
    }
}

impl Judge<'_, '_> {
    /// A control or checklist item passes when every rule mapped to it ran, between
    /// them they examined something, and none has an open finding; it fails with any
    /// open finding; it is unknown when a value a verdict depends on is unknown, or
    /// an input could not be read; it is not assessed when a rule did not run or
    /// nothing it applies to exists.
    fn judge(&self, codes: &[&str], pass_phrase: &str, excerpts: &mut Excerpts<'_>) -> Judged {
        let input = self.input;
        // In code order, each once: the order of the scan's sorted records.
        let mut sorted: Vec<&str> = codes.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut positions: Vec<usize> =
            sorted.iter().flat_map(|c| self.findings_of.get(c).into_iter().flatten().copied()).collect();
        positions.sort_unstable();
        let findings: Vec<FindingRow> = positions.iter().map(|&i| finding_row(&input.findings[i], excerpts)).collect();
        // Accepted: by a suppression or by the baseline. Neither fails the row; both
        // are said on it.
        let accepted: usize = sorted.iter().map(|c| self.accepted_of.get(c).copied().unwrap_or(0)).sum();
        let examined: Vec<&Examined> = sorted
            .iter()
            .flat_map(|c| self.examined_of.get(c).map_or(&[][..], |r| &input.examined[r.clone()]))
            .collect();
        let not_run: Vec<String> = codes.iter().filter(|c| !self.ran.contains(c)).map(|c| c.to_string()).collect();
        let nothing_to_check: Vec<String> = codes
            .iter()
            .filter(|c| self.ran.contains(c) && !self.examined_of.contains_key(**c))
            .map(|c| c.to_string())
            .collect();
        let mut undecided = Vec::new();
        for e in examined.iter().filter(|e| e.undecided.is_some()) {
            let (span, what) = e.undecided.as_ref().expect("filtered");
            undecided.push(excerpts.place(*span, format!("{} for {}: {what}", e.rule, e.resource)));
        }
        // One resource per place, whichever rules examined it.
        let mut seen = std::collections::HashSet::new();
        let resources: Vec<&Examined> =
            examined.iter().copied().filter(|e| seen.insert((e.header, e.resource.as_str()))).collect();
        let evidence = describe_counts(&resources);
        let listed: Vec<Place> = resources
            .iter()
            .take(MAX_EXAMINED_LISTED)
            .map(|e| plain_place(input.sources, e.header, e.resource.clone()))
            .collect();
        let examined_left_out = resources.len().saturating_sub(MAX_EXAMINED_LISTED);
        let (status, reason) = if !findings.is_empty() {
            let n = findings.len();
            (Status::Fail, format!("{n} open finding{}", if n == 1 { "" } else { "s" }))
        } else if !undecided.is_empty() {
            (
                Status::Unknown,
                format!("{} value{} not known before deployment", undecided.len(), plural(undecided.len())),
            )
        } else if self.read_errors > 0 && !resources.is_empty() {
            (Status::Unknown, "some inputs could not be read: their resources are not checked".to_string())
        } else if !not_run.is_empty() {
            (Status::NotAssessed, format!("{} did not run", not_run.join(", ")))
        } else if resources.is_empty() {
            (Status::NotAssessed, "nothing it applies to in the inputs".to_string())
        } else {
            let phrase = if accepted > 0 {
                format!("{pass_phrase} ({accepted} accepted risk{})", plural(accepted))
            } else {
                pass_phrase.to_string()
            };
            (Status::Pass, format!("{evidence}: {phrase}"))
        };
        Judged {
            status: Some(status),
            reason,
            findings,
            evidence,
            examined: listed,
            examined_left_out,
            undecided,
            not_run,
            nothing_to_check,
            accepted,
        }
    }
}

/// "3 SageMaker domains, 1 notebook instance", by kind, in order of first mention.
fn describe_counts(resources: &[&Examined]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for e in resources {
        let noun = noun(&e.resource_type);
        match counts.iter_mut().find(|(n, _)| *n == noun) {
            Some((_, c)) => *c += 1,
            None => counts.push((noun, 1)),
        }
    }
    counts
        .into_iter()
        .map(|(noun, n)| format!("{n} {}", if n == 1 { noun } else { plural_noun(&noun) }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a resource type is called in a sentence.
fn noun(rtype: &str) -> String {
    const NAMES: &[(&[&str], &str)] = &[
        (&["aws_s3_bucket", "AWS::S3::Bucket"], "S3 bucket"),
        (&["aws_s3_bucket_policy", "AWS::S3::BucketPolicy"], "bucket policy"),
        (&["aws_kms_key", "AWS::KMS::Key"], "KMS key"),
        (&["aws_kms_key_policy"], "key policy"),
        (&["aws_iam_role", "AWS::IAM::Role"], "IAM role"),
        (&["aws_iam_user", "AWS::IAM::User"], "IAM user"),
        (&["aws_iam_group", "AWS::IAM::Group"], "IAM group"),
        (&["aws_iam_policy", "AWS::IAM::ManagedPolicy"], "managed policy"),
        (&["aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "AWS::IAM::Policy"], "inline policy"),
        (
            &[
                "aws_iam_role_policy_attachment",
                "aws_iam_user_policy_attachment",
                "aws_iam_group_policy_attachment",
                "aws_iam_policy_attachment",
            ],
            "policy attachment",
        ),
        (&["aws_iam_policy_document"], "policy document"),
        (&["aws_iam_access_key", "AWS::IAM::AccessKey"], "access key"),
        (&["aws_security_group", "AWS::EC2::SecurityGroup"], "security group"),
        (
            &["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "AWS::EC2::SecurityGroupIngress"],
            "ingress rule",
        ),
        (&["aws_vpc", "AWS::EC2::VPC"], "VPC"),
        (&["aws_vpc_endpoint", "AWS::EC2::VPCEndpoint"], "VPC endpoint"),
        (&["aws_sagemaker_domain", "AWS::SageMaker::Domain"], "SageMaker domain"),
        (&["aws_sagemaker_user_profile", "AWS::SageMaker::UserProfile"], "SageMaker user profile"),
        (&["aws_sagemaker_notebook_instance", "AWS::SageMaker::NotebookInstance"], "notebook instance"),
        (&["aws_sagemaker_model", "AWS::SageMaker::Model"], "SageMaker model"),
        (&["aws_sagemaker_endpoint_configuration", "AWS::SageMaker::EndpointConfig"], "endpoint configuration"),
        (&["aws_bedrockagent_agent", "AWS::Bedrock::Agent"], "Bedrock agent"),
        (&["aws_bedrockagent_knowledge_base", "AWS::Bedrock::KnowledgeBase"], "knowledge base"),
        (&["aws_bedrock_guardrail", "AWS::Bedrock::Guardrail"], "guardrail"),
        (&["aws_bedrock_custom_model"], "Bedrock custom model"),
        (&["aws_bedrock_model_invocation_logging_configuration"], "invocation logging configuration"),
        (&["aws_cloudtrail", "AWS::CloudTrail::Trail"], "trail"),
        (&["aws_guardduty_detector", "AWS::GuardDuty::Detector"], "GuardDuty detector"),
        (&["aws_securityhub_account", "AWS::SecurityHub::Hub"], "Security Hub account"),
        (&["aws_cloudwatch_log_group", "AWS::Logs::LogGroup"], "log group"),
        (&["aws_flow_log", "AWS::EC2::FlowLog"], "flow log"),
        (&["aws_ecr_repository", "AWS::ECR::Repository"], "ECR repository"),
        (
            &["aws_opensearchserverless_security_policy", "AWS::OpenSearchServerless::SecurityPolicy"],
            "OpenSearch Serverless policy",
        ),
        (&["aws_api_gateway_method", "AWS::ApiGateway::Method"], "API method"),
        (&["aws_apigatewayv2_route", "AWS::ApiGatewayV2::Route"], "API route"),
    ];
    NAMES.iter().find(|(types, _)| types.contains(&rtype)).map_or_else(|| format!("`{rtype}`"), |(_, n)| n.to_string())
}

fn plural_noun(noun: &str) -> String {
    if noun.starts_with('`') {
        return format!("{noun} resources");
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ if noun.ends_with("ss") || noun.ends_with("sh") => format!("{noun}es"),
        _ => format!("{noun}s"),
    }
}

fn finding_row(f: &Finding, excerpts: &mut Excerpts<'_>) -> FindingRow {
    let mut message = f.message.clone();
    if !f.instances.is_empty() {
        message += &format!(" (+{} instance{})", f.instances.len(), plural(f.instances.len()));
    }
    FindingRow {
        rule: f.rule.code.to_string(),
        name: f.rule.name.to_string(),
        severity: f.severity.as_str(),
        place: excerpts.place(f.primary, message.clone()),
        message,
        resource: f.resource.clone(),
    }
}

fn plain_place(sources: &SourceMap, span: Span, message: String) -> Place {
    let file = sources.get(span.file);
    Place { file: file.display_path(), line: file.line_col(span.start as usize).line, message, anchor: None }
}

fn protection_status(p: &Protection<'_>) -> &'static str {
    match p.customer_managed() {
        Some(true) => "private",
        Some(false) => "public",
        None => "unknown",
    }
}

fn estate_rows(input: &AuditInput<'_>, excerpts: &mut Excerpts<'_>) -> (Vec<AssetRow>, Vec<SharedRole>) {
    let estate: Vec<AiAsset<'_>> = input.model.ai_estate();
    // The resources running as each role, for the list of shared roles.
    let mut users_of: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for asset in &estate {
        for role in &asset.roles {
            users_of
                .entry(role.address.as_str())
                .or_default()
                .push(format!("{} `{}`", asset.kind, asset.resource.address));
        }
    }
    // Shared as IAM006 judges it: AI resources of more than one workload (development,
    // inference, agents, customization) run as the role, or its trust policy admits
    // more than one AI service. A domain, its user profiles and notebooks are one.
    let shared: Vec<SharedRole> = input
        .model
        .ai_roles()
        .iter()
        .filter(|role| {
            let mut workloads: Vec<&str> = role.users.iter().map(|u| u.workload.as_str()).collect();
            workloads.sort_unstable();
            workloads.dedup();
            let services = role.trusted_services.iter().filter_map(|s| s.as_str()).count();
            workloads.len() > 1 || services > 1
        })
        .map(|role| {
            let address = role.resource.address.clone();
            SharedRole {
                place: excerpts.place(role.resource.header, format!("role `{address}`")),
                users: users_of.get(address.as_str()).cloned().unwrap_or_default(),
                role: address,
            }
        })
        .collect();
    let rows = estate
        .iter()
        .map(|a| {
            let network_status = a.network.as_ref().map(|n| match n.private {
                Some(true) => "private",
                Some(false) => "public",
                None => "unknown",
            });
            AssetRow {
                kind: a.kind,
                address: a.resource.address.clone(),
                place: plain_place(input.sources, a.resource.header, a.resource.address.clone()),
                roles: a.roles.iter().map(|r| r.address.clone()).collect(),
                shared_role: a.roles.iter().any(|r| shared.iter().any(|s| s.role == r.address)),
                network: a.network.as_ref().map(|n| n.description.clone()),
                network_status,
                protection: a.protection.as_ref().map(Protection::describe),
                protection_status: a.protection.as_ref().map(protection_status),
                stores: a
                    .stores
                    .iter()
                    .map(|s| StoreRow {
                        bucket: s.bucket.address.clone(),
                        tier: s.tier.map_or("unclassified", |t| t.as_str()).to_string(),
                        protection: s.protection.describe(),
                        protection_status: protection_status(&s.protection),
                    })
                    .collect(),
            }
        })
        .collect();
    (rows, shared)
}

fn reach_rows(input: &AuditInput<'_>, excerpts: &mut Excerpts<'_>) -> (Vec<StoreReachRow>, usize) {
    use ringfence_model::views::reach::{Decrypt, Via};
    let stores = input.model.store_reach(MAX_PRINCIPALS_PER_STORE);
    let left_out = stores.len().saturating_sub(MAX_REACH_STORES);
    let rows = stores
        .into_iter()
        .take(MAX_REACH_STORES)
        .map(|store| {
            let tiers: Vec<&str> = store.tiers.iter().map(|t| t.as_str()).collect();
            let principals = store
                .access
                .iter()
                .map(|a| {
                    let decrypt = match a.decrypt {
                        Decrypt::NotNeeded => "not needed",
                        Decrypt::Can(can) => can.as_str(),
                    };
                    let condition = if a.conditional { " (under a condition)" } else { "" };
                    PrincipalRow {
                        principal: a.principal.clone(),
                        via: format!(
                            "{}{condition}",
                            match a.via {
                                Via::Identity => "identity policy",
                                Via::BucketPolicy => "bucket policy",
                            }
                        ),
                        read: a.read.as_str(),
                        write: a.write.as_str(),
                        decrypt,
                        evidence: a
                            .evidence
                            .iter()
                            .map(|(owner, value, what)| {
                                excerpts.place(value.span, format!("{what} `{}`", owner.address))
                            })
                            .collect(),
                    }
                })
                .collect();
            StoreReachRow {
                store: store.bucket.address.clone(),
                tiers: if tiers.is_empty() { "unclassified".to_string() } else { tiers.join(", ") },
                place: excerpts.place(store.bucket.header, store.bucket.address.clone()),
                protection: store.protection.describe(),
                principals,
                more_principals: store.more_principals,
                unknown: store
                    .unknown
                    .iter()
                    .take(MAX_EXAMINED_LISTED)
                    .map(|(owner, value)| {
                        excerpts.place(value.span, format!("resource pattern in `{}`", owner.address))
                    })
                    .collect(),
            }
        })
        .collect();
    (rows, left_out)
}

fn risk_rows(input: &AuditInput<'_>, excerpts: &mut Excerpts<'_>) -> Vec<RiskRow> {
    input
        .suppressed
        .iter()
        .filter_map(|f| {
            let s = f.suppression.as_ref()?;
            let until: Option<Date> = s.until.as_deref().and_then(|u| u.parse().ok());
            let days_left = until.and_then(|u| input.today.until(u).ok()).map(|span| span.get_days() as i64);
            Some(RiskRow {
                rule: f.rule.code.to_string(),
                severity: f.severity.as_str(),
                message: f.message.clone(),
                resource: f.resource.clone(),
                place: excerpts.place(f.primary, f.message.clone()),
                written_at: excerpts.place(s.span, "suppression".to_string()),
                reason: s.reason.clone(),
                until: s.until.clone(),
                days_left,
                expired: days_left.is_some_and(|d| d < 0),
            })
        })
        .collect()
}

/// The source excerpts the page links to, one per cited line.
struct Excerpts<'s> {
    sources: &'s SourceMap,
    by_line: HashMap<(ringfence_syntax::FileId, usize), String>,
    list: Vec<Excerpt>,
    left_out: usize,
}

impl<'s> Excerpts<'s> {
    fn new(sources: &'s SourceMap) -> Excerpts<'s> {
        Excerpts { sources, by_line: HashMap::new(), list: Vec::new(), left_out: 0 }
    }

    /// The place of `span`, with an anchor to its excerpt (made on first citation).
    fn place(&mut self, span: Span, message: String) -> Place {
        let file = self.sources.get(span.file);
        let line = file.line_col(span.start as usize).line;
        let key = (span.file, line);
        let anchor = match self.by_line.get(&key) {
            Some(anchor) => Some(anchor.clone()),
            None if self.list.len() < MAX_EXCERPTS => {
                let anchor = format!("src-{}", self.list.len() + 1);
                let first = line.saturating_sub(EXCERPT_CONTEXT).max(1);
                let lines = file
                    .text
                    .lines()
                    .enumerate()
                    .skip(first - 1)
                    .take(line - first + 1 + EXCERPT_CONTEXT)
                    .map(|(i, text)| {
                        let text = ringfence_syntax::secrets::redact(text);
                        let mut text: String = text.chars().take(MAX_EXCERPT_LINE).collect();
                        if text.chars().count() == MAX_EXCERPT_LINE {
                            text.push('…');
                        }
                        ExcerptLine { number: i + 1, text, marked: i + 1 == line }
                    })
                    .collect();
                self.list.push(Excerpt { anchor: anchor.clone(), file: file.display_path(), lines });
                self.by_line.insert(key, anchor.clone());
                Some(anchor)
            }
            None => {
                self.left_out += 1;
                None
            }
        };
        Place { file: file.display_path(), line, message, anchor }
    }

    fn done(self) -> Vec<Excerpt> {
        self.list
    }
}

/// The audit's output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditFormat {
    Html,
    Markdown,
}

const HTML_TEMPLATE: &str = include_str!("../templates/audit.html.j2");
const MARKDOWN_TEMPLATE: &str = include_str!("../templates/audit.md.j2");

/// Renders the audit. The templates are part of the binary; an error here is a bug
/// in them, said as such.
pub fn render(audit: &Audit, format: AuditFormat) -> Result<String, String> {
    let mut env = minijinja::Environment::new();
    // HTML escapes every value; Markdown escapes through the `md` filter.
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html.j2") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.add_filter("md", markdown_escape);
    env.add_filter("code", |text: String| minijinja::Value::from_safe_string(html_with_code(&text)));
    env.add_filter("severity_rank", |s: String| match s.as_str() {
        "critical" => 0,
        "high" => 1,
        "medium" => 2,
        _ => 3,
    });
    let (name, source) = match format {
        AuditFormat::Html => ("audit.html.j2", HTML_TEMPLATE),
        AuditFormat::Markdown => ("audit.md.j2", MARKDOWN_TEMPLATE),
    };
    env.add_template(name, source).map_err(|e| format!("internal error in the report template: {e}"))?;
    let template = env.get_template(name).map_err(|e| format!("internal error in the report template: {e}"))?;
    template
        .render(minijinja::context! { audit => minijinja::Value::from(minijinja::value::Serde(audit)) })
        .map_err(|e| format!("internal error rendering the report: {e}"))
}

/// A message as HTML: escaped, its balanced backtick spans as `<code>`.
fn html_with_code(text: &str) -> String {
    let balanced = text.matches('`').count() % 2 == 0;
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' if balanced => {
                out.push_str(if in_code { "</code>" } else { "<code>" });
                in_code = !in_code;
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text that Markdown prints as written, in table cells too. Messages mark code with
/// backticks: a balanced code span is kept (only `|` is escaped in it, as GFM tables
/// ask, and backslashes are not escapes there); everything else is escaped.
fn markdown_escape(text: String) -> String {
    let balanced = text.matches('`').count() % 2 == 0;
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' if balanced => {
                in_code = !in_code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            _ if in_code => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_sort_as_people_number_them() {
        let mut controls = vec!["3.10", "3.9", "164.312(b)", "164.312(a)(2)(iv)", "3.1"];
        controls.sort_by_key(|c| ringfence_rules::Control::sort_key(c));
        assert_eq!(controls, ["3.1", "3.9", "3.10", "164.312(a)(2)(iv)", "164.312(b)"]);
    }

    #[test]
    fn nouns_are_counted_in_plain_words() {
        assert_eq!(plural_noun("SageMaker domain"), "SageMaker domains");
        assert_eq!(plural_noun("managed policy"), "managed policies");
        assert_eq!(plural_noun("GuardDuty detector"), "GuardDuty detectors");
        assert_eq!(plural_noun("`aws_foo`"), "`aws_foo` resources");
    }

    #[test]
    fn messages_show_code_as_code_and_nothing_else_as_markup() {
        assert_eq!(html_with_code("sets `a<b>` & \"c\""), "sets <code>a&lt;b&gt;</code> &amp; &quot;c&quot;");
        assert_eq!(html_with_code("odd ` <i>"), "odd ` &lt;i&gt;");
    }

    #[test]
    fn markdown_cells_keep_their_text() {
        assert_eq!(markdown_escape("a|b `c_d|e` <d>\n".into()), "a\\|b `c_d\\|e` \\<d\\> ");
        // An unbalanced backtick cannot open a code span that swallows the row.
        assert_eq!(markdown_escape("a `b_c".into()), "a \\`b\\_c");
    }
}
