//! `kafka-diff --root DIR [--cases N] [--seed S]`: the differential run. `cargo xtask kafka-diff`
//! resolves Kafka's jars first and runs this. Exit status 1 on any divergence.

use engine::kafka::assignor::Strategy;
use kafka_diff::algos;
use kafka_diff::java::{Driver, Jars};
use std::path::PathBuf;
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
            eprintln!("kafka-diff: {e}");
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
    let root = PathBuf::from(flag(args, "--root").unwrap_or_else(|| ".".into()));
    let cases = num("--cases", 10_000)? as usize;
    let seed = num("--seed", 1)?;
    let jars = Jars::under(&root);
    jars.compile(&root.join("tests/kafka-diff/java"))?;
    let version = jars.kafka_version()?;
    let mut ok = true;

    let t0 = Instant::now();
    let mut driver = Driver::start(&jars, &["algos"])?;
    let mut reports = vec![(
        "partitioner".to_string(),
        algos::partitioner(&mut driver, seed, cases)?,
    )];
    for s in Strategy::ALL {
        reports.push((
            s.name().to_string(),
            algos::assignor(&mut driver, s, seed, cases)?,
        ));
    }
    drop(driver);
    for (name, r) in &reports {
        println!(
            "client algorithms, Kafka {version}: {name:<18} {:>6} cases, {} disagree \
             ({} differ only in list order: assignment-list-order)",
            r.cases,
            r.mismatches.len(),
            r.order_only
        );
        for m in r.mismatches.iter().take(3) {
            ok = false;
            println!(
                "  case {}: {}\n    kafka:  {}\n    engine: {}",
                m.case, m.request, m.kafka, m.engine
            );
        }
        ok &= r.mismatches.is_empty();
    }
    println!(
        "client algorithms: {:.1} s; assignment-list-order: {}",
        t0.elapsed().as_secs_f64(),
        kafka_diff::allowed("assignment-list-order")?
    );
    Ok(ok)
}
