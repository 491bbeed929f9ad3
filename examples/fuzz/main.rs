//! A mutation fuzzer over the whole pipeline, on stable Rust and in-process.
//!
//!     cargo run --release --example fuzz -- [--seconds N] [--seed S] [--iterations N]
//!         [--timeout SECONDS] [--memory MIB] [--threads N] [--out DIR]
//!
//! Seeds are every fixture under `rules/*/`, `testdata/` and `tests/data/`, each file
//! alone and each fixture directory whole. Each input is a seed mutated by a
//! deterministic PRNG (byte edits, splices, and tokens that matter to HCL, YAML, JSON,
//! Terraform functions and CloudFormation intrinsics), written to a scratch directory and
//! checked as `ringfence check DIR` would: load, every rule, the fixes, every format.
//! A crash is a panic, the "internal error" a guard turns a panic into, an invalid
//! JSON/SARIF/JUnit report, an input slower than the timeout, or a dead process (stack
//! overflow, memory over the limit, abort). Each crash is saved under `--out`
//! (default `tests/fuzz-regressions/`, which `tests/fuzz_regressions.rs` replays) and the
//! run exits 1. Inputs that bring a rule or a diagnostic not seen yet join the corpus.
//!
//! The run is a supervisor and a worker: the worker fuzzes under an address-space limit
//! (`ulimit -v`); when it dies, the supervisor saves the input it died on and starts a
//! new worker with the next seed.

mod mutate;
mod pipeline;

use mutate::{kind_of, Rng};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Worker exit codes the supervisor tells apart from a death.
const WORKER_CLEAN: i32 = 0;
const WORKER_FOUND: i32 = 1;
const WORKER_TIMEOUT: i32 = 3;
/// Saved crashes per run at most: past that, the same bug is likely being found again.
const MAX_SAVED: usize = 20;
/// Mutants that brought something new, kept to mutate further.
const MAX_CORPUS: usize = 4000;

/// One input: files by path relative to the scratch directory.
type Case = Vec<(String, Vec<u8>)>;

struct Args {
    seconds: u64,
    iterations: Option<u64>,
    seed: u64,
    timeout: Duration,
    memory_mib: u64,
    threads: usize,
    out: PathBuf,
    /// Set in the worker: its scratch directory.
    worker: Option<PathBuf>,
    /// A restarted worker does not run the seeds unmutated again.
    skip_seeds: bool,
}

fn parse_args() -> Result<Args, String> {
    let debug = cfg!(debug_assertions);
    let mut args = Args {
        seconds: 60,
        iterations: None,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() ^ u64::from(d.subsec_nanos())),
        // A debug build is about ten times slower.
        timeout: Duration::from_secs(if debug { 30 } else { 5 }),
        memory_mib: 4096,
        threads: 1,
        out: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions"),
        worker: None,
        skip_seeds: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{flag} {v}: {e}"));
        match flag.as_str() {
            "--seconds" => args.seconds = number(value()?)?,
            "--iterations" => args.iterations = Some(number(value()?)?),
            "--seed" => args.seed = number(value()?)?,
            "--timeout" => args.timeout = Duration::from_secs(number(value()?)?),
            "--memory" => args.memory_mib = number(value()?)?,
            "--threads" => args.threads = number(value()?)?.max(1) as usize,
            "--out" => args.out = PathBuf::from(value()?),
            "--worker" => args.worker = Some(PathBuf::from(value()?)),
            "--skip-seeds" => args.skip_seeds = true,
            _ => return Err(format!("unknown argument {flag} (see the header of examples/fuzz/main.rs)")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    match &args.worker {
        Some(scratch) => ExitCode::from(work(&args, scratch) as u8),
        None => supervise(&args),
    }
}

/// Runs workers until the time or the iterations are spent; saves what killed one.
fn supervise(args: &Args) -> ExitCode {
    let scratch = match tempfile::Builder::new().prefix("ringfence-fuzz-").tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("fuzz: cannot make a scratch directory: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("fuzz"));
    let (mut executions, mut crashes, mut seed) = (0u64, 0usize, args.seed);
    eprintln!("fuzz: seed {seed}, {} s, timeout {:?}, memory {} MiB", args.seconds, args.timeout, args.memory_mib);
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now()).as_secs().max(1);
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", args.memory_mib << 10))
            .arg(&exe)
            .args(["--worker", &scratch.path().display().to_string()])
            .args(["--seed", &seed.to_string(), "--seconds", &remaining.to_string()])
            .args(["--timeout", &args.timeout.as_secs().to_string(), "--threads", &args.threads.to_string()])
            .arg("--out")
            .arg(&args.out);
        if seed != args.seed {
            command.arg("--skip-seeds");
        }
        if let Some(n) = args.iterations {
            command.args(["--iterations", &n.saturating_sub(executions).to_string()]);
        }
        let status = match command.status() {
            Ok(status) => status,
            Err(e) => {
                eprintln!("fuzz: cannot start a worker: {e}");
                return ExitCode::from(2);
            }
        };
        let count = std::fs::read_to_string(scratch.path().join("count")).unwrap_or_default();
        let count: Vec<u64> = count.split_whitespace().filter_map(|n| n.parse().ok()).collect();
        executions += count.first().copied().unwrap_or(0);
        crashes += count.get(1).copied().unwrap_or(0) as usize;
        match status.code() {
            Some(WORKER_CLEAN | WORKER_FOUND) => break,
            code => {
                let why = match code {
                    Some(WORKER_TIMEOUT) => format!("slower than {:?}", args.timeout),
                    Some(c) => format!("worker exited with {c}"),
                    None => "worker killed by a signal (stack overflow, memory limit or abort)".to_string(),
                };
                let place = std::fs::read_to_string(scratch.path().join("where")).unwrap_or_default();
                crashes += 1;
                match read_case(&scratch.path().join("case")) {
                    Ok(case) if crashes <= MAX_SAVED => match save(&args.out, &case) {
                        Ok(path) => eprintln!("fuzz: CRASH {why} ({place}); saved {}", path.display()),
                        Err(e) => eprintln!("fuzz: CRASH {why} ({place}); cannot save it: {e}"),
                    },
                    Ok(_) => eprintln!("fuzz: CRASH {why} ({place}); not saved (over {MAX_SAVED})"),
                    Err(e) => eprintln!("fuzz: CRASH {why} ({place}); cannot read the input: {e}"),
                }
            }
        }
        let iterations_spent = args.iterations.is_some_and(|n| executions >= n);
        if Instant::now() >= deadline || iterations_spent {
            break;
        }
        seed = seed.wrapping_add(1);
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "fuzz: {executions} executions in {seconds:.0} s ({:.0}/s), {crashes} crash{}",
        executions as f64 / seconds.max(0.001),
        if crashes == 1 { "" } else { "es" }
    );
    if crashes > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The fuzzing loop. Returns the worker's exit code.
fn work(args: &Args, scratch: &Path) -> i32 {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let seeds = seeds(Path::new(env!("CARGO_MANIFEST_DIR")));
    if seeds.is_empty() {
        eprintln!("fuzz: no seeds found");
        return 2;
    }
    if let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(args.threads).stack_size(64 << 20).build_global() {
        eprintln!("fuzz: cannot start worker threads: {e}");
        return 2;
    }
    pipeline::install_panic_hook();
    eprintln!("fuzz: worker seed {} over {} seeds", args.seed, seeds.len());
    let mut rng = Rng::new(args.seed);
    let mut corpus: Vec<Case> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut found: HashSet<String> = HashSet::new();
    let (mut executions, mut crashes) = (0u64, 0u64);
    let mut next_seed = 0;
    let mut last_report = Instant::now();
    let case_dir = scratch.join("case");
    loop {
        let spent = args.iterations.is_some_and(|n| executions >= n);
        if spent || Instant::now() >= deadline {
            break;
        }
        // Every seed once as it is, between mutants of seeds and of the corpus (a short
        // run spends most of its time on mutants).
        let case = if !args.skip_seeds && next_seed < seeds.len() && rng.chance(4) {
            next_seed += 1;
            seeds[next_seed - 1].clone()
        } else {
            let base = if !corpus.is_empty() && rng.chance(3) { rng.pick(&corpus) } else { rng.pick(&seeds) };
            mutant(&mut rng, base, &seeds)
        };
        let place = format!("seed {} iteration {executions}", args.seed);
        if let Err(e) = write_case(&case_dir, &case).and_then(|()| std::fs::write(scratch.join("where"), &place)) {
            eprintln!("fuzz: cannot write the scratch input: {e}");
            return 2;
        }
        executions += 1;
        match run_bounded(&case_dir, args.timeout) {
            None => {
                write_count(scratch, executions, crashes);
                eprintln!("fuzz: {place} ran over {:?}", args.timeout);
                return WORKER_TIMEOUT;
            }
            Some(Ok(outcome)) => {
                let new = outcome.traits.iter().filter(|t| !seen.contains(*t)).count();
                if new > 0 {
                    seen.extend(outcome.traits);
                    if corpus.len() < MAX_CORPUS {
                        corpus.push(case);
                    }
                }
            }
            Some(Err(failure)) => {
                if found.insert(failure.signature.clone()) {
                    crashes += 1;
                    let small = minimize(&case, &case_dir, &failure.signature, args.timeout);
                    let saved = if crashes as usize <= MAX_SAVED {
                        save(&args.out, &small)
                            .map_or_else(|e| format!("cannot save it: {e}"), |p| p.display().to_string())
                    } else {
                        "not saved".to_string()
                    };
                    eprintln!("fuzz: CRASH {place}: {}; {saved}", failure.detail);
                }
            }
        }
        if last_report.elapsed() > Duration::from_secs(10) {
            write_count(scratch, executions, crashes);
            last_report = Instant::now();
            let rate = executions as f64 / started.elapsed().as_secs_f64();
            eprintln!("fuzz: {executions} executions ({rate:.0}/s), corpus {}, {crashes} crashes", corpus.len());
        }
    }
    write_count(scratch, executions, crashes);
    if crashes > 0 {
        WORKER_FOUND
    } else {
        WORKER_CLEAN
    }
}

/// Tells the supervisor how much was done (it reads this after the worker ends).
fn write_count(scratch: &Path, executions: u64, crashes: u64) {
    let _ = std::fs::write(scratch.join("count"), format!("{executions} {crashes}"));
}

/// One file of `base` mutated, with a donor of the same kind for splices; sometimes two.
fn mutant(rng: &mut Rng, base: &Case, seeds: &[Case]) -> Case {
    let mut case = base.clone();
    for _ in 0..1 + usize::from(case.len() > 1 && rng.chance(4)) {
        let i = rng.below(case.len());
        let kind = kind_of(&case[i].0);
        let donors: Vec<&[u8]> =
            (0..8).flat_map(|_| rng.pick(seeds)).filter(|(n, _)| kind_of(n) == kind).map(|(_, d)| &d[..]).collect();
        let donor = if donors.is_empty() { &[][..] } else { *rng.pick(&donors) };
        mutate::mutate(rng, &mut case[i].1, kind, donor);
    }
    // Now and then a file changes kind: YAML read as HCL, HCL read as JSON.
    if rng.chance(40) {
        let i = rng.below(case.len());
        let name = &mut case[i].0;
        let stem = name.split('.').next().unwrap_or("x").to_string();
        *name = format!("{stem}.{}", rng.pick(&["tf", "tf.json", "tfvars", "yaml", "json", "template"]));
        dedupe_names(&mut case);
    }
    case
}

fn dedupe_names(case: &mut Case) {
    let mut names = HashSet::new();
    case.retain(|(n, _)| names.insert(n.clone()));
}

/// Runs one check on a thread with the main thread's stack; `None` when over `timeout`
/// (the thread is left running: the worker then exits).
fn run_bounded(dir: &Path, timeout: Duration) -> Option<Result<pipeline::Outcome, pipeline::Failure>> {
    let (send, receive) = mpsc::channel();
    let dir = dir.to_path_buf();
    let spawned = std::thread::Builder::new().stack_size(8 << 20).spawn(move || {
        let _ = send.send(pipeline::check_dir(&dir));
    });
    if let Err(e) = spawned {
        return Some(Err(pipeline::Failure {
            signature: "spawn".into(),
            detail: format!("cannot start a thread: {e}"),
        }));
    }
    receive.recv_timeout(timeout).ok()
}

/// Removes lines of the file the failure comes from while the same failure remains.
fn minimize(case: &Case, dir: &Path, signature: &str, timeout: Duration) -> Case {
    let same = |c: &Case| {
        write_case(dir, c).is_ok() && matches!(run_bounded(dir, timeout), Some(Err(f)) if f.signature == signature)
    };
    let mut best = case.clone();
    let mut budget = 400;
    for i in 0..best.len() {
        let mut chunk = (best[i].1.split_inclusive(|b| *b == b'\n').count() / 2).max(1);
        while chunk >= 1 && budget > 0 {
            let mut start = 0;
            loop {
                let lines: Vec<&[u8]> = best[i].1.split_inclusive(|b| *b == b'\n').collect();
                if start >= lines.len() || budget == 0 {
                    break;
                }
                let end = (start + chunk).min(lines.len());
                let mut trial = best.clone();
                trial[i].1 = lines[..start].iter().chain(&lines[end..]).flat_map(|l| l.iter().copied()).collect();
                budget -= 1;
                if same(&trial) {
                    best = trial;
                } else {
                    start = end;
                }
            }
            chunk /= 2;
        }
    }
    // Other files of the case that the failure does not need.
    let mut i = 0;
    while best.len() > 1 && i < best.len() && budget > 0 {
        let mut trial = best.clone();
        trial.remove(i);
        budget -= 1;
        if same(&trial) {
            best = trial;
        } else {
            i += 1;
        }
    }
    best
}

/// File extensions worth fuzzing; others in fixture folders (docs, snapshots) are not input.
fn is_input(name: &str) -> bool {
    [".tf", ".tf.json", ".tofu", ".tfvars", ".yaml", ".yml", ".json", ".template", ".tpl"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Every fixture file alone, and every fixture directory with all its files.
fn seeds(repo: &Path) -> Vec<Case> {
    let mut seeds = Vec::new();
    let mut dirs = Vec::new();
    for code in sorted_entries(&repo.join("rules")) {
        for entry in sorted_entries(&code) {
            if entry.is_dir() && entry.file_name().is_some_and(|n| n != "snapshots") {
                dirs.push(entry);
            } else if let Some(file) = single(&entry) {
                seeds.push(file);
            }
        }
    }
    for top in ["testdata", "tests/data"] {
        for set in sorted_entries(&repo.join(top)) {
            dirs.extend(sorted_entries(&set).into_iter().filter(|p| p.is_dir()));
        }
    }
    for dir in dirs {
        let case = read_case(&dir).unwrap_or_default();
        for (name, data) in &case {
            if !name.contains('/') || case.len() < 30 {
                seeds.push(vec![(name.rsplit('/').next().unwrap_or(name).to_string(), data.clone())]);
            }
        }
        if !case.is_empty() {
            seeds.push(case);
        }
    }
    seeds
}

fn single(path: &Path) -> Option<Case> {
    let name = path.file_name()?.to_str()?.to_string();
    if !path.is_file() || !is_input(&name) {
        return None;
    }
    Some(vec![(name, std::fs::read(path).ok()?)])
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    entries.sort();
    entries
}

/// The input files under `dir`, by relative path (forward slashes).
fn read_case(dir: &Path) -> std::io::Result<Case> {
    let mut case = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for path in sorted_entries(&d) {
            let meta = std::fs::symlink_metadata(&path)?;
            if meta.is_dir() {
                pending.push(path);
            } else if meta.is_file() {
                let relative = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                if is_input(&relative) {
                    case.push((relative, std::fs::read(&path)?));
                }
            }
        }
    }
    case.sort();
    Ok(case)
}

fn write_case(dir: &Path, case: &Case) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    for (name, data) in case {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, data)?;
    }
    Ok(())
}

/// Saves a crashing input as `<hash>.<ext>`, or `<hash>/` for several files.
fn save(out: &Path, case: &Case) -> std::io::Result<PathBuf> {
    // FNV-1a: a stable name, so that the same input is saved once.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, data) in case {
        for b in name.bytes().chain([0]).chain(data.iter().copied()) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    std::fs::create_dir_all(out)?;
    if let [(name, data)] = case.as_slice() {
        let ext = name.split_once('.').map_or("tf", |(_, ext)| ext);
        let path = out.join(format!("{hash:016x}.{ext}"));
        std::fs::write(&path, data)?;
        Ok(path)
    } else {
        let path = out.join(format!("{hash:016x}"));
        write_case(&path, case)?;
        Ok(path)
    }
}
