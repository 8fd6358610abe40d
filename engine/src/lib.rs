//! The broker engine: pure, deterministic state machines for an event broker (Kafka model) and a
//! message broker (RabbitMQ model). No wall clock, no I/O, no text: commands in, events out, and
//! every event carries its reason in structured form for the UI and lessons to put into words.

pub mod kafka;
pub mod limits;
pub mod rabbit;
pub mod replay;
pub mod rng;
pub mod sim;
pub mod sort;
pub mod timeline;
pub mod workload;
