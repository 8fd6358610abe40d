//! Item 1 of issue 17: a real 3-node Kafka 4 cluster on loopback, started and stopped by the
//! project.
//!
//! Each node runs in KRaft combined mode (`process.roles=broker,controller`) with a static
//! three-voter quorum (`controller.quorum.voters`), its storage formatted first with
//! `kafka.tools.StorageTool format -t <cluster id> -c <props>`; brokers listen on free
//! 127.0.0.1 ports. Faults are signals to one node's JVM, by pid: `kill -9` and a restart on the
//! same storage, and SIGSTOP/SIGCONT (a node that stops answering, then comes back).
//! Dropping the [`Cluster`] stops every process it started, also after an error or a panic.

use crate::java::Jars;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Nodes in the cluster.
pub const NODES: usize = 3;
/// How long a node may take to open its broker port.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A port the kernel just had free on loopback.
fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("free port: {e}"))?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

/// One node: ids, ports, its folder and (while it runs) its JVM.
pub struct Node {
    /// `node.id` (1-based, as the engine's brokers are numbered from 1).
    pub id: u32,
    /// The broker (PLAINTEXT) port.
    pub port: u16,
    /// The controller port.
    pub controller_port: u16,
    dir: PathBuf,
    child: Option<Child>,
    stopped: bool,
}

impl Node {
    fn props(&self) -> PathBuf {
        self.dir.join("server.properties")
    }

    /// The JVM's pid while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }
}

/// The cluster; dropping it kills every node (by pid) and removes its folder.
pub struct Cluster {
    /// The nodes, `nodes[i].id == i + 1`.
    pub nodes: Vec<Node>,
    dir: PathBuf,
    jars: Jars,
    /// How long the start took.
    pub started_in: Duration,
}

impl Cluster {
    /// Formats storage for three nodes under a fresh temp folder and starts them.
    pub fn start(jars: &Jars) -> Result<Cluster, String> {
        let t0 = Instant::now();
        let dir = std::env::temp_dir().join(format!("kafka-diff-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut cluster = Cluster {
            nodes: Vec::new(),
            dir,
            jars: jars.clone(),
            started_in: Duration::ZERO,
        };
        for id in 1..=NODES as u32 {
            let node_dir = cluster.dir.join(format!("node{id}"));
            std::fs::create_dir_all(node_dir.join("data"))
                .map_err(|e| format!("{}: {e}", node_dir.display()))?;
            cluster.nodes.push(Node {
                id,
                port: free_port()?,
                controller_port: free_port()?,
                dir: node_dir,
                child: None,
                stopped: false,
            });
        }
        let voters = cluster
            .nodes
            .iter()
            .map(|n| format!("{}@127.0.0.1:{}", n.id, n.controller_port))
            .collect::<Vec<_>>()
            .join(",");
        // Any 16-byte base64 UUID; fixed so runs are alike.
        let cluster_id = "a2Fma2EtZGlmZi0wMDAx";
        for n in &cluster.nodes {
            std::fs::write(n.props(), properties(n, &voters)).map_err(|e| e.to_string())?;
            let out = Command::new("java")
                .args(["-Xmx256m", "-cp"])
                .arg(format!("{}/*", jars.lib.display()))
                .args(["kafka.tools.StorageTool", "format", "-t", cluster_id, "-c"])
                .arg(n.props())
                .output()
                .map_err(|e| format!("StorageTool: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "StorageTool format for node {} failed: {}{}",
                    n.id,
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
        for i in 0..NODES {
            cluster.spawn(i)?;
        }
        for i in 0..NODES {
            cluster.wait_listening(i, t0)?;
        }
        cluster.started_in = t0.elapsed();
        Ok(cluster)
    }

    /// `bootstrap.servers` for clients.
    pub fn bootstrap(&self) -> String {
        self.nodes
            .iter()
            .map(|n| format!("127.0.0.1:{}", n.port))
            .collect::<Vec<_>>()
            .join(",")
    }

    fn spawn(&mut self, i: usize) -> Result<(), String> {
        let n = &mut self.nodes[i];
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(n.dir.join("server.out"))
            .map_err(|e| e.to_string())?;
        let err = log.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new("java")
            .args([
                "-Xmx384m",
                "-Xms128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
            ])
            .arg(format!(
                "-Dkafka.logs.dir={}",
                n.dir.join("logs").to_string_lossy()
            ))
            .arg("-cp")
            .arg(format!("{}/*", self.jars.lib.display()))
            .arg("kafka.Kafka")
            .arg(n.props())
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("java kafka.Kafka: {e}"))?;
        n.child = Some(child);
        n.stopped = false;
        Ok(())
    }

    fn wait_listening(&mut self, i: usize, t0: Instant) -> Result<(), String> {
        loop {
            let n = &mut self.nodes[i];
            if TcpStream::connect(("127.0.0.1", n.port)).is_ok() {
                return Ok(());
            }
            if let Some(c) = n.child.as_mut()
                && let Ok(Some(status)) = c.try_wait()
            {
                return Err(format!(
                    "node {} exited ({status}) before listening; see {}",
                    n.id,
                    n.dir.join("server.out").display()
                ));
            }
            if t0.elapsed() > START_TIMEOUT {
                return Err(format!("node {} did not listen in time", n.id));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// `kill -9` the node with this id.
    pub fn kill(&mut self, id: u32) -> Result<(), String> {
        let n = self.node_mut(id)?;
        if let Some(mut c) = n.child.take() {
            if n.stopped {
                signal(c.id(), "CONT");
            }
            c.kill().map_err(|e| format!("kill node {id}: {e}"))?;
            let _ = c.wait();
        }
        n.stopped = false;
        Ok(())
    }

    /// Starts a killed node again on its storage and waits until it listens.
    pub fn restart(&mut self, id: u32) -> Result<(), String> {
        let i = self.index(id)?;
        if self.nodes[i].child.is_some() {
            return Ok(());
        }
        self.spawn(i)?;
        self.wait_listening(i, Instant::now())
    }

    /// SIGSTOP: the node keeps its sockets but answers nothing (isolated, or very slow).
    pub fn pause(&mut self, id: u32) -> Result<(), String> {
        let n = self.node_mut(id)?;
        if let Some(pid) = n.pid() {
            signal(pid, "STOP");
            n.stopped = true;
        }
        Ok(())
    }

    /// SIGCONT after [`Cluster::pause`].
    pub fn resume(&mut self, id: u32) -> Result<(), String> {
        let n = self.node_mut(id)?;
        if let Some(pid) = n.pid() {
            signal(pid, "CONT");
        }
        n.stopped = false;
        Ok(())
    }

    /// Resumes every paused node and restarts every killed one (after a scenario).
    pub fn restore(&mut self) -> Result<(), String> {
        for id in 1..=self.nodes.len() as u32 {
            let i = self.index(id)?;
            if self.nodes[i].stopped {
                self.resume(id)?;
            }
            if self.nodes[i].child.is_none() {
                self.restart(id)?;
            }
        }
        Ok(())
    }

    /// Whether the node's JVM is running and not paused.
    pub fn is_up(&self, id: u32) -> bool {
        self.nodes
            .iter()
            .any(|n| n.id == id && n.child.is_some() && !n.stopped)
    }

    fn index(&self, id: u32) -> Result<usize, String> {
        self.nodes
            .iter()
            .position(|n| n.id == id)
            .ok_or_else(|| format!("no node {id}"))
    }

    fn node_mut(&mut self, id: u32) -> Result<&mut Node, String> {
        let i = self.index(id)?;
        Ok(&mut self.nodes[i])
    }

    /// The folder holding the nodes' logs (`nodeN/server.out`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .status();
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for n in &mut self.nodes {
            if let Some(mut c) = n.child.take() {
                if n.stopped {
                    signal(c.id(), "CONT");
                }
                let _ = c.kill();
                let _ = c.wait();
            }
        }
        if std::env::var_os("KAFKA_DIFF_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A node's `server.properties`: tuned so that faults settle in seconds, not minutes.
fn properties(n: &Node, voters: &str) -> String {
    format!(
        "process.roles=broker,controller
node.id={id}
controller.quorum.voters={voters}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs={data}
num.partitions=1
default.replication.factor=3
offsets.topic.replication.factor=3
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
group.consumer.heartbeat.interval.ms=500
group.consumer.min.heartbeat.interval.ms=500
group.consumer.session.timeout.ms=6000
group.consumer.min.session.timeout.ms=6000
replica.lag.time.max.ms=2000
replica.fetch.wait.max.ms=100
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000
controller.quorum.election.timeout.ms=1000
controller.quorum.fetch.timeout.ms=2000
auto.leader.rebalance.enable=false
unclean.leader.election.enable=false
log.retention.check.interval.ms=1000
log.segment.delete.delay.ms=0
log.cleaner.backoff.ms=500
log.initial.task.delay.ms=0
num.network.threads=2
num.io.threads=2
num.replica.fetchers=1
background.threads=2
log.cleaner.threads=1
",
        id = n.id,
        port = n.port,
        cport = n.controller_port,
        data = n.dir.join("data").to_string_lossy(),
    )
}
