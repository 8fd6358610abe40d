//! `kafka-diff --root DIR [--cases N] [--scenarios N] [--seed S] [--no-cluster] [--only NAME]
//! [--kind group|faults|retention|random] [--verbose]`: the
//! differential run. `cargo xtask kafka-diff` resolves Kafka's jars first and runs this.
//! Random scenario `i` of seed `S` is generated from seed `S + i`, so `--scenarios 1 --seed
//! S+i` reruns just it. Exit status 1 on any divergence.

use engine::kafka::assignor::Strategy;
use kafka_diff::algos;
use kafka_diff::cluster::Cluster;
use kafka_diff::java::{Driver, Jars};
use kafka_diff::scenario;
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
    if args.iter().any(|a| a == "--no-cluster") {
        return Ok(ok);
    }
    let scenarios = num("--scenarios", 100)?;
    let t0 = Instant::now();
    let mut real = Cluster::start(&jars)?;
    println!(
        "Kafka {version}: {} KRaft nodes (broker+controller) on {} started in {:.1} s",
        real.nodes.len(),
        real.bootstrap(),
        real.started_in.as_secs_f64()
    );
    let bootstrap = real.bootstrap();
    let mut driver = Driver::start(&jars, &["cluster", &bootstrap])?;
    let mut named = vec![
        scenario::min_isr_scenario(),
        scenario::unclean_scenario(),
        scenario::group_scenario(),
    ];
    let only = flag(args, "--only");
    named.retain(|s| only.as_ref().is_none_or(|o| &s.name == o));
    // `--kind group|faults|retention|random`: every random scenario of that kind (generated
    // from the same seeds), no named ones.
    let kind = flag(args, "--kind");
    if kind.is_some() {
        named.clear();
    }
    let verbose = args.iter().any(|a| a == "--verbose");
    let mut divergences = 0;
    let mut timeouts = 0;
    let mut n = 0;
    // What the run covered: steps by kind, groups by assignor, topics by config.
    let mut covered: std::collections::BTreeMap<String, usize> = Default::default();
    let mut check = |sc: &scenario::Scenario,
                     s: u64,
                     real: &mut Cluster,
                     driver: &mut Driver|
     -> Result<(), String> {
        n += 1;
        for k in scenario::coverage(sc) {
            *covered.entry(k).or_default() += 1;
        }
        let t0 = Instant::now();
        let (_, model) = scenario::run_engine(sc, s);
        // The allow-listed case: a send without retries the engine did not answer in time (an
        // idempotent send's timeout is the engine's own delivery timeout, compared as it is).
        timeouts += sc
            .steps
            .iter()
            .filter_map(|st| match st {
                scenario::Step::Send {
                    idempotent: false,
                    value,
                    ..
                } => Some(format!("send {value}: ERR TimeoutException")),
                _ => None,
            })
            .filter(|line| model.contains(line))
            .count();
        let topic = format!("t{n}-{}", sc.name);
        match scenario::compare(real, driver, sc, s, &topic)? {
            Some((placement, got, model)) => {
                divergences += 1;
                println!(
                    "DIVERGENCE in {} (seed {s}; rerun alone with --scenarios 1 --seed {s}):\n{sc}  placement {placement:?}",
                    sc.name
                );
                for i in 0..got.len().max(model.len()) {
                    let k = got.get(i).map_or("", String::as_str);
                    let e = model.get(i).map_or("", String::as_str);
                    println!(
                        "  {} kafka: {k}\n    engine: {e}",
                        if k == e { " " } else { "!" }
                    );
                }
                let min = scenario::shrink(real, driver, sc, s, 12)?;
                println!(
                    "minimal scenario ({} of {} steps):\n{min}",
                    min.steps.len(),
                    sc.steps.len()
                );
            }
            None => {
                println!(
                    "agree: {} ({} observations, {:.1} s)",
                    sc.name,
                    model.len(),
                    t0.elapsed().as_secs_f64()
                );
                if verbose {
                    for o in &model {
                        println!("    {o}");
                    }
                }
            }
        }
        Ok(())
    };
    for sc in &named {
        check(sc, seed, &mut real, &mut driver)?;
    }
    if only.is_none() {
        for i in 0..scenarios {
            let s = seed.wrapping_add(i);
            let sc = match &kind {
                Some(k) => scenario::of_kind(k, s).ok_or_else(|| format!("--kind {k}: unknown"))?,
                None => scenario::random(s),
            };
            check(&sc, s, &mut real, &mut driver)?;
        }
    }
    drop(driver);
    drop(real);
    println!(
        "acks-all-request-timeout applied to {timeouts} sends: {}",
        kafka_diff::allowed("acks-all-request-timeout")?
    );
    println!(
        "covered: {}",
        covered
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "scenarios against the real cluster: {n} run, {divergences} diverge, {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    Ok(ok && divergences == 0)
}
