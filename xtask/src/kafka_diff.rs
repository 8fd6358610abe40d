//! `cargo xtask kafka-diff [--scenarios N] [--seed S] [--kind K]`: differential tests of the engine's Kafka
//! model against the real Kafka (issue 17).
//!
//! Resolves Kafka's jars with Maven (`tests/kafka-diff/pom.xml`, `mvn dependency:copy-dependencies`
//! into `target/kafka-diff/lib`) when they are missing or the pom changed, so later runs start at
//! once; then runs the `kafka-diff` binary (`tests/kafka-diff`), which compiles the Java driver,
//! checks the client algorithms on 10,000 cases each, starts a 3-node KRaft cluster on loopback,
//! runs the scenarios against it and the engine, and stops every process it started.

use crate::{Result, cargo, root, run as run_cmd};
use std::path::PathBuf;
use std::process::Command;

/// The seed of `cargo xtask test`'s run: fixed, so CI is reproducible.
pub const SEED: u64 = 20261203;
/// Scenarios in `cargo xtask test`'s short run (the long mode: `--scenarios 1000`).
pub const SHORT: usize = 100;

/// `--scenarios N --seed S` (defaults: [`SHORT`] scenarios, [`SEED`]).
pub fn args(args: &[String]) -> Result<(usize, u64)> {
    let scenarios = match crate::flag(args, "--scenarios") {
        Some(v) => v
            .parse()
            .map_err(|_| format!("--scenarios: not a number: {v}"))?,
        None => SHORT,
    };
    let seed = match crate::flag(args, "--seed") {
        Some(v) => v
            .parse()
            .map_err(|_| format!("--seed: not a number: {v}"))?,
        None => SEED,
    };
    Ok((scenarios, seed))
}

/// `cargo xtask kafka-diff [--scenarios N] [--seed S] [--kind K]`: `--kind
/// group|faults|retention|random` runs only the random scenarios of that kind.
pub fn run_args(a: &[String]) -> Result {
    let (scenarios, seed) = args(a)?;
    run_kind(scenarios, seed, crate::flag(a, "--kind"))
}

fn run_kind(scenarios: usize, seed: u64, kind: Option<String>) -> Result {
    ensure_jars()?;
    let root = root();
    run_cmd(
        cargo()
            .args(["run", "--quiet", "-p", "kafka-diff", "--"])
            .arg("--root")
            .arg(&root)
            .args(["--scenarios", &scenarios.to_string()])
            .args(["--seed", &seed.to_string()])
            .args(
                kind.map(|k| vec!["--kind".to_string(), k])
                    .unwrap_or_default(),
            ),
    )
}

/// A run started by [`spawn`], its output going to a log printed when it ends.
pub struct Running {
    child: std::process::Child,
    log: PathBuf,
}

/// Builds the differential binary and starts it in the background (the caller goes on with work
/// that does not need the cluster); [`Running::wait`] prints its log and says how it ended.
pub fn spawn(scenarios: usize, seed: u64) -> Result<Running> {
    ensure_jars()?;
    let root = root();
    run_cmd(cargo().args(["build", "--quiet", "-p", "kafka-diff"]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let log = target.join("kafka-diff/short-run.log");
    std::fs::create_dir_all(target.join("kafka-diff")).map_err(|e| e.to_string())?;
    let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = file.try_clone().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(target.join("debug/kafka-diff"));
    cmd.arg("--root")
        .arg(&root)
        .args(["--scenarios", &scenarios.to_string()])
        .args(["--seed", &seed.to_string()])
        .current_dir(&root)
        .stdout(file)
        .stderr(err);
    eprintln!(
        "$ {:?} (in the background, its output in {})",
        cmd,
        log.display()
    );
    let child = cmd.spawn().map_err(|e| format!("kafka-diff: {e}"))?;
    Ok(Running { child, log })
}

impl Running {
    pub fn wait(mut self) -> Result {
        let status = self.child.wait().map_err(|e| format!("kafka-diff: {e}"))?;
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        eprintln!(
            "--- kafka-diff ({}) ---\n{text}--- end of kafka-diff ---",
            self.log.display()
        );
        if status.success() {
            Ok(())
        } else {
            Err(format!("kafka-diff failed ({status}): see above"))
        }
    }
}

/// `target/kafka-diff/lib` holds the pom's jars: resolved once, again only when the pom is newer
/// than the stamp written after the last resolution.
fn ensure_jars() -> Result {
    let root = root();
    let pom = root.join("tests/kafka-diff/pom.xml");
    let lib = root.join("target/kafka-diff/lib");
    let stamp = root.join("target/kafka-diff/lib.resolved");
    let modified = |p: &std::path::Path| p.metadata().and_then(|m| m.modified()).ok();
    if modified(&stamp).is_some() && modified(&stamp) >= modified(&pom) {
        return Ok(());
    }
    for tool in ["java", "javac", "mvn"] {
        if Command::new(tool).arg("-version").output().is_err() {
            return Err(format!(
                "{tool} is not installed: the Kafka differential tests need a JDK 17+ and Maven"
            ));
        }
    }
    eprintln!(
        "Resolving Kafka's jars with Maven into {} ...",
        lib.display()
    );
    let _ = std::fs::remove_dir_all(&lib);
    run_cmd(
        Command::new("mvn")
            .args(["-q", "-B", "-f"])
            .arg(&pom)
            .arg("dependency:copy-dependencies")
            .arg(format!("-DoutputDirectory={}", lib.display()))
            .arg("-DincludeScope=runtime"),
    )?;
    std::fs::write(&stamp, "").map_err(|e| format!("{}: {e}", stamp.display()))
}
