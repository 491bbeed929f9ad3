use clap::{Parser, Subcommand, ValueEnum};
use ringfence::baseline;
use ringfence::config::{find_config, load_config_with, Config, FailOn, CONFIG_NAMES, STARTER};
use ringfence::{Scan, ScanOptions};
use ringfence_report::{render_statistics, Format, Hidden, Report};
use ringfence_rules::{Registry, RuleSet, Severity};
use ringfence_syntax::Level;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// ringfence: a static security linter for Terraform and CloudFormation that
/// guards AI workloads on AWS (SageMaker, Bedrock, their data, keys and logs).
#[derive(Parser)]
#[command(name = "ringfence", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check Terraform and CloudFormation files.
    ///
    /// Exit status: 0 nothing at or above --fail-on, 1 findings at or above it, 2 a
    /// file could not be read or parsed (findings from the other files are still
    /// reported), or the command line or configuration is wrong.
    // A flag given twice takes its last value, so wrappers can append the user's flags.
    #[command(args_override_self = true)]
    Check(Box<CheckArgs>),
    /// The AI security audit as one page: verdicts per step and framework, the
    /// checklist with its evidence, the AI estate, who can reach the data, accepted
    /// risks (docs/report.md).
    ///
    /// Every rule runs, off-by-default ones too, unless --select says otherwise.
    /// Exit status as `check`: 0, 1 findings at or above --fail-on, 2 an input could
    /// not be read or the command line is wrong.
    #[command(args_override_self = true)]
    Report(Box<ReportArgs>),
    /// List every rule: code, name, severity, on or off by default, frameworks.
    ///
    /// Rules off by default run only when selected: `check --select LOG004`.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        #[command(flatten)]
        known: KnownRules,
    },
    /// Show a rule's documentation, by code (KMS001) or name (key-rotation-disabled).
    Rule {
        code: String,
        #[command(flatten)]
        known: KnownRules,
    },
    /// Custom policies (docs/policies.md).
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Run the language server (LSP over standard input and output) for editors:
    /// diagnostics as you type, rule pages on hover, suppressions as code actions.
    Server,
    /// Write a commented starting configuration (ringfence.toml) in a directory.
    Init {
        /// Where to write it.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace an existing ringfence.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Run each policy of DIR against its fixtures (DIR/CODE/*.tf, *.yaml, ...: trailing
    /// `# expect: CODE` comments mark the lines it must report). Exit status: 0 every
    /// case passes, 1 a finding was missed or extra, 2 a policy file is malformed.
    Test {
        /// The directory of policy files, with a fixture folder per policy code.
        dir: PathBuf,
    },
}

/// The rules `rules` and `rule` know besides the built-in ones.
#[derive(clap::Args)]
struct KnownRules {
    /// Policy files or directories of them (repeatable), as `check --policies`.
    #[arg(long = "policies", value_name = "DIR_OR_FILE")]
    policies: Vec<PathBuf>,
    /// The configuration whose `policies` to read (default: ringfence.toml or
    /// .ringfence.toml in the working directory or an ancestor).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    no_config: bool,
}

/// What to scan and how: the inputs, configuration, rules and baseline `check` and
/// `report` share.
#[derive(clap::Args)]
struct ScanArgs {
    /// Files or directories to check (directories are walked, respecting .gitignore).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Run only these rules: codes, names or families (IAM, NET, KMS, LOG, DATA, RF).
    /// Rules that are off by default run only when selected. Replaces `select` of the
    /// configuration.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules: codes, names or families (added to `ignore` of the configuration).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Custom policy files, or directories of them (repeatable; added to `policies` of
    /// the configuration). See docs/policies.md.
    #[arg(long = "policies", value_name = "DIR_OR_FILE")]
    policies: Vec<PathBuf>,
    /// Keep only rules that give evidence for these frameworks: cis, hipaa, soc2,
    /// gdpr, pci (see `ringfence rules`).
    #[arg(long, value_delimiter = ',', value_name = "FRAMEWORK")]
    compliance: Vec<String>,
    /// Fail (exit 1) only for findings of this severity or above [default: low].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_fail_on)]
    fail_on: Option<FailOn>,
    /// Exit 0 whatever the findings (unreadable files still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// The configuration file (default: ringfence.toml or .ringfence.toml in the first
    /// path's directory or an ancestor).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    no_config: bool,
    /// Report only findings this baseline does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Terraform variables file applied to every root module (repeatable; after
    /// terraform.tfvars and *.auto.tfvars, in the order given).
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<PathBuf>,
    /// A Terraform variable for every root module, NAME=VALUE (repeatable; applied
    /// last). Lists and objects use HCL syntax: --var 'cidrs=["10.0.0.0/8"]'.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,
    /// CloudFormation parameter file applied to every template (repeatable): the
    /// CLI's `[{"ParameterKey": …, "ParameterValue": …}]` or `{"Parameters": {…}}`.
    #[arg(long = "cfn-parameters", value_name = "FILE")]
    cfn_parameter_files: Vec<PathBuf>,
    /// A CloudFormation parameter for every template, NAME=VALUE (repeatable; applied last).
    #[arg(long = "cfn-param", value_name = "NAME=VALUE", value_parser = parse_var)]
    cfn_params: Vec<(String, String)>,
    /// The region templates deploy to (`AWS::Region`; unknown otherwise).
    #[arg(long)]
    region: Option<String>,
    /// The account templates deploy to (`AWS::AccountId`; unknown otherwise).
    #[arg(long = "account-id")]
    account_id: Option<String>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// The directory that paths written in the inputs (`file()`, module sources,
    /// `TemplateURL`s, symbolic links, the configuration's files) may reach, and the only
    /// one `--fix` writes in [default: the git work tree's top, else the current
    /// directory]. Each path named on the command line widens it by its own git work
    /// tree's top, else itself. Only the command line sets it.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ReportArgs {
    #[command(flatten)]
    scan: ScanArgs,
    /// html: one self-contained page (prints on A4); markdown: a pull-request comment
    /// or $GITHUB_STEP_SUMMARY.
    #[arg(long, short, value_enum, default_value_t = AuditFormatArg::Html)]
    format: AuditFormatArg,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// The page's title (default: the name of the directory checked).
    #[arg(long)]
    title: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum AuditFormatArg {
    Html,
    Markdown,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    scan: ScanArgs,
    /// Output format (repeatable). Each --output takes the --format at the same
    /// position; a format without an output goes to standard output, and when every
    /// format goes to a file the human report still goes to standard output.
    #[arg(long, short, value_enum)]
    format: Vec<OutputFormat>,
    /// Write a report to this file (repeatable; see --format). Without a matching
    /// --format, the format follows the extension: .sarif, .xml (JUnit), .json, .txt.
    #[arg(long, short)]
    output: Vec<PathBuf>,
    /// Only the summary line on standard output instead of the human report; nothing
    /// when every report goes to a file.
    #[arg(long, short)]
    quiet: bool,
    /// Show only findings of this severity or above (every report); --fail-on still
    /// decides the exit code from every finding, shown or not.
    #[arg(long, alias = "min-severity", value_name = "SEVERITY", value_parser = parse_min_severity)]
    severity: Option<Severity>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Record today's findings in this baseline file, then exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Report only findings brought by lines changed since this git revision
    /// (the working tree against REV, plus untracked files).
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// When to colour human output (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Apply the safe fixes (rules whose page says "Fix:"), then report what remains.
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    fix: bool,
    /// Print the safe fixes as a unified diff without writing anything (exit 1 when
    /// there is something to fix).
    #[arg(long, conflicts_with = "write_baseline")]
    diff: bool,
    /// Check standard input as this file (give `-` as the path): an editor's unsaved
    /// buffer, with the rest of its module read from disk.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Human,
    Concise,
    Json,
    Sarif,
    /// JUnit XML: a test suite per file, a test case per rule.
    Junit,
    /// GitHub Actions workflow commands (annotations on the diff).
    Github,
    /// The human report's summary line alone: what `-q` prints.
    #[value(skip)]
    Summary,
}

impl OutputFormat {
    fn report_format(self) -> Format {
        match self {
            OutputFormat::Human => Format::Human,
            OutputFormat::Concise => Format::Concise,
            OutputFormat::Json => Format::Json,
            OutputFormat::Sarif => Format::Sarif,
            OutputFormat::Junit => Format::Junit,
            OutputFormat::Github => Format::Github,
            OutputFormat::Summary => Format::Summary,
        }
    }

    fn name(self) -> &'static str {
        match self {
            OutputFormat::Human => "human",
            OutputFormat::Concise => "concise",
            OutputFormat::Json => "json",
            OutputFormat::Sarif => "sarif",
            OutputFormat::Junit => "junit",
            OutputFormat::Github => "github",
            OutputFormat::Summary => "summary",
        }
    }

    /// The format a report file's extension implies.
    fn from_extension(path: &std::path::Path) -> Option<OutputFormat> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".sarif") || name.ends_with(".sarif.json") {
            Some(OutputFormat::Sarif)
        } else if name.ends_with(".xml") {
            Some(OutputFormat::Junit)
        } else if name.ends_with(".json") {
            Some(OutputFormat::Json)
        } else if name.ends_with(".txt") || name.ends_with(".log") {
            Some(OutputFormat::Concise)
        } else {
            None
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
    /// The rule reference of docs/rules.md.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Parsing allocates many small nodes from every thread; mimalloc measured 25% faster
/// than the system allocator on the bench tree (see docs/architecture.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(*args),
        Command::Report(args) => run_report(*args).unwrap_or_else(fail),
        Command::Rules { format, known } => match known_rules(&known) {
            Ok(registry) => {
                print!("{}", list_rules(format, &registry));
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        Command::Rule { code, known } => match known_rules(&known) {
            Ok(registry) => match registry.find(&code) {
                Some(rule) => {
                    print!("{}", rule.doc());
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!("error: no rule `{code}` (see `ringfence rules`)");
                    ExitCode::from(EXIT_ERROR)
                }
            },
            Err(e) => fail(e),
        },
        Command::Policy(PolicyCommand::Test { dir }) => {
            if start_workers(None).is_err() {
                return fail("cannot start worker threads");
            }
            match ringfence::policies::test(&dir) {
                Ok(run) => {
                    print!("{}", run.report);
                    if run.failed {
                        ExitCode::from(EXIT_FINDINGS)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => fail(e),
            }
        }
        Command::Init { dir, force } => init(&dir, force),
        // The checks' parallel stages get the same roomy stacks as `check`'s.
        Command::Server => match start_workers(None).and_then(|()| ringfence::server::run()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(format!("language server: {e}")),
        },
    }
}

fn init(dir: &std::path::Path, force: bool) -> ExitCode {
    let path = dir.join(CONFIG_NAMES[0]);
    if !force {
        // Either name would be found; a second file would silently take precedence.
        if let Some(existing) = CONFIG_NAMES.iter().map(|n| dir.join(n)).find(|p| p.exists()) {
            if existing == path {
                eprintln!("error: {} exists (--force replaces it)", path.display());
            } else {
                eprintln!(
                    "error: {} exists (--force writes {} beside it, which is then found first)",
                    existing.display(),
                    path.display()
                );
            }
            return ExitCode::from(EXIT_ERROR);
        }
    }
    match std::fs::write(&path, STARTER) {
        Ok(()) => {
            println!("Wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_ERROR)
}

/// `first`, `second`, ... as a sentence says it.
fn ordinal(n: usize) -> String {
    const WORDS: [&str; 10] =
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    WORDS.get(n.wrapping_sub(1)).map_or_else(|| format!("{n}th"), |w| w.to_string())
}

/// Where each report goes: (format, file or standard output).
fn destinations(args: &CheckArgs) -> Result<Vec<(OutputFormat, Option<PathBuf>)>, String> {
    let mut out = Vec::new();
    for (i, path) in args.output.iter().enumerate() {
        let format = match args.format.get(i) {
            Some(f) => {
                // Outputs pair with formats in order: catch a pairing the file name contradicts.
                if let Some(implied) = OutputFormat::from_extension(path).filter(|x| x != f) {
                    let nth = ordinal(i + 1);
                    return Err(format!(
                        "the {nth} --format ({}) goes to the {nth} --output ({}), whose extension says {}: \
                         give each --format right before its --output",
                        f.name(),
                        path.display(),
                        implied.name()
                    ));
                }
                *f
            }
            None => OutputFormat::from_extension(path).ok_or_else(|| {
                format!("--output {}: give its --format (the extension does not tell)", path.display())
            })?,
        };
        out.push((format, Some(path.clone())));
    }
    let to_stdout: Vec<OutputFormat> = args.format.iter().skip(args.output.len()).copied().collect();
    if to_stdout.len() > 1 {
        return Err("only one --format can go to standard output: give the others an --output".to_string());
    }
    match to_stdout.first() {
        Some(f) => out.push((*f, None)),
        None if !args.quiet => out.push((OutputFormat::Human, None)),
        // `-q`: the summary line says the run happened, unless reports went to files.
        None if args.output.is_empty() => out.push((OutputFormat::Summary, None)),
        None => {}
    }
    Ok(out)
}

/// `ringfence check`: inputs → scan → fixes → baseline → reports → exit code.
fn check(args: CheckArgs) -> ExitCode {
    run_check(args).unwrap_or_else(fail)
}

fn run_check(mut args: CheckArgs) -> Result<ExitCode, String> {
    ringfence_syntax::timings::begin();
    start_workers(args.scan.threads)?;
    let inputs = inputs(&mut args)?;
    ringfence_syntax::timings::mark("configuration and rules ready");
    let mut scan = scan_leaking_model(&inputs.options, &inputs.rules);
    let mut fix_failed = false;
    if args.diff || args.fix {
        match fix(&args, &inputs.options, &scan)? {
            Fixed::Diffed(code) => return Ok(code),
            Fixed::Applied { written, failed } => {
                if written {
                    scan = scan_leaking_model(&inputs.options, &inputs.rules);
                }
                fix_failed = failed;
            }
        }
    }
    if let Some(path) = &args.write_baseline {
        return write_baseline(&scan, path);
    }
    let (mut hidden, _) = apply_baseline(&args.scan, &inputs.config, &mut scan)?;
    // `--severity` is a view: the exit code is decided from every finding.
    let shown: Vec<ringfence_rules::Finding> = match args.severity {
        Some(threshold) => {
            let shown: Vec<_> = scan.findings.iter().filter(|f| f.severity >= threshold).cloned().collect();
            hidden.below_severity = Some((threshold, scan.findings.len() - shown.len()));
            shown
        }
        None => Vec::new(),
    };
    let findings = if args.severity.is_some() { &shown } else { &scan.findings };
    // Relative to the root (the git work tree's top by default), not to where ringfence ran.
    let top = inputs.options.load.root().dir().to_path_buf();
    let fingerprint = |f: &ringfence_rules::Finding| baseline::fingerprint(&scan.sources, f, &top);
    let report = Report {
        sources: &scan.sources,
        findings,
        suppressed: &scan.suppressed,
        diagnostics: &scan.diagnostics,
        rules: &inputs.rules.rules,
        checked: &scan.checked,
        hidden,
        inputs: ringfence::accounted(&scan.inventory),
        docs_url: inputs.config.docs_url.as_deref(),
        fingerprint: Some(&fingerprint),
    };
    render(&args, &inputs.destinations, &report)?;
    ringfence_syntax::timings::mark("reports written");
    let code = if fix_failed { ExitCode::from(EXIT_ERROR) } else { exit_code(&args.scan, &inputs.config, &scan) };
    // The process ends here: the OS takes the memory back at once, where dropping
    // walks every finding and source first.
    std::mem::forget(scan);
    std::mem::forget(shown);
    Ok(code)
}

/// [`ringfence::scan_with`] for a process about to exit: the model is not dropped
/// (the language server, which lives on, frees its models).
fn scan_leaking_model(options: &ScanOptions, rules: &RuleSet) -> Scan {
    let (scan, model) = ringfence::scan_keeping_model(options, rules);
    std::mem::forget(model);
    scan
}

/// `ringfence report`: inputs → scan (every rule) → baseline → the audit page → exit code.
fn run_report(args: ReportArgs) -> Result<ExitCode, String> {
    use ringfence_report::audit;
    start_workers(args.scan.threads)?;
    let (config, rules, options) = scan_inputs(&args.scan, true)?;
    let (mut scan, model) = ringfence::scan_keeping_model(&options, &rules);
    // The findings the baseline takes out are accepted risks on the page, not passes.
    let (_, baselined) = apply_baseline(&args.scan, &config, &mut scan)?;
    let title = args.title.clone().unwrap_or_else(|| {
        let dir = options.load.root().dir().join(first_path(&args.scan));
        let dir = dir.canonicalize().unwrap_or(dir);
        dir.file_name().map_or_else(|| "configuration".to_string(), |n| n.to_string_lossy().into_owned())
    });
    let input = audit::AuditInput {
        title,
        sources: &scan.sources,
        model: &model,
        findings: &scan.findings,
        suppressed: &scan.suppressed,
        diagnostics: &scan.diagnostics,
        examined: &scan.examined,
        ran: &rules.rules,
        known: config.registry.rules(),
        files: scan.checked.len(),
        baselined: &baselined,
        today: options.today.unwrap_or_else(ringfence_rules::today),
    };
    let format = match args.format {
        AuditFormatArg::Html => audit::AuditFormat::Html,
        AuditFormatArg::Markdown => audit::AuditFormat::Markdown,
    };
    let page = audit::render(&audit::build(&input), format)?;
    write_output(args.output.as_deref(), &page)?;
    // Inputs that could not be read are said on standard error too: the page may be
    // going to a file no one opens.
    for d in scan.diagnostics.iter().filter(|d| d.level == Level::Error) {
        let file = scan.sources.get(d.file);
        let at = d.span.map_or(1, |s| file.line_col(s.start as usize).line);
        eprintln!("error: {}:{at}: {}", file.display_path(), d.message);
    }
    let code = exit_code(&args.scan, &config, &scan);
    // As in `check`: the OS frees the scan and the model faster than their destructors.
    std::mem::forget(scan);
    std::mem::forget(model);
    Ok(code)
}

/// Parsers recurse; bounded depth plus roomy stacks keep hostile files harmless.
fn start_workers(threads: Option<usize>) -> Result<(), String> {
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(64 << 20);
    if let Some(n) = threads {
        pool = pool.num_threads(n);
    }
    pool.build_global().map_err(|e| format!("cannot start worker threads: {e}"))
}

/// What a check runs with, from the command line and the configuration.
struct Inputs {
    config: Config,
    destinations: Vec<(OutputFormat, Option<PathBuf>)>,
    rules: RuleSet,
    options: ScanOptions,
}

fn inputs(args: &mut CheckArgs) -> Result<Inputs, String> {
    let unsaved = read_stdin(args)?;
    let destinations = destinations(args)?;
    let changed = match &args.changed_since {
        Some(rev) => Some(ringfence::diff::changed_since(first_path(&args.scan), rev)?),
        None => None,
    };
    let (config, rules, mut options) = scan_inputs(&args.scan, false)?;
    // Standard input was read (as the one unsaved buffer) when `-` was among the paths.
    options.load.stdin = args.stdin_filename.clone().filter(|_| !unsaved.is_empty());
    options.load.unsaved = unsaved;
    options.changed = changed;
    Ok(Inputs { config, destinations, rules, options })
}

/// The configuration, the rules and the scan's options from the arguments `check`
/// and `report` share. `every_rule`: rules off by default run too, unless a
/// selection is given (the audit judges every control it can).
fn scan_inputs(args: &ScanArgs, every_rule: bool) -> Result<(Config, RuleSet, ScanOptions), String> {
    let config = configuration(args)?;
    let rules = selected_rules(args, &config, every_rule)?;
    let mut options = config.options(args.paths.clone());
    let load = &mut options.load;
    load.var_files.extend(args.var_files.iter().cloned());
    load.vars = args.vars.clone();
    load.cfn_parameter_files.extend(args.cfn_parameter_files.iter().cloned());
    load.cfn_params = args.cfn_params.clone();
    load.region = args.region.clone().or(load.region.take());
    load.account_id = args.account_id.clone().or(load.account_id.take());
    load.whole_modules = true;
    if let Some(dir) = &args.root {
        let root = ringfence_syntax::confine::Root::at(dir).map_err(|e| format!("--root {}: {e}", dir.display()))?;
        load.root = Some(root);
    }
    // The configuration's own paths, before anything reads them.
    config.confine(&load.root()).map_err(|e| e.to_string())?;
    Ok((config, rules, options))
}

fn first_path(args: &ScanArgs) -> &Path {
    args.paths.first().map_or(Path::new("."), |p| p.as_path())
}

/// With `-` among the paths, standard input is read as the `--stdin-filename` file,
/// and the path becomes that name.
fn read_stdin(args: &mut CheckArgs) -> Result<HashMap<PathBuf, String>, String> {
    let mut unsaved = HashMap::new();
    if args.scan.paths.iter().any(|p| p.as_os_str() == "-") {
        let Some(name) = args.stdin_filename.clone() else {
            return Err("`-` reads standard input: give --stdin-filename PATH to say which file it is".to_string());
        };
        let mut text = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut text) {
            return Err(format!("cannot read standard input: {e}"));
        }
        unsaved.insert(name.clone(), text);
        for p in args.scan.paths.iter_mut().filter(|p| p.as_os_str() == "-") {
            *p = name.clone();
        }
    } else if args.stdin_filename.is_some() {
        return Err("--stdin-filename names standard input: give `-` as the path to check".to_string());
    }
    Ok(unsaved)
}

/// `--config`, else the configuration found from the first path, else none; with the
/// policies of `--policies` (read first: its rule names may name them).
fn configuration(args: &ScanArgs) -> Result<Config, String> {
    let found = match &args.config {
        _ if args.no_config => None,
        Some(path) => Some(path.clone()),
        None => find_config(first_path(args)),
    };
    let Some(path) = found else {
        let mut config = Config::default();
        config.registry =
            ringfence::policies::with_policies(Registry::builtin(), &args.policies).map_err(|e| e.to_string())?;
        return Ok(config);
    };
    let root = match &args.root {
        Some(dir) => ringfence_syntax::confine::Root::at(dir).map_err(|e| format!("--root {}: {e}", dir.display()))?,
        None => ringfence_syntax::confine::Root::current()
            .unwrap_or_else(|_| ringfence_syntax::confine::Root::unreachable()),
    };
    load_config_with(&path, &args.policies, &root.widened(&args.paths)).map_err(|e| e.to_string())
}

/// The rules `ringfence rules` and `ringfence rule` know: the built-in ones, the
/// configuration's policies and `--policies`.
fn known_rules(known: &KnownRules) -> Result<Registry, String> {
    let found = match &known.config {
        _ if known.no_config => None,
        Some(path) => Some(path.clone()),
        None => find_config(Path::new(".")),
    };
    match found {
        Some(path) => {
            let root = ringfence_syntax::confine::Root::current()
                .unwrap_or_else(|_| ringfence_syntax::confine::Root::unreachable());
            Ok(load_config_with(&path, &known.policies, &root).map_err(|e| e.to_string())?.registry)
        }
        None => ringfence::policies::with_policies(Registry::builtin(), &known.policies).map_err(|e| e.to_string()),
    }
}

/// The configuration's selection, replaced or extended by the command line's.
fn selected_rules(args: &ScanArgs, config: &Config, every_rule: bool) -> Result<RuleSet, String> {
    let mut selection = config.selection();
    if every_rule && selection.select.is_empty() {
        // By code: `ALL` leaves out the rules off by default.
        selection.select = config.registry.rules().iter().map(|r| r.code.to_string()).collect();
    }
    if !args.select.is_empty() {
        selection.select = args.select.clone();
    }
    selection.ignore.extend(args.ignore.iter().cloned());
    if !args.compliance.is_empty() {
        selection.compliance = args.compliance.clone();
    }
    selection.resolve(&config.registry).map_err(|e| format!("{e} (see `ringfence rules`)"))
}

/// What `--fix` or `--diff` did.
enum Fixed {
    /// `--diff` printed the fixes; the check ends with this code.
    Diffed(ExitCode),
    /// `--fix` tried every file: those `written` are scanned again; a file that
    /// `failed` (said on standard error) makes the check end with exit 2.
    Applied { written: bool, failed: bool },
}

fn fix(args: &CheckArgs, options: &ScanOptions, scan: &Scan) -> Result<Fixed, String> {
    if !options.load.unsaved.is_empty() {
        return Err("--fix and --diff work on files, not on standard input".to_string());
    }
    let fixed = ringfence::fix::fixed_texts(&scan.sources, &scan.findings);
    report_unfixable(scan, &fixed.unapplied);
    if args.diff {
        let diff = ringfence::fix::diff(&fixed);
        print!("{diff}");
        let code = if fixed.files.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FINDINGS) };
        return Ok(Fixed::Diffed(code));
    }
    let root = options.load.root();
    let written = ringfence::writing::write_fixed(
        &root,
        fixed.files.iter().map(|(path, old, new, _)| (path.as_path(), old.as_str(), new.as_str())),
    );
    let count: usize = fixed.files.iter().filter(|(p, ..)| written.changed.contains(p)).map(|(.., n)| n).sum();
    let files = written.changed.len();
    eprintln!("Fixed {count} finding{} in {files} file{}", plural(count), plural(files));
    let failed = !written.unchanged.is_empty();
    if failed {
        eprintln!(
            "error: --fix could not write every file; each is either fixed or as it was:\n{}",
            written.describe()
        );
    }
    Ok(Fixed::Applied { written: files > 0, failed })
}

/// A file could not be read or parsed.
fn read_errors(scan: &Scan) -> bool {
    scan.diagnostics.iter().any(|d| d.level == Level::Error)
}

/// `--write-baseline`: records the findings and ends the check.
fn write_baseline(scan: &Scan, path: &Path) -> Result<ExitCode, String> {
    let recorded = baseline::record(&scan.sources, &scan.findings, path);
    baseline::write(&recorded, path)?;
    eprintln!(
        "Wrote {} finding{} to the baseline {}",
        recorded.findings.len(),
        plural(recorded.findings.len()),
        path.display()
    );
    for d in scan.diagnostics.iter().filter(|d| d.level == Level::Error) {
        let file = scan.sources.get(d.file);
        eprintln!("error: {}: {} (its findings are not in the baseline)", file.display_path(), d.message);
    }
    Ok(if read_errors(scan) { ExitCode::from(EXIT_ERROR) } else { ExitCode::SUCCESS })
}

/// Leaves out the findings the baseline (`--baseline` or the configuration's) accepts:
/// says how many were hidden, and returns them.
fn apply_baseline(
    args: &ScanArgs,
    config: &Config,
    scan: &mut Scan,
) -> Result<(Hidden, Vec<ringfence_rules::Finding>), String> {
    let mut hidden = Hidden { unchanged: scan.unchanged, ..Hidden::default() };
    let mut baselined = Vec::new();
    if let Some(path) = args.baseline.as_ref().or(config.baseline.as_ref()) {
        let accepted = baseline::read(path)?;
        baselined = baseline::filter(&scan.sources, &mut scan.findings, &accepted, path);
        hidden.baseline = baselined.len();
    }
    Ok((hidden, baselined))
}

/// Writes a report to its file, or to standard output when none is given.
fn write_output(file: Option<&Path>, text: &str) -> Result<(), String> {
    match file {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => match std::io::stdout().lock().write_all(text.as_bytes()) {
            // A reader that stopped early (`| head`) is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(|e| e.to_string()),
        },
    }
}

/// Writes each report to its file or to standard output.
fn render(args: &CheckArgs, destinations: &[(OutputFormat, Option<PathBuf>)], report: &Report) -> Result<(), String> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    for (format, file) in destinations {
        match file {
            Some(path) => write_output(Some(path), &format.report_format().render(report, false))?,
            None => {
                let color = match args.color {
                    ColorChoice::Always => true,
                    ColorChoice::Never => false,
                    ColorChoice::Auto => std::io::stdout().is_terminal() && !no_color,
                };
                let rendered = if args.statistics {
                    render_statistics(report)
                } else {
                    format.report_format().render(report, color)
                };
                write_output(None, &rendered)?;
            }
        }
    }
    Ok(())
}

/// 2 when a file could not be read, 1 for findings at or above `--fail-on`, else 0.
fn exit_code(args: &ScanArgs, config: &Config, scan: &Scan) -> ExitCode {
    let fail_on = if args.exit_zero {
        FailOn::Never
    } else {
        args.fail_on.or(config.fail_on).unwrap_or(FailOn::At(Severity::Low))
    };
    let failing = match fail_on {
        FailOn::Never => false,
        FailOn::At(threshold) => scan.findings.iter().any(|f| f.severity >= threshold),
    };
    if read_errors(scan) {
        ExitCode::from(EXIT_ERROR)
    } else if failing {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Says which findings a fix exists for but could not be applied, where and why, then
/// how many.
fn report_unfixable(scan: &Scan, unapplied: &[usize]) {
    let mut count = 0;
    let place = |span: ringfence_syntax::Span| {
        let file = scan.sources.get(span.file);
        let at = file.line_col(span.start as usize);
        format!("{}:{}:{}", file.display_path(), at.line, at.column)
    };
    for (i, f) in scan.findings.iter().enumerate() {
        let why = match (&f.fix, f.unfixable) {
            (None, Some(why)) => match f.unfixable_at {
                Some(set) => format!("{why}: change it where it is set, {}", place(set)),
                None => why.to_string(),
            },
            (Some(_), _) if unapplied.binary_search(&i).is_ok() => concat!(
                "the fix has no place here (it overlaps another, or the text is laid out unusually): ",
                "fix it by hand or run --fix again"
            )
            .to_string(),
            _ => continue,
        };
        let file = scan.sources.get(f.primary.file);
        let at = file.line_col(f.primary.start as usize);
        eprintln!("not fixed: {}:{}:{}: {} {}", file.display_path(), at.line, at.column, f.rule.code, why);
        count += 1;
    }
    if count > 0 {
        eprintln!("{count} finding{} with a fix not fixed (see above)", plural(count));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn parse_min_severity(s: &str) -> Result<Severity, String> {
    ringfence::config::parse_severity(s).ok_or_else(|| format!("`{s}` is not one of critical, high, medium, low"))
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    FailOn::parse(s).ok_or_else(|| format!("`{s}` is not one of critical, high, medium, low, never"))
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    let (name, value) = s.split_once('=').ok_or_else(|| format!("`{s}` is not NAME=VALUE"))?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':')) {
        return Err(format!("`{name}` is not a variable name"));
    }
    Ok((name.to_string(), value.to_string()))
}

/// How wide `ringfence rules` may print: summaries are cut to fit (whole in `--format json`).
const RULES_TABLE_WIDTH: usize = 100;

/// `ringfence rules`: one aligned row per rule, within [`RULES_TABLE_WIDTH`] columns.
fn rules_table(registry: &Registry) -> String {
    let rows: Vec<[String; 6]> = registry
        .rules()
        .iter()
        .map(|m| {
            let frameworks: Vec<&str> = m.frameworks().iter().map(|f| f.id()).collect();
            let state = if m.default_enabled { "on" } else { "off" };
            [
                m.code.to_string(),
                m.name.to_string(),
                m.severity.to_string(),
                state.into(),
                frameworks.join(","),
                m.summary(),
            ]
        })
        .collect();
    let header = ["CODE", "NAME", "SEVERITY", "DEFAULT", "FRAMEWORKS", "SUMMARY"].map(String::from);
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let summary_width = RULES_TABLE_WIDTH.saturating_sub(widths.iter().map(|w| w + 1).sum::<usize>()).max(10);
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (width, cell) in widths.iter().zip(row) {
            line += &format!("{cell:<width$} ");
        }
        line += &cut(&row[5], summary_width);
        out += line.trim_end();
        out.push('\n');
    }
    out += "\nRules off by default run only when selected: ringfence check --select CODE\n";
    out += "Whole summaries and the controls each rule maps to: ringfence rules --format json\n";
    out
}

/// `text` in at most `width` characters, cut with `…`.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    text.chars().take(width.saturating_sub(1)).collect::<String>() + "…"
}

fn list_rules(format: ListFormat, registry: &Registry) -> String {
    match format {
        ListFormat::Text => rules_table(registry),
        ListFormat::Json => {
            let rules: Vec<serde_json::Value> = registry
                .rules()
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "code": m.code,
                        "name": m.name,
                        "severity": m.severity.as_str(),
                        "default_enabled": m.default_enabled,
                        "summary": m.summary(),
                        "frameworks": m.frameworks().iter().map(|f| f.id()).collect::<Vec<_>>(),
                        "compliance": m.controls().iter().map(|c| serde_json::json!({
                            "framework": c.framework.id(),
                            "control": c.control,
                            "evidence": c.evidence,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n"
        }
        ListFormat::Markdown => ringfence::docs::rules_reference(),
    }
}
