//! `cargo xtask rabbit-diff [--scenarios N] [--seed S]`: differential tests of the engine's
//! RabbitMQ model against a real RabbitMQ (Debian's `rabbitmq-server`, 3.10.8).
//!
//! Installs the server with apt-get when missing, starts it as in `shared/TOOLCHAIN.md` ("A
//! real RabbitMQ for differential tests"): fresh `mnesia/` and `log/` folders in a temp dir
//! owned by the `rabbitmq` user, free loopback ports for AMQP, Erlang distribution and its own
//! `epmd`, a unique node name; waits for the AMQP port; runs the `rabbit-diff` binary
//! (`tests/rabbit-diff`); and always stops the server and its `epmd` afterwards, even when
//! something failed.

use crate::{Result, cargo, run as run_cmd};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the server may take to open its port (usually 10-20 s).
const START_TIMEOUT: Duration = Duration::from_secs(90);

/// The seed of `cargo xtask test`'s run: fixed, so CI is reproducible.
pub const SEED: u64 = 20261125;

/// `--scenarios N --seed S` (defaults: 200 scenarios, [`SEED`]).
pub fn args(args: &[String]) -> Result<(usize, u64)> {
    let scenarios = match crate::flag(args, "--scenarios") {
        Some(v) => v
            .parse()
            .map_err(|_| format!("--scenarios: not a number: {v}"))?,
        None => 200,
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
    ensure_installed()?;
    let server = RabbitServer::start()?;
    eprintln!(
        "RabbitMQ {} on 127.0.0.1:{} (node {}), started in {:.1} s",
        server_version(),
        server.port,
        server.node,
        server.started_in.as_secs_f64()
    );
    let defs = server.dir.join("defs");
    let result = run_cmd(
        cargo()
            .args(["run", "--quiet", "-p", "rabbit-diff", "--"])
            .args(["--port", &server.port.to_string()])
            .args(["--scenarios", &scenarios.to_string()])
            .args(["--seed", &seed.to_string()])
            .arg("--defs-dir")
            .arg(&defs)
            // For `rabbitmqctl export_definitions`/`import_definitions` in the round trip.
            .envs(server.ctl_env()),
    );
    drop(server);
    result
}

/// Debian's package, installed when `rabbitmq-server` is not on the machine.
fn ensure_installed() -> Result {
    if Path::new("/usr/sbin/rabbitmq-server").exists()
        && Path::new("/usr/sbin/rabbitmqctl").exists()
    {
        return Ok(());
    }
    eprintln!(
        "Installing Debian's rabbitmq-server (3.10, with its Erlang) with apt-get for the \
         differential tests (one time, about 15 s)..."
    );
    run_cmd(Command::new("apt-get").args(["update", "-qq"]))?;
    run_cmd(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "rabbitmq-server"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn server_version() -> String {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Version}", "rabbitmq-server"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_else(|_| "?".into())
}

/// A port the kernel just had free on loopback.
fn free_port() -> Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("free port: {e}"))?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// A running server; dropping it stops the server and its `epmd` and removes the temp dir.
struct RabbitServer {
    dir: PathBuf,
    port: u16,
    epmd_port: u16,
    node: String,
    child: Option<Child>,
    started_in: Duration,
}

impl RabbitServer {
    fn start() -> Result<RabbitServer> {
        let t0 = Instant::now();
        let pid = std::process::id();
        let dir = std::env::temp_dir().join(format!("rabbit-diff-{pid}"));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["mnesia", "log", "defs"] {
            std::fs::create_dir_all(dir.join(sub))
                .map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(dir.join("enabled_plugins"), "[].\n").map_err(|e| e.to_string())?;
        let mut server = RabbitServer {
            port: free_port()?,
            epmd_port: free_port()?,
            node: format!("rabbitdiff{pid}@localhost"),
            dir,
            child: None,
            started_in: Duration::ZERO,
        };
        // As root the start script switches to the `rabbitmq` user: it must own its folders.
        run_cmd(
            Command::new("chown")
                .args(["-R", "rabbitmq:rabbitmq"])
                .arg(&server.dir),
        )?;
        let dist_port = free_port()?;
        let log =
            std::fs::File::create(server.dir.join("server.out")).map_err(|e| e.to_string())?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let d = |p: &str| server.dir.join(p).to_string_lossy().into_owned();
        let child = Command::new("rabbitmq-server")
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
            .map_err(|e| format!("rabbitmq-server: {e}"))?;
        server.child = Some(child);
        // From here on, dropping `server` stops whatever did start.
        loop {
            if TcpStream::connect(("127.0.0.1", server.port)).is_ok() {
                break;
            }
            if let Some(c) = server.child.as_mut()
                && let Ok(Some(status)) = c.try_wait()
            {
                return Err(format!(
                    "rabbitmq-server exited ({status}) before opening its port; see {}",
                    server.dir.join("server.out").display()
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

    /// What `rabbitmqctl` needs to find this node (and only this node's `epmd`).
    fn ctl_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("RABBITMQ_NODENAME", self.node.clone()),
            ("ERL_EPMD_PORT", self.epmd_port.to_string()),
        ]
    }

    /// The pids of the `epmd` listening on our port: the one our server started (found by the
    /// `ERL_EPMD_PORT` in its environment, so another epmd on the machine is never touched).
    fn our_epmd(&self) -> Vec<u32> {
        let want = format!("ERL_EPMD_PORT={}", self.epmd_port);
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return vec![];
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
                let env = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
                comm.trim() == "epmd" && env.split(|&b| b == 0).any(|kv| kv == want.as_bytes())
            })
            .collect()
    }
}

impl Drop for RabbitServer {
    fn drop(&mut self) {
        eprintln!("Stopping the RabbitMQ node {} and its epmd", self.node);
        let _ = Command::new("rabbitmqctl")
            .arg("stop")
            .envs(self.ctl_env())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Some(mut c) = self.child.take() {
            let t0 = Instant::now();
            while !matches!(c.try_wait(), Ok(Some(_))) {
                if t0.elapsed() > Duration::from_secs(20) {
                    let _ = c.kill();
                    let _ = c.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        for pid in self.our_epmd() {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
