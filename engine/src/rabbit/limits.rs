//! Named limits. AMQP's own limits are cited; the rest are ours, sized for a browser sandbox
//! and for keeping every command's work bounded.

/// AMQP 0-9-1 `shortstr`: exchange names, queue names, routing keys, consumer tags.
pub const MAX_NAME_LEN: usize = 255;
/// A routing key is a `shortstr` too.
pub const MAX_ROUTING_KEY_LEN: usize = 255;
/// `?MAX_SUPPORTED_PRIORITY` in `rabbit_priority_queue.erl`.
pub const MAX_SUPPORTED_PRIORITY: u8 = 255;
/// Ours: exchanges (including the predeclared ones).
pub const MAX_EXCHANGES: usize = 1_000;
/// Ours: queues.
pub const MAX_QUEUES: usize = 1_000;
/// Ours: bindings in total.
pub const MAX_BINDINGS: usize = 10_000;
/// Ours: open channels.
pub const MAX_CHANNELS: usize = 1_000;
/// Ours: consumers on one channel.
pub const MAX_CONSUMERS_PER_CHANNEL: usize = 1_000;
/// Ours: one message body. RabbitMQ's default `max_message_size` is 128 MiB; a browser
/// sandbox keeps it at 1 MiB.
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;
/// Ours: messages held in all queues together (ready and unacked).
pub const MAX_STORED_MESSAGES: usize = 5_000_000;
/// Ours: one `advance` step. Longer spans are several steps.
pub const MAX_ADVANCE_MS: u64 = 365 * 24 * 3_600_000;
/// Ours: dead-letter hops handled within one command. Cycle detection already ends every
/// automatic cycle; this only bounds the work of pathological topologies.
pub const MAX_DEAD_LETTER_HOPS_PER_COMMAND: usize = 100_000;
/// Ours: exchange-to-exchange hops followed while routing one message.
pub const MAX_EXCHANGE_HOPS: usize = 64;
/// Ours: metric samples kept (one per `advance`).
pub const MAX_METRIC_SAMPLES: usize = 600;
/// Ours: messages per simulated second of the steady stream ([`super::StreamSpec::rate`]).
/// Each message is routed, stored and drawn, so it is a tenth of the Kafka stream's rate.
pub const MAX_STREAM_RATE: u32 = 2_000;
/// Ours: messages the steady stream may publish within one `advance` command (fifty simulated
/// seconds at the highest rate; a share link's whole session is bounded by `engine::limits`).
pub const MAX_STREAM_MESSAGES_PER_COMMAND: u64 = 100_000;
/// `tick()` advances logical time by this many milliseconds.
pub const TICK_MS: u64 = 100;
