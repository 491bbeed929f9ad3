//! `ringfence.toml` / `.ringfence.toml`: found upward from the scanned path, or
//! named with `--config`. Paths in it are relative to its directory. Unknown keys,
//! unknown rules and bad values are errors located in the file.

use globset::{Glob, GlobSetBuilder};
use ringfence_load::{ConfigInputs, Exclude, LocatedInput};
use ringfence_rules::{Framework, PathIgnores, Registry, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The names a configuration file may have, in the order they are looked for.
pub const CONFIG_NAMES: [&str; 2] = ["ringfence.toml", ".ringfence.toml"];

/// A configuration as written (kebab-case keys).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    compliance: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    per_path_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    var_files: Option<Vec<Spanned<String>>>,
    vars: Option<BTreeMap<String, Spanned<String>>>,
    cfn_parameters: Option<Vec<Spanned<String>>>,
    cfn_params: Option<BTreeMap<String, Spanned<String>>>,
    region: Option<String>,
    account_id: Option<String>,
    baseline: Option<Spanned<String>>,
    policies: Option<Vec<Spanned<String>>>,
    docs_url: Option<Spanned<String>>,
}

/// When the run fails: at findings of this severity or above, or never.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    pub fn parse(text: &str) -> Option<FailOn> {
        Some(match text.to_ascii_lowercase().as_str() {
            "never" | "none" => FailOn::Never,
            other => FailOn::At(parse_severity(other)?),
        })
    }
}

pub fn parse_severity(text: &str) -> Option<Severity> {
    Some(match text.to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        "high" => Severity::High,
        "medium" => Severity::Medium,
        "low" => Severity::Low,
        _ => return None,
    })
}

/// A loaded configuration: every path made absolute, every rule name checked.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from (none: defaults).
    pub path: Option<PathBuf>,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub compliance: Option<Vec<String>>,
    pub fail_on: Option<FailOn>,
    /// Rule code → severity its findings get.
    pub severity: BTreeMap<String, Severity>,
    /// `exclude`.
    pub exclude: Exclude,
    /// `per-path-ignores`: rules turned off under globs.
    pub path_ignores: PathIgnores,
    pub var_files: Vec<PathBuf>,
    pub cfn_parameter_files: Vec<PathBuf>,
    /// `[vars]` and `[cfn-params]`, located in the file.
    pub inputs: Option<ConfigInputs>,
    pub region: Option<String>,
    pub account_id: Option<String>,
    pub baseline: Option<PathBuf>,
    /// The policy files and directories read: the command line's, then `policies`.
    pub policies: Vec<PathBuf>,
    /// The rules known: the built-in ones, the policies given on the command line and
    /// those of `policies`.
    pub registry: Registry,
    /// Where the rules' pages are served: reports link each finding there.
    pub docs_url: Option<String>,
    /// Every path above with where the file names it: checked by [`Config::confine`].
    named_paths: Vec<(PathBuf, ConfigError)>,
}

impl Config {
    /// Refuses a configuration naming a path outside `root` (`var-files`,
    /// `cfn-parameters`, `baseline`): the configuration comes with the pull request, so
    /// it may not make the scan read `/proc/self/environ` or `../../secrets`. The
    /// error is located at the path in the file.
    pub fn confine(&self, root: &ringfence_syntax::confine::Root) -> Result<(), ConfigError> {
        for (path, at) in &self.named_paths {
            if let Err(refused) = root.resolve(path) {
                return Err(ConfigError { message: format!("{}: not read: {refused}", at.message), ..at.clone() });
            }
        }
        Ok(())
    }

    /// The rules the configuration selects (the command line may replace or extend it),
    /// with the severities and per-path ignores it gives their findings.
    pub fn selection(&self) -> ringfence_rules::Selection {
        ringfence_rules::Selection {
            select: self.select.clone().unwrap_or_default(),
            ignore: self.ignore.clone(),
            compliance: self.compliance.clone().unwrap_or_default(),
            severity: self.severity.clone(),
            path_ignores: self.path_ignores.clone(),
        }
    }

    /// Scan options for `paths` with what the configuration sets: inputs and excluded
    /// paths. The rest is the caller's (command-line inputs, buffers, focus).
    pub fn options(&self, paths: Vec<PathBuf>) -> crate::ScanOptions {
        let load = crate::Options {
            paths,
            var_files: self.var_files.clone(),
            cfn_parameter_files: self.cfn_parameter_files.clone(),
            config_inputs: self.inputs.clone(),
            region: self.region.clone(),
            account_id: self.account_id.clone(),
            exclude: self.exclude.clone(),
            ..crate::Options::default()
        };
        crate::ScanOptions { load, ..crate::ScanOptions::default() }
    }
}

/// A path as people typed it: relative to the working directory when under it.
pub fn shown(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().ok().map(|d| ringfence_eval::normalize(&d));
    let path = ringfence_eval::normalize(path);
    match cwd.as_ref().and_then(|cwd| path.strip_prefix(cwd).ok()) {
        Some(relative) if !relative.as_os_str().is_empty() => relative.to_path_buf(),
        _ => path,
    }
}

/// An error in a configuration file, located.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending line, for showing under the message.
    pub excerpt: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path.display(), self.line, self.column, self.message)?;
        if !self.excerpt.is_empty() {
            write!(f, "\n  | {}\n  | {}^", self.excerpt, " ".repeat(self.column.saturating_sub(1)))?;
        }
        Ok(())
    }
}

/// The configuration file for a scan of `start`: the first `ringfence.toml` or
/// `.ringfence.toml` in its directory or an ancestor.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(shown(&candidate));
            }
        }
        dir = d.parent();
    }
    None
}

/// Reads and checks a configuration file; its policies are read if the working
/// directory's root holds them.
pub fn load_config(path: &Path) -> Result<Config, ConfigError> {
    let root =
        ringfence_syntax::confine::Root::current().unwrap_or_else(|_| ringfence_syntax::confine::Root::unreachable());
    load_config_with(path, &[], &root)
}

/// Reads and checks a configuration file whose rule names may also name the policies
/// of `cli_policies` (the command line's, read first); the policy files it names are
/// read only inside `root`.
pub fn load_config_with(
    path: &Path,
    cli_policies: &[PathBuf],
    root: &ringfence_syntax::confine::Root,
) -> Result<Config, ConfigError> {
    // A regular file of bounded size only: a FIFO committed as `ringfence.toml` must
    // not block the run.
    use ringfence_syntax::confine::{read_regular, ReadError};
    let text = read_regular(path, ringfence_syntax::limits::MAX_FILE_BYTES).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: match e {
            ReadError::Io(e) => format!("cannot read configuration: {e}"),
            other => format!("configuration {other}"),
        },
        excerpt: String::new(),
    })?;
    parse_config_with(path, &text, cli_policies, root)
}

/// Checks a configuration's text; `path` locates errors and anchors relative paths.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, ConfigError> {
    let root =
        ringfence_syntax::confine::Root::current().unwrap_or_else(|_| ringfence_syntax::confine::Root::unreachable());
    parse_config_with(path, text, &[], &root)
}

/// [`parse_config`], with the policies of `cli_policies` and reading its own inside `root`.
pub fn parse_config_with(
    path: &Path,
    text: &str,
    cli_policies: &[PathBuf],
    root: &ringfence_syntax::confine::Root,
) -> Result<Config, ConfigError> {
    let error = |span: Option<std::ops::Range<usize>>, message: String| {
        let offset = span.map_or(0, |s| s.start).min(text.len());
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        ConfigError {
            path: path.to_path_buf(),
            line: text[..offset].matches('\n').count() + 1,
            column: text[line_start..offset].chars().count() + 1,
            message,
            excerpt: text[line_start..line_end].trim_end_matches('\r').to_string(),
        }
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        error(e.span(), message)
    })?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let base = ringfence_syntax::absolute_path(dir);
    // Policies first: the rule names below may name them. A file the command line
    // names too is read once.
    let located = |e: ringfence_rules::policy::PolicyError| ConfigError {
        path: e.path,
        line: e.line,
        column: e.column,
        message: e.message,
        excerpt: e.excerpt,
    };
    let mut registry = crate::policies::with_policies(Registry::builtin(), cli_policies).map_err(located)?;
    let mut read: Vec<PathBuf> = Vec::new();
    for p in cli_policies {
        read.extend(crate::policies::policy_files(p).unwrap_or_default().iter().filter_map(|f| f.canonicalize().ok()));
    }
    let mut policies = cli_policies.to_vec();
    for p in raw.policies.iter().flatten() {
        let at = error(Some(p.span()), "`policies`".to_string());
        let named = shown(&base.join(p.get_ref()));
        if let Err(refused) = root.resolve(&named) {
            return Err(ConfigError { message: format!("{}: not read: {refused}", at.message), ..at });
        }
        for file in crate::policies::policy_files(&named).map_err(located)? {
            let canonical = file.canonicalize().unwrap_or_else(|_| file.clone());
            if read.contains(&canonical) {
                continue;
            }
            read.push(canonical);
            registry = crate::policies::with_policies(&registry, std::slice::from_ref(&file)).map_err(located)?;
        }
        policies.push(named);
    }
    let codes_of = |name: &str| -> Vec<String> { registry.matching(name).map(|r| r.code.to_string()).collect() };
    let any_rule_matches = |name: &str| registry.knows(name);
    let rule_names = |list: &[Spanned<String>], families: bool| -> Result<Vec<String>, ConfigError> {
        list.iter()
            .map(|name| {
                let known =
                    if families { any_rule_matches(name.get_ref()) } else { !codes_of(name.get_ref()).is_empty() };
                if known {
                    Ok(name.get_ref().clone())
                } else {
                    Err(error(Some(name.span()), format!("unknown rule, name or family `{}`", name.get_ref())))
                }
            })
            .collect()
    };
    let mut config = Config { path: Some(path.to_path_buf()), policies, ..Config::default() };
    if let Some(list) = &raw.select {
        config.select = Some(rule_names(list, true)?);
    }
    if let Some(list) = &raw.ignore {
        config.ignore = rule_names(list, true)?;
    }
    if let Some(list) = &raw.compliance {
        let mut names = Vec::new();
        for name in list {
            if Framework::parse(name.get_ref()).is_none() {
                let known: Vec<&str> = Framework::ALL.iter().map(|f| f.id()).collect();
                let message =
                    format!("unknown compliance framework `{}` (one of: {})", name.get_ref(), known.join(", "));
                return Err(error(Some(name.span()), message));
            }
            names.push(name.get_ref().clone());
        }
        config.compliance = Some(names);
    }
    if let Some(fail_on) = &raw.fail_on {
        config.fail_on = Some(FailOn::parse(fail_on.get_ref()).ok_or_else(|| {
            error(
                Some(fail_on.span()),
                format!("`fail-on` is one of critical, high, medium, low, never (not `{}`)", fail_on.get_ref()),
            )
        })?);
    }
    for (rule, severity) in raw.severity.iter().flatten() {
        let codes = codes_of(rule.get_ref());
        if codes.is_empty() {
            let message = format!("unknown rule, name or family `{}` in [severity]", rule.get_ref());
            return Err(error(Some(rule.span()), message));
        }
        let level = parse_severity(severity.get_ref()).ok_or_else(|| {
            error(
                Some(severity.span()),
                format!("a severity is critical, high, medium or low (not `{}`)", severity.get_ref()),
            )
        })?;
        for code in codes {
            config.severity.insert(code, level);
        }
    }
    let glob = |pattern: &Spanned<String>| -> Result<Glob, ConfigError> {
        let text = pattern.get_ref().trim_start_matches("./").trim_end_matches('/');
        globset::GlobBuilder::new(text)
            .literal_separator(true)
            .build()
            .map_err(|e| error(Some(pattern.span()), format!("bad glob `{}`: {}", pattern.get_ref(), e.kind())))
    };
    config.path_ignores = PathIgnores::new(base.clone());
    if let Some(patterns) = &raw.exclude {
        let mut set = GlobSetBuilder::new();
        for pattern in patterns {
            set.add(glob(pattern)?);
        }
        config.exclude = Exclude { base: base.clone(), globs: set.build().ok() };
    }
    for (pattern, rules) in raw.per_path_ignores.iter().flatten() {
        let at = Some(pattern.span());
        let mut set = GlobSetBuilder::new();
        set.add(glob(pattern)?);
        let mut codes = Vec::new();
        for rule in rules {
            let found = codes_of(rule.get_ref());
            if found.is_empty() {
                return Err(error(Some(rule.span()), format!("unknown rule, name or family `{}`", rule.get_ref())));
            }
            codes.extend(found);
        }
        config.path_ignores.add(set.build().map_err(|e| error(at, e.to_string()))?, codes);
    }
    let mut named = |key: &str, p: &Spanned<String>| -> PathBuf {
        let path = shown(&base.join(p.get_ref()));
        config.named_paths.push((path.clone(), error(Some(p.span()), format!("`{key}`"))));
        path
    };
    let var_files: Vec<PathBuf> = raw.var_files.iter().flatten().map(|p| named("var-files", p)).collect();
    let cfn_parameter_files: Vec<PathBuf> =
        raw.cfn_parameters.iter().flatten().map(|p| named("cfn-parameters", p)).collect();
    let baseline = raw.baseline.as_ref().map(|p| named("baseline", p));
    config.var_files = var_files;
    config.cfn_parameter_files = cfn_parameter_files;
    config.baseline = baseline;
    let located = |table: Option<BTreeMap<String, Spanned<String>>>| -> Vec<LocatedInput> {
        table
            .into_iter()
            .flatten()
            .map(|(name, value)| LocatedInput { name, span: value.span(), value: value.into_inner() })
            .collect()
    };
    let (vars, cfn_params) = (located(raw.vars), located(raw.cfn_params));
    if !vars.is_empty() || !cfn_params.is_empty() {
        config.inputs = Some(ConfigInputs { path: path.to_path_buf(), vars, cfn_params });
    }
    config.region = raw.region;
    config.account_id = raw.account_id;
    config.registry = registry;
    if let Some(url) = &raw.docs_url {
        let text = url.get_ref().trim();
        // A link people click from a report: a web address, never a local command.
        if !(text.starts_with("https://") || text.starts_with("http://")) {
            let message = format!("`docs-url` is an http(s) address (not `{}`)", url.get_ref());
            return Err(error(Some(url.span()), message));
        }
        config.docs_url = Some(text.to_string());
    }
    Ok(config)
}

/// What `ringfence init` writes: every key, commented, with the defaults.
pub const STARTER: &str = r#"# ringfence configuration. Paths and globs are relative to this file's directory.
# Every key is optional; command-line flags override them. See docs/configuration.md.
# Top-level keys come first: in TOML, keys after a [table] header belong to that table.

# Rules to run: codes (NET001), names (open-ingress) or families (IAM, NET, KMS, LOG,
# DATA, RF). Without `select`, every rule that is on by default runs.
# select = ["IAM", "NET", "KMS", "LOG", "DATA", "RF", "LOG004"]

# Rules to skip (added to --ignore).
# ignore = ["LOG003"]

# Keep only rules that give evidence for these frameworks: cis, hipaa, soc2, gdpr, pci.
# compliance = ["hipaa"]

# Fail the run (exit 1) at findings of this severity or above: critical, high, medium,
# low (the default: any finding) or never.
# fail-on = "high"

# Files and directories never scanned (also when named on the command line, as
# pre-commit does).
# exclude = ["examples/**", "**/.terragrunt-cache/**"]

# Terraform variable files for every root module (after terraform.tfvars and *.auto.tfvars).
# var-files = ["env/prod.tfvars"]

# CloudFormation parameter files, region and account for every template.
# cfn-parameters = ["params/prod.json"]
# region = "us-east-1"
# account-id = "123456789012"

# A baseline of accepted findings (ringfence check --write-baseline FILE writes one).
# baseline = "ringfence-baseline.json"

# Custom policy files, or directories of them (docs/policies.md); `select`, `ignore`
# and the tables below may name their rules.
# policies = ["policies/"]

# Where your rule pages are served: every finding links there (human and JSON output,
# SARIF helpUri). `{code}` and `{name}` are replaced; without them the code is appended.
# docs-url = "https://github.com/OWNER/ringfence/blob/main/rules/{code}/README.md"

# The severity findings of a rule get.
# [severity]
# LOG003 = "high"

# Findings of these rules are dropped in matching files.
# [per-path-ignores]
# "sandbox/**" = ["NET001", "KMS"]

# Terraform variables for every root module (--var wins over them).
# [vars]
# environment = "prod"

# CloudFormation parameters for every template (--cfn-param wins over them).
# [cfn-params]
# Environment = "prod"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_config_parses_and_sets_nothing() {
        let c = parse_config(Path::new("ringfence.toml"), STARTER).unwrap();
        assert!(c.select.is_none() && c.ignore.is_empty() && c.fail_on.is_none() && c.severity.is_empty());
    }

    #[test]
    fn an_unknown_key_is_located() {
        let e = parse_config(Path::new("r.toml"), "select = [\"IAM\"]\nfail_on = \"high\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        assert!(e.message.contains("fail_on"), "{e}");
    }

    #[test]
    fn an_unknown_rule_is_located_at_its_string() {
        let e = parse_config(Path::new("r.toml"), "ignore = [\"NET001\", \"NET999\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 21), "{e}");
        assert!(e.message.contains("NET999"), "{e}");
    }

    #[test]
    fn severity_overrides_take_codes_names_and_families() {
        let c = parse_config(Path::new("r.toml"), "[severity]\nopen-ingress = \"low\"\nKMS = \"critical\"\n").unwrap();
        assert_eq!(c.severity.get("NET001"), Some(&Severity::Low));
        assert_eq!(c.severity.get("KMS002"), Some(&Severity::Critical));
    }
}
