//! `rabbit-diff --port P [--scenarios N] [--seed S] [--defs-dir DIR] [--strict]`: the differential run
//! against a RabbitMQ listening on 127.0.0.1:P. `cargo xtask rabbit-diff` starts the server and
//! runs this. Scenario `i` of seed `S` is scenario 0 of seed `S + i`, so
//! `--scenarios 1 --seed S+i` reruns just it. Exit status 1 on any divergence.

use rabbit_diff::scenario::{Vocabulary, generate};
use rabbit_diff::{ALLOW_LIST, Harness, defs, real};
use std::process::ExitCode;
use std::time::Instant;

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("rabbit-diff: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<bool, String> {
    let num = |name: &str, default: u64| -> Result<u64, String> {
        flag(args, name).map_or(Ok(default), |v| {
            v.parse().map_err(|_| format!("{name}: not a number: {v}"))
        })
    };
    let port = u16::try_from(num("--port", 5672)?).map_err(|_| "--port: too large")?;
    let scenarios = num("--scenarios", 200)?;
    let seed = num("--seed", 1)?;
    let defs_dir = flag(args, "--defs-dir");

    let started = Instant::now();
    let server = real::Server::connect(port)?;
    let mut h = Harness::new(server);
    // `--strict` (or RABBIT_DIFF_STRICT=1 through `cargo xtask rabbit-diff`): no excuses.
    h.strict = args.iter().any(|a| a == "--strict")
        || std::env::var_os("RABBIT_DIFF_STRICT").is_some_and(|v| v == "1");
    let mut divergences = 0;
    let mut flakes = 0;
    let mut steps = 0;
    for i in 0..scenarios {
        let s = seed.wrapping_add(i);
        let sc = generate(s, Vocabulary::FULL);
        steps += sc.steps.len();
        if let Some(d) = h.check(&sc)? {
            if !h.strict
                && let Some(a) = rabbit_diff::excused(&sc)
            {
                h.allow_counts[a] += 1;
                println!(
                    "excused by the allow-list ({}) in scenario {i} (seed {s}):\n{d}\n",
                    ALLOW_LIST[a].id
                );
                continue;
            }
            match h.shrink(&sc, 120)? {
                Some((min, d2)) => {
                    divergences += 1;
                    println!(
                        "DIVERGENCE in scenario {i} (seed {s}; rerun alone with --scenarios 1 \
                         --seed {s}):\n{d}\nminimal scenario:\n{min}\nfirst difference:\n{d2}"
                    );
                    let (server, model) = h.observe(&min)?;
                    println!("everything the server showed for it:");
                    for o in server {
                        println!("    {o}");
                    }
                    println!("everything the model showed for it:");
                    for o in model {
                        println!("    {o}");
                    }
                    println!();
                }
                None => {
                    flakes += 1;
                    println!(
                        "timing flake in scenario {i} (seed {s}): diverged once, not in two \
                         reruns (the machine stalled longer than a TTL?):\n{d}\n"
                    );
                }
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "rabbit-diff: {scenarios} scenarios (seeds {seed}..{}), {steps} steps, \
         {} runs on each side including shrinking, {divergences} divergences, {flakes} timing \
         flakes, {:.1} s",
        seed.wrapping_add(scenarios),
        h.executions,
        elapsed.as_secs_f64()
    );
    println!("allow-list:");
    for (a, n) in ALLOW_LIST.iter().zip(&h.allow_counts) {
        let what = match a.rule {
            rabbit_diff::Rule::Normalise(_) => "normalised",
            rabbit_diff::Rule::Excuse(_) => "divergences excused",
        };
        println!("  {} ({what}: {n}): {}", a.id, a.reason);
    }
    let mut ok = divergences == 0;
    if let Some(dir) = defs_dir {
        match defs::round_trip(&mut h.server, std::path::Path::new(&dir), seed) {
            Ok(report) => {
                println!("definitions round trip: {report}");
                println!("  normalised in the definitions comparison:");
                for (id, reason) in defs::DEFINITIONS_ALLOW_LIST {
                    println!("    {id}: {reason}");
                }
            }
            Err(e) => {
                println!("definitions round trip FAILED: {e}");
                ok = false;
            }
        }
    }
    h.server.close();
    Ok(ok)
}
