//! `cargo xtask rabbit-diff [--scenarios N] [--seed S]`: differential tests of the engine's
//! RabbitMQ model against a real RabbitMQ 4.0.5 (Debian 13's `rabbitmq-server`, Erlang 27).
//!
//! Debian 13's package cannot be installed into this Debian 12 system, so it lives in a Debian 13
//! root of its own under `target/rabbitmq-4.0/root` (`shared/TOOLCHAIN.md`, "RabbitMQ 4.0.5 for
//! differential tests"): `debootstrap --variant=minbase trixie` from the archive the machine's
//! own apt sources name (read at run time; no host is written into the repo), then
//! `rabbitmq-server` installed inside it with apt-get. Later runs reuse it.
//!
//! Each run mounts `/proc` into the root, starts the server there with `chroot` on free
//! loopback ports (AMQP, Erlang distribution and its own `epmd`, a unique node name, fresh
//! `mnesia/` and `log/` folders owned by the root's `rabbitmq` user), waits for the AMQP port,
//! runs the `rabbit-diff` binary (`tests/rabbit-diff`), and always stops what it started
//! (`rabbitmqctl stop`, its `epmd` by pid, the `/proc` mount), also when something failed.

use crate::{Result, cargo, root, run as run_cmd};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the server may take to open its port (usually 3-20 s).
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// The seed of `cargo xtask test`'s run: fixed, so CI is reproducible.
pub const SEED: u64 = 20261125;

/// Scenarios in `cargo xtask test`'s run (the long mode is `--scenarios 1000`).
pub const SHORT: usize = 200;

/// The Debian release whose archive has RabbitMQ 4.0.5.
const SUITE: &str = "trixie";

/// Written into the root once `rabbitmq-server` is installed: a root without it is unfinished
/// (an interrupted bootstrap) and is made again.
const READY: &str = ".rabbit-diff-ready";

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

/// Starts a server, runs `scenarios` scenarios from `seed` and the definitions round trip,
/// stops the server.
pub fn run(scenarios: usize, seed: u64) -> Result {
    let chroot = root().join("target/rabbitmq-4.0/root");
    ensure_root(&chroot)?;
    // Built before the server starts, so its start-up is not slowed by the compiler.
    run_cmd(cargo().args(["build", "--quiet", "-p", "rabbit-diff"]))?;
    let server = RabbitServer::start(&chroot)?;
    eprintln!(
        "RabbitMQ {} (Debian {SUITE}, in {}) on 127.0.0.1:{} (node {}), started in {:.1} s",
        server.version(),
        chroot.display(),
        server.port,
        server.node,
        server.started_in.as_secs_f64()
    );
    let defs = server.host_dir.join("defs");
    let result = run_cmd(
        cargo()
            .args(["run", "--quiet", "-p", "rabbit-diff", "--"])
            .args(["--port", &server.port.to_string()])
            .args(["--scenarios", &scenarios.to_string()])
            .args(["--seed", &seed.to_string()])
            .arg("--defs-dir")
            .arg(&defs)
            // For `rabbitmqctl export_definitions`/`import_definitions` in the round trip: run
            // inside the root, on paths inside it.
            .env("RABBIT_DIFF_CHROOT", &chroot)
            .envs(server.ctl_env()),
    );
    drop(server);
    result
}

/// The archive the machine's apt sources name for Debian itself (not its security archive):
/// the first `URIs:` of a deb822 `.sources` stanza or the URL of a `deb` line whose suite has
/// no `-updates`/`-security` suffix.
fn debian_mirror() -> Result<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("/etc/apt/sources.list.d")
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.sort();
    files.push("/etc/apt/sources.list".into());
    for f in files {
        let name = f.to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let plain = |suite: &str| !suite.contains('-') && !suite.contains('/');
        if name.ends_with(".sources") {
            for stanza in text.split("\n\n") {
                let field = |k: &str| {
                    stanza.lines().find_map(|l| {
                        l.strip_prefix(k)
                            .and_then(|r| r.strip_prefix(':'))
                            .map(str::trim)
                    })
                };
                let enabled = field("Enabled").is_none_or(|v| v != "no");
                let deb = field("Types").is_some_and(|t| t.split_whitespace().any(|t| t == "deb"));
                let suites = field("Suites").unwrap_or("");
                if enabled
                    && deb
                    && suites.split_whitespace().any(plain)
                    && let Some(uri) = field("URIs").and_then(|u| u.split_whitespace().next())
                    && uri.contains("debian")
                {
                    return Ok(uri.to_string());
                }
            }
        } else if name.ends_with(".list") {
            for l in text.lines() {
                let w: Vec<&str> = l
                    .split_whitespace()
                    .filter(|w| !w.starts_with('['))
                    .collect();
                if w.len() >= 3 && w[0] == "deb" && plain(w[2]) && w[1].contains("debian") {
                    return Ok(w[1].to_string());
                }
            }
        }
    }
    Err("no Debian archive in /etc/apt/sources.list.d/ or /etc/apt/sources.list".into())
}

/// Mount points at or below `dir`, deepest first (from `/proc/mounts`).
fn mounts_below(dir: &Path) -> Vec<String> {
    let d = dir.to_string_lossy().into_owned();
    let mut m: Vec<String> = std::fs::read_to_string("/proc/mounts")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_string))
        .filter(|p| p == &d || p.starts_with(&format!("{d}/")))
        .collect();
    m.sort_by_key(|p| std::cmp::Reverse(p.len()));
    m
}

/// The Debian 13 root with `rabbitmq-server` in it, made when missing or unfinished.
fn ensure_root(dir: &Path) -> Result {
    if dir.join(READY).exists() {
        return Ok(());
    }
    let t0 = Instant::now();
    if dir.exists() {
        // An interrupted bootstrap: nothing may still be mounted in it before it is removed.
        for m in mounts_below(dir) {
            run_cmd(Command::new("umount").arg(&m))?;
        }
        run_cmd(
            Command::new("rm")
                .args(["-rf", "--one-file-system"])
                .arg(dir),
        )?;
    }
    let mirror = debian_mirror()?;
    eprintln!(
        "Making a Debian {SUITE} root in {} with RabbitMQ 4.0 for the differential tests (one \
         time, a few minutes)...",
        dir.display()
    );
    if Command::new("debootstrap")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        run_cmd(Command::new("apt-get").args(["update", "-qq"]))?;
        run_cmd(
            Command::new("apt-get")
                .args(["install", "-y", "-qq", "debootstrap"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    run_cmd(
        Command::new("debootstrap")
            .args(["--variant=minbase", SUITE])
            .arg(dir)
            .arg(&mirror),
    )?;
    std::fs::copy("/etc/resolv.conf", dir.join("etc/resolv.conf"))
        .map_err(|e| format!("resolv.conf: {e}"))?;
    // No service may start inside the root while packages install (it has no init system).
    let policy = dir.join("usr/sbin/policy-rc.d");
    std::fs::write(&policy, "#!/bin/sh\nexit 101\n").map_err(|e| e.to_string())?;
    run_cmd(Command::new("chmod").arg("755").arg(&policy))?;
    let proc_mount = ProcMount::mount(dir)?;
    let apt = |args: &[&str]| {
        run_cmd(
            Command::new("chroot")
                .arg(dir)
                .arg("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    apt(&["update", "-qq"])?;
    apt(&[
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        "rabbitmq-server",
    ])?;
    drop(proc_mount);
    std::fs::write(dir.join(READY), "").map_err(|e| e.to_string())?;
    eprintln!(
        "Debian {SUITE} root ready in {:.0} s",
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `/proc` bound into the root while it lives. Bind mounts stack, so two runs sharing the root
/// each mount and unmount their own.
struct ProcMount(PathBuf);

impl ProcMount {
    fn mount(dir: &Path) -> Result<ProcMount> {
        let p = dir.join("proc");
        run_cmd(Command::new("mount").args(["--bind", "/proc"]).arg(&p))?;
        Ok(ProcMount(p))
    }
}

impl Drop for ProcMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A port the kernel just had free on loopback.
fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("free port: {e}"))?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// A running server; dropping it stops the server and its `epmd`, removes its folder and
/// unmounts `/proc`.
struct RabbitServer {
    chroot: PathBuf,
    /// The run's folder, as the host sees it.
    host_dir: PathBuf,
    /// The same folder inside the root.
    dir: String,
    port: u16,
    epmd_port: u16,
    node: String,
    child: Option<Child>,
    started_in: Duration,
    // Dropped last (fields drop in order): the server stops before `/proc` goes.
    _proc: ProcMount,
}

impl RabbitServer {
    fn start(chroot: &Path) -> Result<RabbitServer> {
        let t0 = Instant::now();
        let pid = std::process::id();
        let dir = format!("/tmp/rabbit-diff-{pid}");
        let host_dir = chroot.join(dir.trim_start_matches('/'));
        let _ = std::fs::remove_dir_all(&host_dir);
        for sub in ["mnesia", "log", "defs"] {
            std::fs::create_dir_all(host_dir.join(sub))
                .map_err(|e| format!("{}: {e}", host_dir.display()))?;
        }
        std::fs::write(host_dir.join("enabled_plugins"), "[].\n").map_err(|e| e.to_string())?;
        let mut server = RabbitServer {
            chroot: chroot.to_path_buf(),
            host_dir,
            dir,
            port: free_port()?,
            epmd_port: free_port()?,
            node: format!("rabbitdiff{pid}@localhost"),
            child: None,
            started_in: Duration::ZERO,
            _proc: ProcMount::mount(chroot)?,
        };
        // As root the start script switches to the `rabbitmq` user (the root's own): it must
        // own its folders.
        run_cmd(Command::new("chroot").arg(chroot).args([
            "chown",
            "-R",
            "rabbitmq:rabbitmq",
            &server.dir,
        ]))?;
        let dist_port = free_port()?;
        let log =
            std::fs::File::create(server.host_dir.join("server.out")).map_err(|e| e.to_string())?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let d = |p: &str| format!("{}/{p}", server.dir);
        let child = Command::new("chroot")
            .arg(chroot)
            .arg("/usr/sbin/rabbitmq-server")
            .env("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .env("RABBITMQ_NODE_PORT", server.port.to_string())
            .env("RABBITMQ_DIST_PORT", dist_port.to_string())
            .env("RABBITMQ_MNESIA_BASE", d("mnesia"))
            .env("RABBITMQ_LOG_BASE", d("log"))
            .env("RABBITMQ_FEATURE_FLAGS_FILE", d("feature_flags"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", d("enabled_plugins"))
            .envs(server.ctl_env())
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("chroot rabbitmq-server: {e}"))?;
        server.child = Some(child);
        // From here on, dropping `server` stops whatever did start.
        loop {
            if TcpStream::connect(("127.0.0.1", server.port)).is_ok() {
                break;
            }
            if let Some(c) = server.child.as_mut()
                && let Ok(Some(status)) = c.try_wait()
            {
                let out =
                    std::fs::read_to_string(server.host_dir.join("server.out")).unwrap_or_default();
                return Err(format!(
                    "rabbitmq-server exited ({status}) before opening its port:\n{out}"
                ));
            }
            if t0.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "rabbitmq-server did not open 127.0.0.1:{} within {} s",
                    server.port,
                    START_TIMEOUT.as_secs()
                ));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        server.started_in = t0.elapsed();
        Ok(server)
    }

    fn version(&self) -> String {
        Command::new("chroot")
            .arg(&self.chroot)
            .args(["dpkg-query", "-W", "-f=${Version}", "rabbitmq-server"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_else(|_| "?".into())
    }

    /// What `rabbitmqctl` needs to find this node (and only this node's `epmd`).
    fn ctl_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("RABBITMQ_NODENAME", self.node.clone()),
            ("ERL_EPMD_PORT", self.epmd_port.to_string()),
        ]
    }

    /// The pids of processes our server started: those with our node name or our `epmd` port
    /// in their environment (every one inherits them), so nothing else on the machine is
    /// ever touched. `epmd_only`: just its `epmd`.
    fn our_pids(&self, epmd_only: bool) -> Vec<u32> {
        let node = format!("RABBITMQ_NODENAME={}", self.node);
        let epmd = format!("ERL_EPMD_PORT={}", self.epmd_port);
        let me = std::process::id();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return vec![];
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|&pid| pid != me)
            .filter(|pid| {
                let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
                let has = |want: &str| env.split(|&b| b == 0).any(|kv| kv == want.as_bytes());
                if epmd_only {
                    comm.trim() == "epmd" && has(&epmd)
                } else {
                    has(&node) && has(&epmd)
                }
            })
            .collect()
    }
}

impl Drop for RabbitServer {
    fn drop(&mut self) {
        eprintln!("Stopping the RabbitMQ node {} and its epmd", self.node);
        let _ = Command::new("chroot")
            .arg(&self.chroot)
            .args(["/usr/sbin/rabbitmqctl", "stop"])
            .envs(self.ctl_env())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Some(mut c) = self.child.take() {
            let t0 = Instant::now();
            while !matches!(c.try_wait(), Ok(Some(_))) {
                if t0.elapsed() > Duration::from_secs(20) {
                    // `rabbitmqctl stop` did not work: end the node's processes by pid.
                    for pid in self.our_pids(false) {
                        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
                    }
                    let _ = c.kill();
                    let _ = c.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        for pid in self.our_pids(true) {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
        let _ = std::fs::remove_dir_all(&self.host_dir);
    }
}
