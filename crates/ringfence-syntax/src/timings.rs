//! `RINGFENCE_TIMINGS=1`: where a run spends its time and memory, stage by stage, on
//! standard error (what `bench/` and docs/performance.md break figures down with).
//! Off, a mark costs one load of a flag.

use std::sync::OnceLock;
use std::time::Instant;

/// When the run started measuring, if it measures at all.
static START: OnceLock<Option<Instant>> = OnceLock::new();

fn start() -> Option<Instant> {
    *START.get_or_init(|| {
        std::env::var_os("RINGFENCE_TIMINGS").filter(|v| !v.is_empty() && v != "0").map(|_| Instant::now())
    })
}

/// Starts the clock (the first mark starts it otherwise).
pub fn begin() {
    start();
}

/// Whether this run measures itself.
pub fn enabled() -> bool {
    start().is_some()
}

/// A figure of a stage (how long one rule ran), printed when measuring.
pub fn note(what: &str, duration: std::time::Duration) {
    if enabled() {
        eprintln!("ringfence timings: {:9.1} ms  {what}", duration.as_secs_f64() * 1e3);
    }
}

/// `stage` has ended: prints the time since the start and the resident memory.
pub fn mark(stage: &str) {
    let Some(start) = start() else { return };
    let ms = start.elapsed().as_secs_f64() * 1e3;
    match resident_mb() {
        Some(mb) => eprintln!("ringfence timings: {ms:9.1} ms {mb:7.1} MB resident  {stage}"),
        None => eprintln!("ringfence timings: {ms:9.1} ms  {stage}"),
    }
}

/// The process's resident memory, where the system says (Linux).
fn resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
