//! `cargo xtask <command>`: installs what the build needs, builds, serves, tests and measures.

mod bench;
mod csp;
mod kafka_diff;
mod rabbit_diff;
mod server;
mod toolchain;
mod wasm;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <command>

  serve [--public-url /sub/path/] [--port N]
                      install what is missing, build, serve on http://127.0.0.1:8080
  test                fmt, clippy, cargo test, release web build, browser tests
  dist [--public-url /sub/path/]
                      release build into dist/ and a table of raw and gzip sizes
  bench [--browser]   engine throughput against the budgets; --browser adds the release
                      app measured in Chromium (load, ready, wasm, frames, scrub, memory)
  conformance FILE    check a golden-vector JSON file against the engine
  rabbit-diff [--scenarios N] [--seed S]
                      differential tests against RabbitMQ 4.0.5 (makes a Debian 13 root under
                      target/ once, starts the server there); default 200, long mode: 1000
  kafka-diff [--scenarios N] [--seed S] [--kind group|faults|retention|random]
                      differential tests against a real 3-node Kafka 4 cluster (resolves the
                      jars with Maven, starts the cluster on loopback); long mode: 1000
  fuzz [--secs N] [--target share|defs]
                      fuzz share links (decode + replay) and definitions files (parse +
                      import) for N seconds each (default 600); any panic, overflow, or case
                      over its allocation or time budget fails
  e2e [FILTER…]       only the release web build and the browser tests (FILTER: spec
                      file names or -g 'title', passed to Playwright)
  setup               only install what is missing
  wasm                (Trunk's post_build hook) build, split and link the app's wasm";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("dist") => dist(&args[1..]).map(|_| ()),
        Some("conformance") => conformance(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("rabbit-diff") => rabbit_diff::args(&args[1..])
            .and_then(|(scenarios, seed)| rabbit_diff::run(scenarios, seed)),
        Some("kafka-diff") => kafka_diff::run_args(&args[1..]),
        Some("e2e") => {
            toolchain::ensure(toolchain::Need::All).and_then(|()| browser_tests(&args[1..]))
        }
        Some("fuzz") => fuzz(&args[1..]),
        Some("wasm") => wasm::hook(),
        Some("setup") => toolchain::ensure(toolchain::Need::All),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

/// Runs a command in the workspace root, echoing it; fails when it fails.
pub fn run(cmd: &mut Command) -> Result {
    eprintln!("$ {}", describe(cmd));
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("{}: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|s| s.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The value after `--name`, if given.
fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// A public URL is served from `/sub/path/`: it must start and end with a slash.
fn public_url(args: &[String]) -> Result<String> {
    let url = flag(args, "--public-url").unwrap_or_else(|| "/".into());
    if !url.starts_with('/') || !url.ends_with('/') {
        return Err(format!(
            "--public-url must start and end with '/', got `{url}`"
        ));
    }
    Ok(url)
}

fn trunk(args: &[&str]) -> Command {
    let mut cmd = Command::new("trunk");
    cmd.args(args)
        .env("PATH", toolchain::path_with_tools())
        .env("NO_COLOR", "true");
    cmd
}

fn serve(args: &[String]) -> Result {
    toolchain::ensure(toolchain::Need::Build)?;
    let url = public_url(args)?;
    let port = flag(args, "--port").unwrap_or_else(|| "8080".into());
    let base = if url == "./" { "/" } else { url.as_str() };
    println!("Broker Playground: http://127.0.0.1:{port}{base}  (Ctrl-C stops it)");
    run(&mut trunk(&[
        "serve",
        "--public-url",
        &url,
        "--serve-base",
        base,
        "--port",
        &port,
        "--address",
        "127.0.0.1",
    ]))
}

/// The release web build into `dist_dir`.
pub fn build_web(dist_dir: &Path, url: &str) -> Result {
    let dist = dist_dir.to_string_lossy().into_owned();
    run(&mut trunk(&[
        "build",
        "--release",
        "--public-url",
        url,
        "--dist",
        &dist,
    ]))?;
    csp::externalize_inline_scripts(dist_dir, url)
}

fn dist(args: &[String]) -> Result<Vec<(String, u64, u64)>> {
    toolchain::ensure(toolchain::Need::Build)?;
    let url = public_url(args)?;
    let dir = root().join("dist");
    build_web(&dir, &url)?;
    let sizes = size_table(&dir)?;
    print_sizes(&sizes);
    Ok(sizes)
}

/// Raw and gzip (level 9) size of every file under `dir`.
fn size_table(dir: &Path) -> Result<Vec<(String, u64, u64)>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .into_owned();
                out.push((name, bytes.len() as u64, gzip_len(&bytes)));
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn gzip_len(bytes: &[u8]) -> u64 {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory").len() as u64
}

fn print_sizes(rows: &[(String, u64, u64)]) {
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(5);
    println!("{:<width$} {:>10} {:>10}", "file", "raw B", "gzip B");
    for (name, raw, gz) in rows {
        println!("{name:<width$} {raw:>10} {gz:>10}");
    }
    let (raw, gz) = rows
        .iter()
        .fold((0, 0), |(r, g), row| (r + row.1, g + row.2));
    println!("{:<width$} {raw:>10} {gz:>10}", "total");
}

fn test(_args: &[String]) -> Result {
    toolchain::ensure(toolchain::Need::All)?;
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args(["test", "--workspace"]))?;
    fuzz(&["--secs".into(), FUZZ_SHORT_SECS.to_string()])?;
    // The Kafka run spends most of its time waiting on a real cluster (elections, restarts,
    // session timeouts), so it runs beside the RabbitMQ run and the release build: that keeps a
    // fresh machine's run well under 45 minutes.
    let kafka = kafka_diff::spawn(kafka_diff::SHORT, kafka_diff::SEED)?;
    let rabbit = rabbit_diff::run(rabbit_diff::SHORT, rabbit_diff::SEED);
    let dir = root().join("target/e2e/dist");
    let web = rabbit.and_then(|()| build_web(&dir, "./"));
    let kafka = kafka.wait();
    web?;
    kafka?;
    serve_and_test(dir, &[])
}

/// Seconds per fuzz target in `cargo xtask test` (two targets: under a minute in all).
const FUZZ_SHORT_SECS: u64 = 25;

/// Runs the fuzzer (`tests/fuzz`) in its own profile: optimized, with overflow checks and
/// debug assertions on.
fn fuzz(args: &[String]) -> Result {
    let mut args = args.to_vec();
    if !args.iter().any(|a| a == "--secs") {
        args.extend(["--secs".into(), "600".into()]);
    }
    run(cargo()
        .args([
            "run",
            "--quiet",
            "--profile",
            "fuzz",
            "-p",
            "playground-fuzz",
            "--",
        ])
        .args(&args))
}

/// Builds the release app into `target/e2e/dist` and runs Playwright against it on a static
/// server this process starts on a free loopback port and stops afterwards.
fn browser_tests(filters: &[String]) -> Result {
    let dir = root().join("target/e2e/dist");
    build_web(&dir, "./")?;
    serve_and_test(dir, filters)
}

/// Runs Playwright against the app already built in `dir`.
fn serve_and_test(dir: PathBuf, filters: &[String]) -> Result {
    let server = server::Server::start(dir)?;
    eprintln!("static server on {}", server.base_url());
    let result = run(Command::new("npx")
        .args([
            "playwright",
            "test",
            "--config",
            "tests/e2e/playwright.config.ts",
        ])
        .args(filters)
        .env("BASE_URL", server.base_url())
        .env("SUB_PATH", server::SUB_PATH)
        .env("PATH", toolchain::path_with_tools()));
    drop(server);
    result
}

fn conformance(args: &[String]) -> Result {
    let file = args
        .first()
        .ok_or("usage: cargo xtask conformance FILE.json")?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let report = playground_tests::conformance::run_str(&text)?;
    println!("{report}");
    if report.failed() == 0 {
        Ok(())
    } else {
        Err(format!("{} vectors failed", report.failed()))
    }
}
