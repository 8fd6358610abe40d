//! `cargo xtask bench --browser`: the release app in Debian's Chromium on this machine (first
//! load, time to ready, the engine in wasm, scrubbing, memory, frame times), beside the native
//! figures. The browser half is `tests/perf/browser-bench.mjs` and the app's `?bench=1` page.

use super::{Better, Row};
use crate::{Result, root, server::Server, toolchain};
use std::collections::BTreeMap;
use std::process::Command;

pub fn measure(native_records_per_s: f64) -> Result<Vec<Row>> {
    let dir = root().join("target/bench/dist");
    crate::build_web(&dir, "./")?;
    let server = Server::start(dir)?;
    eprintln!(
        "$ node tests/perf/browser-bench.mjs  (several cold loads and a long wasm run: about a minute)"
    );
    let output = Command::new("node")
        .arg("tests/perf/browser-bench.mjs")
        .current_dir(root())
        .env("BASE_URL", server.base_url())
        .env("PATH", toolchain::path_with_tools())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    drop(server);
    if !output.status.success() {
        return Err(format!(
            "browser bench failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let figures: BTreeMap<String, String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|l| {
            l.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let num = |k: &str| figures.get(k).and_then(|v| v.parse::<f64>().ok());
    let mut rows = Vec::new();
    let mut push = |name: &'static str,
                    key: &str,
                    unit: &'static str,
                    budget: Option<(f64, Better)>| {
        match num(key) {
            Some(value) => rows.push(Row {
                name,
                value,
                unit,
                budget,
            }),
            None => eprintln!(
                "browser bench: `{key}` not measured ({})",
                figures.get(key).map_or("missing", |v| v)
            ),
        }
    };
    push(
        "first load, gzip: the course page",
        "first_load_gzip_bytes",
        "bytes",
        Some((300.0 * 1024.0, Better::Lower)),
    );
    push(
        "  a Kafka step widget (message-anatomy, step 2)",
        "widget_kafka_first_load_gzip_bytes",
        "bytes",
        Some((300.0 * 1024.0, Better::Lower)),
    );
    push(
        "  a RabbitMQ step widget (rabbit-basics, step 2)",
        "widget_rabbit_first_load_gzip_bytes",
        "bytes",
        Some((300.0 * 1024.0, Better::Lower)),
    );
    push(
        "ready: the course page's step shown (median)",
        "ready_median_ms",
        "ms",
        Some((300.0, Better::Lower)),
    );
    push(
        "wasm pipeline (second run: optimized code)",
        "wasm_pipeline_records_per_s",
        "records/s",
        Some((1_000_000.0, Better::Higher)),
    );
    push(
        "  first run, while V8 compiles",
        "wasm_pipeline_cold_records_per_s",
        "records/s",
        None,
    );
    push(
        "frame time, World Cup scene (median)",
        "frame_median_ms",
        "ms",
        None,
    );
    push(
        "frame time, World Cup scene (p95)",
        "frame_p95_ms",
        "ms",
        Some((16.7, Better::Lower)),
    );
    push(
        "  frames longer than one refresh",
        "frame_dropped_percent",
        "%",
        None,
    );
    push(
        "stage with ~200 tokens in flight: frame p95",
        "stage_frame_p95_ms",
        "ms",
        Some((16.7, Better::Lower)),
    );
    push(
        "  main thread busy meanwhile",
        "stage_busy_percent",
        "%",
        Some((50.0, Better::Lower)),
    );
    push(
        "  tokens drawn (most at once)",
        "stage_tokens_max",
        "tokens",
        None,
    );
    push(
        "  tokens drawn (median)",
        "stage_tokens_median",
        "tokens",
        None,
    );
    push(
        "scrub a 100,000-input session (p95)",
        "scrub_p95_ms",
        "ms",
        Some((50.0, Better::Lower)),
    );
    push(
        "10 simulated minutes at 2,000 msg/s: wall time",
        "stream_wall_s",
        "s",
        None,
    );
    push(
        "  records kept after retention",
        "stream_records_kept",
        "records",
        None,
    );
    let memory = num("stream_wasm_memory_bytes")
        .zip(num("stream_js_heap_bytes"))
        .map(|(w, j)| w + j);
    if let Some(m) = memory {
        rows.push(Row {
            name: "  memory after it (wasm + JS heap)",
            value: m / (1024.0 * 1024.0),
            unit: "MiB",
            budget: Some((64.0, Better::Lower)),
        });
    }
    if let Some(w) = num("wasm_pipeline_records_per_s") {
        rows.push(Row {
            name: "wasm / native pipeline ratio (x1000)",
            value: w / native_records_per_s * 1000.0,
            unit: "‰",
            budget: Some((500.0, Better::Higher)),
        });
    }
    Ok(rows)
}
