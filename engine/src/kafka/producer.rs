//! The producer: partition choice with Kafka's precedence, the record accumulator (`batch.size`,
//! `linger.ms`, `buffer.memory`), the sender (leader availability, `acks`, `min.insync.replicas`,
//! retries and `delivery.timeout.ms`) and compression of whole batches.
//!
//! Sources: `KafkaProducer.partition` (explicit partition, then `partitioner.class`, then the
//! built-in partitioner), `BuiltInPartitioner` (keyed: `toPositive(murmur2(key)) % n`; keyless:
//! sticky until `batch.size` bytes, KIP-794), `RecordAccumulator.append/ready/drain`,
//! `Sender.sendProducerData`, and the broker's `appendRecordsToLeader` check of
//! `min.insync.replicas` for `acks=all` (`NotEnoughReplicasException`).
//!
//! Record size, checked twice as in Kafka: the producer refuses a record over its own
//! `max.request.size` in `send` (`KafkaProducer.ensureValidRecordSize`, [`Error::RecordTooLarge`]);
//! the leader refuses a batch over the topic's `max.message.bytes` with `MESSAGE_TOO_LARGE`
//! (`UnifiedLog.analyzeAndValidateRecords`, [`ProduceError::MessageTooLarge`]), counting it in
//! the topic's rejected bytes. A Kafka producer that gets `MESSAGE_TOO_LARGE` for a batch of
//! several records splits it and sends again (`Sender.completeBatch`,
//! `RecordAccumulator.splitAndReenqueue`); the engine shows where that ends, keeping a batch of
//! several records within the topic's limit as it fills it, so only a record too large on its
//! own meets the refusal.

use super::audit::Fate;
use super::compression::compressed_len;
use super::config::{Acks, CustomPartitioner, KeylessMode, ProducerConfig};
use super::event::*;
use super::log::BatchBuilder;
use super::partitioner::{murmur2, to_positive};
use super::record::{Header, RECORD_BATCH_OVERHEAD, Record, payload_size, record_size_at};
use super::replication::Pending;
use super::{Cluster, DEFAULT_PRODUCER, Error, Topic};
use crate::rng::SimRng;
use rand::RngCore;
use std::collections::VecDeque;

/// A batch being filled or waiting to be sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct OpenBatch {
    pub(crate) builder: BatchBuilder,
    pub(crate) created_ms: u64,
    pub(crate) retry_at: Option<u64>,
    pub(crate) attempts: u32,
    pub(crate) first_timestamp: i64,
}

impl OpenBatch {
    fn new(now: u64, first_timestamp: i64) -> Self {
        Self {
            builder: BatchBuilder::default(),
            created_ms: now,
            retry_at: None,
            attempts: 0,
            first_timestamp,
        }
    }
    /// A batch whose first record is `first_size` bytes: room for `batch.size` bytes of records
    /// is reserved at once, as Kafka's accumulator allocates a whole `batch.size` buffer, so
    /// filling it does not grow (and copy) the buffers again and again; sealing
    /// (`BatchBuilder::seal`) keeps only what the batch holds.
    fn with_room(now: u64, first_timestamp: i64, batch_size: u32, first_size: u32) -> Self {
        // Capped, so a huge `batch.size` does not reserve megabytes for a lone record.
        const MAX_RESERVED: u32 = 64 * 1024;
        let bytes = batch_size.clamp(1, MAX_RESERVED);
        let records = bytes / first_size.max(1) + 1;
        Self {
            builder: BatchBuilder::with_capacity(records as usize, bytes as usize),
            ..Self::new(now, first_timestamp)
        }
    }
    fn bytes(&self) -> u64 {
        (RECORD_BATCH_OVERHEAD + self.builder.records_bytes) as u64
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Sticky {
    pub(crate) partition: u32,
    pub(crate) produced_bytes: u32,
}

/// One producer client.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Producer {
    pub(crate) name: Name,
    pub(crate) config: ProducerConfig,
    /// `[topic][partition]` queues of batches.
    pub(crate) queues: Vec<Vec<VecDeque<OpenBatch>>>,
    pub(crate) buffered_bytes: u64,
    pub(crate) buffered_records: u64,
    pub(crate) sticky: Vec<Option<Sticky>>,
    pub(crate) round_robin: Vec<u64>,
    pub(crate) flushing: bool,
    pub(crate) sent_records: u64,
    pub(crate) acked_records: u64,
    pub(crate) blocked_sends: u64,
    pub(crate) failed_records: u64,
    pub(crate) retries: u64,
}

impl Producer {
    pub(crate) fn new(name: Name, config: ProducerConfig) -> Self {
        Self {
            name,
            config,
            queues: Vec::new(),
            buffered_bytes: 0,
            buffered_records: 0,
            sticky: Vec::new(),
            round_robin: Vec::new(),
            flushing: false,
            sent_records: 0,
            acked_records: 0,
            blocked_sends: 0,
            failed_records: 0,
            retries: 0,
        }
    }

    fn queue(&mut self, t: usize, p: usize) -> &mut VecDeque<OpenBatch> {
        if self.queues.len() <= t {
            self.queues.resize_with(t + 1, Vec::new);
        }
        let qs = &mut self.queues[t];
        if qs.len() <= p {
            qs.resize_with(p + 1, VecDeque::new);
        }
        &mut qs[p]
    }

    /// Puts records the leader lost back at the front of the partition's queue.
    pub(crate) fn requeue(&mut self, t: usize, p: usize, records: Vec<(u64, Record)>, now: u64) {
        let first_ts = records
            .first()
            .and_then(|r| r.1.timestamp)
            .unwrap_or(now as i64);
        let mut batch = OpenBatch::new(now, first_ts);
        for (i, (id, r)) in records.iter().enumerate() {
            let ts_delta = r.timestamp.unwrap_or(first_ts) - first_ts;
            let size = record_size_at(payload(r), i as u32, ts_delta);
            batch.builder.push(
                *id,
                r.timestamp.unwrap_or(first_ts),
                r.key.as_deref(),
                r.value.as_deref(),
                &r.headers,
                size,
            );
        }
        self.buffered_bytes += batch.bytes();
        self.buffered_records += records.len() as u64;
        self.retries += 1;
        batch.retry_at = Some(now + self.config.retry_backoff_ms);
        self.queue(t, p).push_front(batch);
    }

    /// Drops every batch buffered for topic `t` (deleted) and forgets the topic's index:
    /// returns the ids of the dropped records.
    pub(crate) fn drop_topic(&mut self, t: usize) -> Vec<u64> {
        let mut ids = Vec::new();
        if t < self.queues.len() {
            for q in self.queues.remove(t) {
                for b in q {
                    self.buffered_bytes = self.buffered_bytes.saturating_sub(b.bytes());
                    ids.extend(b.builder.entries.iter().map(|e| e.id));
                }
            }
        }
        if t < self.sticky.len() {
            self.sticky.remove(t);
        }
        if t < self.round_robin.len() {
            self.round_robin.remove(t);
        }
        let n = ids.len() as u64;
        self.buffered_records = self.buffered_records.saturating_sub(n);
        self.failed_records += n;
        ids
    }
}

/// [`payload_size`] of a record.
fn payload(r: &Record) -> u32 {
    let key = r.key.as_ref().map(Vec::len);
    let value = r.value.as_ref().map(Vec::len);
    if r.headers.is_empty() {
        payload_size(key, value, &[])
    } else {
        let h: Vec<(usize, Option<usize>)> = r
            .headers
            .iter()
            .map(|h| (h.key.len(), h.value.as_ref().map(Vec::len)))
            .collect();
        payload_size(key, value, &h)
    }
}

fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a [u8]> {
    headers
        .iter()
        .find(|h| h.key == name)
        .and_then(|h| h.value.as_deref())
}

impl Cluster {
    pub(crate) fn produce(
        &mut self,
        producer: &str,
        topic: &str,
        record: Record,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let t = self.topic_id(topic)?;
        // One producer lookup per record: the fields are borrowed apart so the producer, the
        // topic and the rng can be used together.
        let Cluster {
            producers,
            topics,
            rng,
            metrics,
            now_ms,
            next_record_id,
            ..
        } = self;
        let Some(prod) = producers.get_mut(producer) else {
            if producer != DEFAULT_PRODUCER {
                return Err(Error::UnknownProducer);
            }
            // The default producer is created on first use.
            self.create_producer(DEFAULT_PRODUCER, ProducerConfig::default(), ev)?;
            return self.produce(producer, topic, record, ev);
        };
        let topic_ref = &topics[t];
        let partitions = topic_ref.partitions.len() as u32;
        if record.value.is_none() && record.key.is_none() {
            return Err(Error::ValueRequired);
        }
        if topic_ref.config.cleanup_policy.compacts() && record.key.is_none() {
            return Err(Error::KeyRequiredForCompactedTopic);
        }
        if let Some(p) = record.partition
            && p >= partitions
        {
            return Err(Error::UnknownPartition { partitions });
        }
        // The record alone at the start of a batch (offset and timestamp deltas 0).
        let payload = payload(&record);
        let alone = record_size_at(payload, 0, 0);
        let size = RECORD_BATCH_OVERHEAD + alone;
        let limit = prod.config.max_request_size;
        if size > limit {
            return Err(Error::RecordTooLarge { size, limit });
        }
        // back pressure: buffer.memory
        if prod.buffered_bytes + size as u64 > prod.config.buffer_memory {
            let (buffered, limit) = (prod.buffered_bytes, prod.config.buffer_memory);
            prod.blocked_sends += 1;
            metrics.blocked_sends += 1;
            ev.push(Event::SendBlocked {
                producer: prod.name.clone(),
                topic: topic_ref.name.clone(),
                buffered_bytes: buffered,
                buffer_memory: limit,
            });
            return Ok(());
        }

        let (partition, reason) = choose_partition(prod, topic_ref, t, rng, &record);
        let now = *now_ms;
        let id = *next_record_id;
        *next_record_id += 1;
        let ts = record.timestamp.unwrap_or(now as i64);
        let batch_size = prod.config.batch_size;
        // Where Kafka's split of a refused batch ends (see the module docs).
        let room = batch_size.min(topic_ref.config.max_message_bytes);
        let linger_zero = prod.config.linger_ms == 0;
        let q = prod.queue(t, partition as usize);
        let fits = |b: &OpenBatch, s: u32| {
            b.builder.is_empty()
                || (RECORD_BATCH_OVERHEAD + b.builder.records_bytes + s <= room
                    && b.retry_at.is_none())
        };
        let in_back = q.back().and_then(|b| {
            let s = record_size_at(payload, b.builder.len() as u32, ts - b.first_timestamp);
            fits(b, s).then_some(s)
        });
        let need_new = in_back.is_none();
        let s = match in_back {
            Some(s) => s,
            None => {
                q.push_back(OpenBatch::with_room(now, ts, batch_size, alone));
                alone
            }
        };
        let b = q.back_mut().expect("a batch was just ensured");
        b.builder.push(
            id,
            ts,
            record.key.as_deref(),
            record.value.as_deref(),
            &record.headers,
            s,
        );
        let full = q.len() > 1 || q.back().is_some_and(|b| b.bytes() >= batch_size as u64);
        prod.buffered_bytes += s as u64;
        prod.buffered_records += 1;
        if need_new {
            prod.buffered_bytes += RECORD_BATCH_OVERHEAD as u64;
        }
        // the sticky partitioner counts what went to its partition
        if matches!(reason, PartitionReason::Sticky { .. })
            && let Some(Some(st)) = prod.sticky.get_mut(t)
        {
            st.produced_bytes += s;
        }
        ev.push(Event::Partitioned {
            producer: prod.name.clone(),
            topic: topic_ref.name.clone(),
            partition,
            record: id,
            reason,
        });
        if full || linger_zero {
            self.drain_partition(producer, t, partition as usize, false, ev);
        }
        Ok(())
    }

    pub(crate) fn flush(
        &mut self,
        producer: Option<&str>,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let names: Vec<Name> = match producer {
            Some(p) => vec![
                self.producers
                    .get_key_value(p)
                    .ok_or(Error::UnknownProducer)?
                    .0
                    .clone(),
            ],
            None => self.producers.keys().cloned().collect(),
        };
        for name in names {
            let queues: Vec<(usize, usize)> = self.producers[&name]
                .queues
                .iter()
                .enumerate()
                .flat_map(|(t, qs)| {
                    qs.iter()
                        .enumerate()
                        .filter(|(_, q)| !q.is_empty())
                        .map(move |(p, _)| (t, p))
                })
                .collect();
            for (t, p) in queues {
                self.drain_partition(&name, t, p, true, ev);
            }
        }
        Ok(())
    }

    /// When each buffered batch at the front of its queue may next be acted on by
    /// [`Cluster::send_ready`] (what `drain_partition` checks, in its order): it fails at
    /// `delivery.timeout.ms`; before then it waits for its retry backoff, then until it is full,
    /// lingered or flushed, and then for a reachable leader (which only a command or a timed
    /// event brings back: no time of its own). Called with each such time, so that a batch
    /// waiting an hour for its leader or retrying every `retry.backoff.ms` is a deadline, not a
    /// step every simulated ms.
    pub(crate) fn producer_wakeups(&self, mut at: impl FnMut(u64)) {
        let now = self.now_ms;
        for prod in self.producers.values().filter(|p| p.buffered_records > 0) {
            let cfg = &prod.config;
            for (t, queues) in prod.queues.iter().enumerate() {
                for (p, q) in queues.iter().enumerate() {
                    let Some(front) = q.front() else { continue };
                    at(front.created_ms.saturating_add(cfg.delivery_timeout_ms));
                    let ready = match front.retry_at {
                        Some(r) => r.max(now + 1),
                        None if q.len() > 1
                            || front.bytes() >= cfg.batch_size as u64
                            || prod.flushing =>
                        {
                            now + 1
                        }
                        None => front.created_ms.saturating_add(cfg.linger_ms).max(now + 1),
                    };
                    let leader = self
                        .topics
                        .get(t)
                        .and_then(|topic| topic.partitions.get(p))
                        .and_then(|part| part.leader);
                    if leader.is_some_and(|l| self.brokers[l as usize].reachable()) {
                        at(ready);
                    }
                }
            }
        }
    }

    /// The sender, every tick: ready batches of every producer go to their leaders; batches past
    /// `delivery.timeout.ms` fail.
    pub(crate) fn send_ready(&mut self, ev: &mut Vec<Event>) {
        if self.producers.is_empty() {
            return;
        }
        let names: Vec<Name> = self
            .producers
            .iter()
            .filter(|(_, p)| p.buffered_records > 0)
            .map(|(n, _)| n.clone())
            .collect();
        for name in names {
            let n_topics = self.producers[&name].queues.len();
            for t in 0..n_topics {
                let n_parts = self.producers[&name].queues[t].len();
                for p in 0..n_parts {
                    if !self.producers[&name].queues[t][p].is_empty() {
                        self.drain_partition(&name, t, p, false, ev);
                    }
                }
            }
        }
    }

    /// `RecordAccumulator.ready` + `drain` + the leader's append, for one partition queue.
    fn drain_partition(
        &mut self,
        producer: &str,
        t: usize,
        p: usize,
        flush: bool,
        ev: &mut Vec<Event>,
    ) {
        let now = self.now_ms;
        loop {
            let Some(prod) = self.producers.get(producer) else {
                return;
            };
            let Some(q) = prod.queues.get(t).and_then(|qs| qs.get(p)) else {
                return;
            };
            let Some(front) = q.front() else { return };
            let cfg = &prod.config;
            // delivery.timeout.ms
            let waited = now.saturating_sub(front.created_ms);
            if waited >= cfg.delivery_timeout_ms {
                let delivery_timeout_ms = cfg.delivery_timeout_ms;
                let prod = self.producers.get_mut(producer).expect("checked above");
                let b = prod.queues[t][p].pop_front().expect("checked above");
                prod.buffered_bytes = prod.buffered_bytes.saturating_sub(b.bytes());
                prod.buffered_records -= b.builder.len() as u64;
                prod.failed_records += b.builder.len() as u64;
                let pname = prod.name.clone();
                for e in &b.builder.entries {
                    self.ledger.record(e.id, Fate::Expired);
                }
                ev.push(Event::ProduceFailed {
                    producer: pname,
                    topic: self.topics[t].name.clone(),
                    partition: p as u32,
                    records: b.builder.len() as u32,
                    error: ProduceError::DeliveryTimeout {
                        waited_ms: waited,
                        delivery_timeout_ms,
                    },
                    will_retry: false,
                });
                continue;
            }
            if front.retry_at.is_some_and(|r| now < r) {
                return;
            }
            let full = q.len() > 1 || front.bytes() >= cfg.batch_size as u64;
            let lingered = waited >= cfg.linger_ms;
            let trigger = if front.retry_at.is_some() {
                SendTrigger::Retry
            } else if full {
                SendTrigger::Full
            } else if lingered {
                SendTrigger::Linger
            } else if flush || prod.flushing {
                SendTrigger::Flush
            } else {
                return;
            };
            // the leader must be known and reachable
            let part = &self.topics[t].partitions[p];
            let Some(leader) = part.leader else { return };
            if !self.brokers[leader as usize].reachable() {
                return;
            }
            let acks = cfg.acks;
            let codec = self.topics[t]
                .config
                .compression_type
                .unwrap_or(cfg.compression_type);
            let backoff = cfg.retry_backoff_ms;
            // acks=all needs min.insync.replicas in the ISR at append time
            // (`Partition.appendRecordsToLeader` with `effectiveMinIsr`, Kafka 3.7+: the config
            // capped at the replication factor, so `min.insync.replicas=3` on a topic of 2
            // replicas asks for both; checked against Kafka 4.1 by `cargo xtask kafka-diff`).
            let min_isr = self.topics[t].config.min_insync_replicas;
            let effective = min_isr.min(part.replicas.len() as u32);
            if acks == Acks::All && (part.isr.len() as u32) < effective {
                let isr = part.isr.clone();
                let retries = cfg.retries;
                let prod = self.producers.get_mut(producer).expect("checked above");
                let b = prod.queues[t][p].front_mut().expect("checked above");
                if b.attempts >= retries {
                    // `Sender.canRetry`: no retries left, the batch fails with the error.
                    let b = prod.queues[t][p].pop_front().expect("checked above");
                    prod.buffered_bytes = prod.buffered_bytes.saturating_sub(b.bytes());
                    prod.buffered_records -= b.builder.len() as u64;
                    prod.failed_records += b.builder.len() as u64;
                    let pname = prod.name.clone();
                    for e in &b.builder.entries {
                        self.ledger.record(e.id, Fate::Expired);
                    }
                    ev.push(Event::ProduceFailed {
                        producer: pname,
                        topic: self.topics[t].name.clone(),
                        partition: p as u32,
                        records: b.builder.len() as u32,
                        error: ProduceError::NotEnoughReplicas {
                            isr,
                            min_insync_replicas: min_isr,
                        },
                        will_retry: false,
                    });
                    continue;
                }
                b.retry_at = Some(now + backoff);
                b.attempts += 1;
                let records = b.builder.len() as u32;
                prod.retries += 1;
                let pname = prod.name.clone();
                ev.push(Event::ProduceFailed {
                    producer: pname,
                    topic: self.topics[t].name.clone(),
                    partition: p as u32,
                    records,
                    error: ProduceError::NotEnoughReplicas {
                        isr,
                        min_insync_replicas: min_isr,
                    },
                    will_retry: true,
                });
                return;
            }
            // broker capacity (back pressure on the broker side)
            let bytes = front.bytes();
            if let Some(cap) = self.config.max_append_bytes_per_ms {
                let b = &mut self.brokers[leader as usize];
                if b.appended_this_ms > 0 && b.appended_this_ms + bytes > cap {
                    if b.saturated_at != Some(now) {
                        b.saturated_at = Some(now);
                        ev.push(Event::BrokerSaturated {
                            broker: leader,
                            topic: self.topics[t].name.clone(),
                            partition: p as u32,
                            limit_bytes_per_ms: cap,
                        });
                    }
                    self.metrics.throttled_batches += 1;
                    return;
                }
                b.appended_this_ms += bytes;
            }
            // The leader's size check (`UnifiedLog.analyzeAndValidateRecords`): the batch as sent,
            // after compression, against the topic's `max.message.bytes`.
            // (after the capacity check, so a throttled batch is not compressed again and again)
            let front = self.producers[producer].queues[t][p]
                .front()
                .expect("checked above");
            let raw = front.builder.records_bytes;
            let compressed = if codec == super::config::Compression::None {
                raw
            } else {
                // apart: the codecs are large and only run with compression on
                let compress: fn(super::config::Compression, &[u8]) -> usize = compressed_len;
                super::apart(compress)(codec, front.builder.payload()) as u32
            };
            let size_bytes = RECORD_BATCH_OVERHEAD + compressed;
            let max_message_bytes = self.topics[t].config.max_message_bytes;
            if size_bytes > max_message_bytes {
                let prod = self.producers.get_mut(producer).expect("checked above");
                let b = prod.queues[t][p].pop_front().expect("checked above");
                prod.buffered_bytes = prod.buffered_bytes.saturating_sub(b.bytes());
                prod.buffered_records -= b.builder.len() as u64;
                prod.failed_records += b.builder.len() as u64;
                let pname = prod.name.clone();
                for e in &b.builder.entries {
                    self.ledger.record(e.id, Fate::Expired);
                }
                let topic = &mut self.topics[t];
                topic.rejected_batches += 1;
                topic.bytes_rejected += size_bytes as u64;
                ev.push(Event::ProduceFailed {
                    producer: pname,
                    topic: topic.name.clone(),
                    partition: p as u32,
                    records: b.builder.len() as u32,
                    error: ProduceError::MessageTooLarge {
                        batch_bytes: size_bytes,
                        max_message_bytes,
                    },
                    will_retry: false,
                });
                continue;
            }
            // send
            let prod = self.producers.get_mut(producer).expect("checked above");
            let batch = prod.queues[t][p].pop_front().expect("checked above");
            prod.buffered_bytes = prod.buffered_bytes.saturating_sub(batch.bytes());
            let n = batch.builder.len() as u64;
            prod.buffered_records -= n;
            prod.sent_records += n;
            let pname = prod.name.clone();
            let tname = self.topics[t].name.clone();
            ev.push(Event::BatchSent {
                producer: pname.clone(),
                topic: tname.clone(),
                partition: p as u32,
                records: n as u32,
                bytes: RECORD_BATCH_OVERHEAD + raw,
                compressed_bytes: size_bytes,
                compression: codec,
                trigger,
            });
            let topic = &mut self.topics[t];
            let cfg = &topic.config;
            let part = &mut topic.partitions[p];
            let base = part.log.log_end_offset();
            let sealed =
                batch
                    .builder
                    .seal(base, part.leader_epoch, 0, acks, codec, size_bytes, now);
            let last = sealed.last_offset;
            if let Some(rolled) = part.log.append(sealed, now, cfg) {
                ev.push(Event::SegmentRolled {
                    topic: tname.clone(),
                    partition: p as u32,
                    base_offset: rolled,
                });
            }
            part.records_in += n;
            part.bytes_in += size_bytes as u64;
            if let Some(i) = part.replica_index(leader) {
                part.replica[i].leo = last + 1;
                part.replica[i].last_caught_up_ms = now;
            }
            ev.push(Event::Appended {
                topic: tname.clone(),
                partition: p as u32,
                offset: base,
                last_offset: last,
                leader,
                leader_epoch: part.leader_epoch,
            });
            match acks {
                Acks::All => {
                    part.pending.push_back(Pending {
                        producer: pname,
                        base,
                        last,
                    });
                    self.update_high_watermark(t, p, ev);
                }
                Acks::Leader | Acks::None => {
                    let isr = part.isr.clone();
                    let hw = part.high_watermark;
                    if let Some(prod) = self.producers.get_mut(producer) {
                        prod.acked_records += n;
                    }
                    ev.push(Event::Acked {
                        producer: pname,
                        topic: tname,
                        partition: p as u32,
                        offset: base,
                        last_offset: last,
                        acks,
                        isr,
                        high_watermark: hw,
                    });
                    self.update_high_watermark(t, p, ev);
                }
            }
        }
    }
}

/// `KafkaProducer.partition`: explicit partition, custom partitioner, key hash, keyless.
fn choose_partition(
    prod: &mut Producer,
    topic: &Topic,
    t: usize,
    rng: &mut SimRng,
    record: &Record,
) -> (u32, PartitionReason) {
    let n = topic.partitions.len() as u32;
    if let Some(p) = record.partition {
        return (p, PartitionReason::Explicit { partition: p });
    }
    let batch_size = prod.config.batch_size;
    if let Some(rule) = &prod.config.partitioner {
        let chosen = match rule {
            CustomPartitioner::ByHeader { header: h } => header(&record.headers, h)
                .map(|v| (v.to_vec(), CustomRule::ByHeader { header: h.clone() })),
            CustomPartitioner::RandomSalt { salts } => record.key.as_ref().map(|k| {
                let salts = (*salts).max(1);
                let salt = rng.next_u32() % salts;
                let mut hashed = k.clone();
                hashed.push(b'#');
                hashed.extend_from_slice(salt.to_string().as_bytes());
                (hashed, CustomRule::RandomSalt { salt, salts })
            }),
            CustomPartitioner::CompoundKey { header: h } => {
                match (&record.key, header(&record.headers, h)) {
                    (Some(k), Some(v)) => {
                        let mut hashed = k.clone();
                        hashed.push(b'|');
                        hashed.extend_from_slice(v);
                        Some((hashed, CustomRule::CompoundKey { header: h.clone() }))
                    }
                    _ => None,
                }
            }
        };
        if let Some((hashed, rule)) = chosen {
            let h = murmur2(&hashed);
            let p = to_positive(h) % n;
            return (
                p,
                PartitionReason::Custom {
                    rule,
                    hashed,
                    murmur2: h,
                    partitions: n,
                },
            );
        }
    }
    if let Some(key) = &record.key {
        let h = murmur2(key);
        return (
            to_positive(h) % n,
            PartitionReason::KeyHash {
                murmur2: h,
                partitions: n,
            },
        );
    }
    let available: Vec<u32> = topic
        .partitions
        .iter()
        .enumerate()
        .filter(|(_, p)| p.leader.is_some())
        .map(|(i, _)| i as u32)
        .collect();
    let avail_n = available.len() as u32;
    let pick = |r: u32| {
        if available.is_empty() {
            r % n
        } else {
            available[(r % avail_n) as usize]
        }
    };
    match prod.config.keyless {
        KeylessMode::RoundRobin => {
            if prod.round_robin.len() <= t {
                prod.round_robin.resize(t + 1, 0);
            }
            let counter = prod.round_robin[t];
            prod.round_robin[t] += 1;
            let p = pick(to_positive(counter as i32));
            (
                p,
                PartitionReason::RoundRobin {
                    counter,
                    available: avail_n,
                },
            )
        }
        KeylessMode::Sticky => {
            let r = to_positive(rng.next_u32() as i32);
            if prod.sticky.len() <= t {
                prod.sticky.resize(t + 1, None);
            }
            let (switched, st) = match prod.sticky[t].take() {
                Some(st) if st.produced_bytes < batch_size && st.partition < n => (false, st),
                _ => (
                    true,
                    Sticky {
                        partition: pick(r),
                        produced_bytes: 0,
                    },
                ),
            };
            let reason = PartitionReason::Sticky {
                switched,
                produced_bytes: st.produced_bytes,
                batch_size,
                available: avail_n,
            };
            let p = st.partition;
            prod.sticky[t] = Some(st);
            (p, reason)
        }
    }
}
