//! The Java driver (`java/KafkaDiffDriver.java` on Kafka's jars), spoken to line by line.
//!
//! The jars are resolved by `cargo xtask kafka-diff` (Maven, into `target/kafka-diff/lib`);
//! this module compiles the driver with `javac` when its class is missing or older than its
//! source, and runs it as a child process that is killed (by pid) when dropped.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// Where Kafka's jars and the compiled driver live.
#[derive(Clone, Debug)]
pub struct Jars {
    /// `target/kafka-diff/lib`: every jar of the broker and client.
    pub lib: PathBuf,
    /// `target/kafka-diff/classes`: the compiled driver.
    pub classes: PathBuf,
}

impl Jars {
    /// The layout under `target/` of the workspace at `root`.
    pub fn under(root: &Path) -> Jars {
        Jars {
            lib: root.join("target/kafka-diff/lib"),
            classes: root.join("target/kafka-diff/classes"),
        }
    }

    /// The `-cp` of the broker and the driver.
    pub fn classpath(&self) -> String {
        format!("{}:{}/*", self.classes.display(), self.lib.display())
    }

    /// The Kafka version of the jars (from `kafka-clients-<v>.jar`).
    pub fn kafka_version(&self) -> Result<String, String> {
        let dir =
            std::fs::read_dir(&self.lib).map_err(|e| format!("{}: {e}", self.lib.display()))?;
        dir.filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find_map(|n| {
                n.strip_prefix("kafka-clients-")?
                    .strip_suffix(".jar")
                    .map(str::to_string)
            })
            .ok_or_else(|| format!("no kafka-clients jar in {}", self.lib.display()))
    }

    /// Compiles the driver when needed.
    pub fn compile(&self, source_dir: &Path) -> Result<(), String> {
        let sources: Vec<PathBuf> = std::fs::read_dir(source_dir)
            .map_err(|e| format!("{}: {e}", source_dir.display()))?
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "java"))
            .collect();
        let newest = sources
            .iter()
            .filter_map(|p| p.metadata().ok()?.modified().ok())
            .max();
        let class = self.classes.join("KafkaDiffDriver.class");
        let built = class.metadata().ok().and_then(|m| m.modified().ok());
        if built.is_some() && built >= newest {
            return Ok(());
        }
        std::fs::create_dir_all(&self.classes).map_err(|e| e.to_string())?;
        let status = Command::new("javac")
            .args(["-nowarn", "-encoding", "UTF-8", "-cp"])
            .arg(format!("{}/*", self.lib.display()))
            .arg("-d")
            .arg(&self.classes)
            .args(&sources)
            .status()
            .map_err(|e| format!("javac: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("javac failed ({status})"))
        }
    }
}

/// A running driver; dropping it kills the process.
pub struct Driver {
    child: Child,
    to: BufWriter<ChildStdin>,
    from: BufReader<ChildStdout>,
}

impl Driver {
    /// Starts `java KafkaDiffDriver <args>`.
    pub fn start(jars: &Jars, args: &[&str]) -> Result<Driver, String> {
        let mut child = Command::new("java")
            .args(["-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"])
            // Kafka's client logs through SLF4J; with no binding it prints one warning.
            .arg("-Dslf4j.internal.verbosity=WARN")
            .arg("-cp")
            .arg(jars.classpath())
            .arg("KafkaDiffDriver")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("java: {e}"))?;
        let to = BufWriter::new(child.stdin.take().ok_or("no stdin")?);
        let from = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        Ok(Driver { child, to, from })
    }

    /// Sends one request line and reads its one reply line.
    pub fn ask(&mut self, line: &str) -> Result<String, String> {
        writeln!(self.to, "{line}").map_err(|e| format!("driver stdin: {e}"))?;
        self.to.flush().map_err(|e| format!("driver stdin: {e}"))?;
        let mut reply = String::new();
        let n = self
            .from
            .read_line(&mut reply)
            .map_err(|e| format!("driver stdout: {e}"))?;
        if n == 0 {
            return Err(format!("the driver exited while answering {line:?}"));
        }
        Ok(reply.trim_end_matches(['\r', '\n']).to_string())
    }

    /// Sends many request lines at once and reads as many replies (one pipe round trip).
    pub fn ask_many(&mut self, lines: &[String]) -> Result<Vec<String>, String> {
        // Writing everything first could fill both pipes and deadlock; a thread writes.
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let mut out = Vec::with_capacity(lines.len());
        std::thread::scope(|s| -> Result<(), String> {
            let to = &mut self.to;
            let writer = s.spawn(move || -> std::io::Result<()> {
                to.write_all(text.as_bytes())?;
                to.flush()
            });
            for _ in lines {
                let mut reply = String::new();
                let n = self
                    .from
                    .read_line(&mut reply)
                    .map_err(|e| format!("driver stdout: {e}"))?;
                if n == 0 {
                    return Err("the driver exited mid-batch".into());
                }
                out.push(reply.trim_end_matches(['\r', '\n']).to_string());
            }
            writer
                .join()
                .map_err(|_| "writer thread panicked".to_string())?
                .map_err(|e| format!("driver stdin: {e}"))
        })?;
        Ok(out)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = writeln!(self.to, "Q");
        let _ = self.to.flush();
        let t0 = std::time::Instant::now();
        while !matches!(self.child.try_wait(), Ok(Some(_))) {
            if t0.elapsed() > std::time::Duration::from_secs(5) {
                let _ = self.child.kill();
                let _ = self.child.wait();
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}
