//! `cargo xtask fuzz [--secs N] [--target share|defs]`: a mutational fuzzer over raw bytes for
//! what strangers hand the app. Cases start from the checked-in seeds (`tests/fuzz/seeds/`) and
//! are mutated (bit flips, random and boundary bytes, inserted, deleted and repeated runs,
//! splices of two seeds). Each case runs under `catch_unwind` in a build with overflow checks
//! and debug assertions; a panic, an allocation over the per-case budget (a counting global
//! allocator), more engine work than the work budget (Kafka partition steps) or a case slower
//! than the time budget is a finding: the case is written to
//! `target/fuzz-findings/` and the run fails.
//!
//! Targets:
//! - `share`: the app's own share-link decoder (`app/src/share.rs`, included as source) and a
//!   replay of the decoded session through a timeline, as the app replays a link;
//! - `defs`: the definitions parser and import (`Broker::import_definitions`), the commands that
//!   rebuild the imported topology replayed on a fresh stage, and an export/import round trip.

#[allow(dead_code)]
#[path = "../../../app/src/share.rs"]
mod share;

mod alloc;
mod targets;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What one case may allocate at its peak, beyond what was live when it started.
pub const ALLOC_BUDGET: usize = 512 << 20;
/// What one case may take, in CPU time of its thread (a replay at the limits takes well under a
/// second natively; wall-clock time counted other processes' work on a busy machine).
pub const TIME_BUDGET: Duration = Duration::from_secs(3);
/// What one case may cost the engine, in Kafka partition steps (`Cluster::partition_steps`):
/// the session's own allowance (`limits::MAX_SESSION_PARTITION_STEPS`) plus the scene's (6
/// partitions of 1 replica, 12 units a step, over ninety minutes of ticks and two minutes of a
/// stream stepping every millisecond: about 2.1 million), with room to spare. Counted, not
/// timed, so a case over it is over on every machine.
pub const WORK_BUDGET: u64 = engine::limits::MAX_SESSION_PARTITION_STEPS + 4_000_000;
/// Longest case generated (a share link's bytes stay under the link length limit anyway).
const MAX_CASE: usize = 24 * 1024;

/// Time this thread spent on a CPU (Linux's `/proc/thread-self/schedstat`, in ns), so that the
/// time budget holds on a machine busy with other work; wall-clock time where it is missing.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// A stopwatch of [`cpu_time`], or of the wall clock without it.
struct Stopwatch(Option<Duration>, Instant);

impl Stopwatch {
    fn start() -> Self {
        Stopwatch(cpu_time(), Instant::now())
    }
    fn elapsed(&self) -> Duration {
        match (self.0, cpu_time()) {
            (Some(a), Some(b)) => b.saturating_sub(a),
            _ => self.1.elapsed(),
        }
    }
}

fn seeds_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(target)
}

fn load_seeds(target: &str) -> Vec<Vec<u8>> {
    let mut seeds: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(seeds_dir(target))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
                .collect()
        })
        .unwrap_or_default();
    seeds.sort();
    let mut seeds: Vec<Vec<u8>> = seeds.into_iter().map(|(_, b)| b).collect();
    if seeds.is_empty() {
        seeds.push(Vec::new());
    }
    seeds
}

const BOUNDARY: [&[u8]; 8] = [
    &[0xff, 0xff, 0xff, 0xff, 0x0f],
    &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
    &[0x80, 0x80, 0x80, 0x80, 0x08],
    &[0xa0, 0x9c, 0x01],
    &[0x00],
    &[0x7f],
    b"99999999999999999999",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
];

fn mutate(rng: &mut ChaCha8Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut case = seeds[rng.random_range(0..seeds.len())].clone();
    for _ in 0..rng.random_range(1..=8) {
        let len = case.len();
        let at = if len == 0 {
            0
        } else {
            rng.random_range(0..len)
        };
        match rng.random_range(0..9) {
            0 if len > 0 => case[at] ^= 1 << rng.random_range(0..8),
            1 if len > 0 => case[at] = rng.random(),
            2 => {
                let b = BOUNDARY[rng.random_range(0..BOUNDARY.len())];
                case.splice(at..at, b.iter().copied());
            }
            3 if len > 0 => {
                let b = BOUNDARY[rng.random_range(0..BOUNDARY.len())];
                let end = (at + b.len()).min(len);
                case.splice(at..end, b.iter().copied());
            }
            4 if len > 0 => {
                let end = (at + rng.random_range(1..=16)).min(len);
                case.drain(at..end);
            }
            5 if len > 0 => {
                let end = (at + rng.random_range(1..=32)).min(len);
                let run = case[at..end].to_vec();
                for _ in 0..rng.random_range(1..=64) {
                    case.splice(at..at, run.iter().copied());
                }
            }
            6 => {
                let other = &seeds[rng.random_range(0..seeds.len())];
                if !other.is_empty() {
                    let from = rng.random_range(0..other.len());
                    let to = rng.random_range(from..=other.len());
                    case.splice(at..at, other[from..to].iter().copied());
                }
            }
            7 => case.truncate(at),
            _ => {
                let n = rng.random_range(1..=8);
                case.splice(at..at, (0..n).map(|_| rng.random::<u8>()));
            }
        }
        case.truncate(MAX_CASE);
    }
    case
}

/// Figures of one run.
struct Figures {
    execs: u64,
    findings: u64,
    peak_alloc: usize,
    slowest: Duration,
    most_work: u64,
}

fn run(target: &str, secs: u64, seed: u64) -> Figures {
    let seeds = load_seeds(target);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut f = Figures {
        execs: 0,
        findings: 0,
        peak_alloc: 0,
        slowest: Duration::ZERO,
        most_work: 0,
    };
    let started = Instant::now();
    let deadline = Duration::from_secs(secs);
    // The seeds themselves first, then mutations until the time is up.
    let mut queue: std::collections::VecDeque<Vec<u8>> = seeds.iter().cloned().collect();
    while started.elapsed() < deadline || !queue.is_empty() {
        let case = queue
            .pop_front()
            .unwrap_or_else(|| mutate(&mut rng, &seeds));
        alloc::start_case();
        let t0 = Stopwatch::start();
        let outcome = std::panic::catch_unwind(|| targets::run(target, &case));
        let work = *outcome.as_ref().unwrap_or(&0);
        let took = t0.elapsed();
        let peak = alloc::case_peak();
        f.execs += 1;
        f.peak_alloc = f.peak_alloc.max(peak);
        f.slowest = f.slowest.max(took);
        f.most_work = f.most_work.max(work);
        let problem = match outcome {
            Err(_) => Some("panic".to_string()),
            Ok(_) if work > WORK_BUDGET => Some(format!("{work} partition steps")),
            Ok(_) if peak > ALLOC_BUDGET => Some(format!("allocated {peak} bytes")),
            Ok(_) if took > TIME_BUDGET => Some(format!("took {took:?}")),
            Ok(_) => None,
        };
        if let Some(p) = problem {
            f.findings += 1;
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-findings");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{target}-{}", f.findings));
            let _ = std::fs::write(&file, &case);
            eprintln!("fuzz {target}: FINDING ({p}), case in {}", file.display());
        }
    }
    f
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if args.iter().any(|a| a == "--write-seeds") {
        targets::write_seeds(&seeds_dir("share"), &seeds_dir("defs"));
        return std::process::ExitCode::SUCCESS;
    }
    if let Some(file) = value("--replay") {
        let target = value("--target").unwrap_or_else(|| "share".into());
        let case = std::fs::read(&file).expect("a readable case");
        targets::describe(&target, &case);
        alloc::start_case();
        let t0 = Stopwatch::start();
        let work = targets::run(&target, &case);
        eprintln!(
            "took {:?} of CPU, peak {} KiB, {work} partition steps (budget {WORK_BUDGET})",
            t0.elapsed(),
            alloc::case_peak() / 1024
        );
        eprintln!("fuzz {target}: {file} ran clean");
        return std::process::ExitCode::SUCCESS;
    }
    let secs: u64 = value("--secs").and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = value("--seed").and_then(|s| s.parse().ok()).unwrap_or(19);
    let targets: Vec<String> = match value("--target") {
        Some(t) => vec![t],
        None => vec!["share".into(), "defs".into()],
    };
    // Findings are counted, not printed: a case that panics on purpose is what we look for.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    for t in &targets {
        let f = run(t, secs, seed);
        println!(
            "fuzz {t}: {} execs in {secs} s, {} findings, peak allocation per case {} KiB, slowest case {:?}, most work per case {} partition steps (budget {WORK_BUDGET})",
            f.execs,
            f.findings,
            f.peak_alloc / 1024,
            f.slowest,
            f.most_work
        );
        failed |= f.findings > 0;
    }
    if failed {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
