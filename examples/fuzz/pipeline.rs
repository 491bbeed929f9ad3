//! One input through the whole pipeline, as `ringfence check DIR` runs it: load, every
//! rule, the fixes, every report format. Shared by the fuzzer and by
//! `tests/fuzz_regressions.rs`, which replays the inputs the fuzzer saved.

use ringfence::{Options, ScanOptions};
use ringfence_report::{Format, Hidden, Report};
use ringfence_rules::{Registry, RuleSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Mutex, Once, OnceLock};

/// What counts as a crash; `signature` tells one bug from another (for deduplication).
#[derive(Debug)]
pub struct Failure {
    pub signature: String,
    pub detail: String,
}

/// What a clean run produced: used by the fuzzer to notice inputs that reach new code.
pub struct Outcome {
    pub traits: Vec<String>,
}

/// Where the last panic happened, recorded by the hook: ringfence's own guards catch
/// panics and turn them into an "internal error" diagnostic, which hides the place.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Records panics instead of printing them (the fuzzer provokes many).
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let place = info.location().map_or_else(|| "unknown place".to_string(), |l| format!("{l}"));
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let mut last = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner());
            // The first panic is the cause; a guard may panic again while unwinding.
            if last.is_none() {
                *last = Some(format!("{place}: {message}"));
            }
        }));
    });
}

fn take_panic() -> Option<String> {
    LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take()
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::all(Registry::builtin()))
}

/// Checks `dir` and renders every report; a panic, an internal error or an invalid
/// machine report is a failure.
pub fn check_dir(dir: &Path) -> Result<Outcome, Failure> {
    install_panic_hook();
    take_panic();
    let load = Options { paths: vec![dir.to_path_buf()], whole_modules: true, ..Options::default() };
    let options = ScanOptions { load, ..ScanOptions::default() };
    let result = catch_unwind(AssertUnwindSafe(|| run(&options)));
    let panic = take_panic();
    match result {
        Err(_) => {
            let place = panic.unwrap_or_else(|| "unknown place".to_string());
            Err(Failure { signature: format!("panic at {}", place_of(&place)), detail: format!("panic at {place}") })
        }
        Ok(Err(mut failure)) => {
            if let Some(place) = panic {
                failure.signature = format!("{} ({})", failure.signature, place_of(&place));
                failure.detail = format!("{}; panic at {place}", failure.detail);
            }
            Err(failure)
        }
        Ok(Ok(outcome)) => Ok(outcome),
    }
}

/// `file:line:column` of a recorded panic, without its message (which may hold input).
fn place_of(panic: &str) -> &str {
    panic.split(": ").next().unwrap_or(panic)
}

fn run(options: &ScanOptions) -> Result<Outcome, Failure> {
    let rules = rules();
    let scan = ringfence::scan_with(options, rules);
    if let Some(d) = scan.diagnostics.iter().find(|d| d.message.contains("internal error")) {
        let path = scan.sources.get(d.file).display_path();
        return Err(Failure { signature: "internal error".to_string(), detail: format!("{path}: {}", d.message) });
    }
    let fixed = ringfence::fix::fixed_texts(&scan.sources, &scan.findings);
    let _ = ringfence::fix::diff(&fixed);
    let report = Report {
        sources: &scan.sources,
        findings: &scan.findings,
        suppressed: &scan.suppressed,
        diagnostics: &scan.diagnostics,
        rules: &rules.rules,
        checked: &scan.checked,
        hidden: Hidden::default(),
        inputs: ringfence::accounted(&scan.inventory),
        docs_url: None,
        fingerprint: None,
    };
    for format in [Format::Human, Format::Concise, Format::Json, Format::Sarif, Format::Junit, Format::Github] {
        let text = format.render(&report, false);
        valid_report(format, &text)?;
    }
    let _ = Format::Human.render(&report, true);
    let mut traits: Vec<String> = scan.findings.iter().map(|f| f.rule.code.to_string()).collect();
    traits.extend(scan.diagnostics.iter().map(|d| message_shape(&d.message)));
    traits.sort_unstable();
    traits.dedup();
    Ok(Outcome { traits })
}

/// JSON and SARIF parse; JUnit holds no character XML 1.0 forbids.
fn valid_report(format: Format, text: &str) -> Result<(), Failure> {
    let invalid = |why: String| Failure { signature: format!("invalid {format:?} report"), detail: why };
    match format {
        Format::Json | Format::Sarif => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(_) => Ok(()),
            Err(e) => Err(invalid(format!("does not parse: {e}"))),
        },
        Format::Junit => match text.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            Some(c) => Err(invalid(format!("holds the character U+{:04X}", c as u32))),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// A diagnostic's message without what varies with the input (numbers, quoted text).
fn message_shape(message: &str) -> String {
    let mut shape = String::new();
    let mut quoted = false;
    for c in message.chars().take(60) {
        match c {
            '`' | '"' => quoted = !quoted,
            _ if quoted || c.is_ascii_digit() => {}
            _ => shape.push(c),
        }
    }
    shape
}
