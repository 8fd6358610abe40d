//! The event broker pipeline of issue 3 ([`engine::workload::KafkaPipeline`]), timed natively
//! with `Instant` (never inside the engine).

use super::{Better, Row};
use engine::workload::{KafkaPipeline, VALUE_BYTES};
use std::time::Instant;

pub const RECORDS: usize = 2_000_000;

/// Records per second of the pipeline, natively (also the reference for the wasm ratio).
pub fn throughput() -> (f64, engine::workload::PipelineOutcome) {
    let start = Instant::now();
    let (_, outcome) = KafkaPipeline::run(RECORDS);
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(outcome.stored as usize, RECORDS, "every record stored");
    assert_eq!(
        outcome.lag, 0,
        "the group consumed and committed everything"
    );
    (RECORDS as f64 / secs, outcome)
}

pub fn measure() -> Vec<Row> {
    let (rate, outcome) = throughput();
    let per_record = outcome.heap_bytes as f64 / outcome.stored as f64;
    vec![
        Row {
            name: "kafka pipeline records/s (3 brokers, RF3, acks=all)",
            value: rate,
            unit: "records/s",
            budget: Some((2_000_000.0, Better::Higher)),
        },
        Row {
            name: "kafka bytes per stored record",
            value: per_record,
            unit: "bytes",
            budget: Some(((VALUE_BYTES + 64) as f64, Better::Lower)),
        },
        Row {
            name: "kafka overhead per stored record (beyond value)",
            value: per_record - VALUE_BYTES as f64,
            unit: "bytes",
            budget: Some((64.0, Better::Lower)),
        },
        Row {
            name: "kafka events collected",
            value: outcome.events as f64,
            unit: "events",
            budget: None,
        },
    ]
}
