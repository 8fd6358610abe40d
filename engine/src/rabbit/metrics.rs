//! Metrics sampled at every `advance`: per-queue depth (ready, unacked), cumulative counters from
//! which rates follow, and the depth of dead-letter queues — the numbers the RabbitMQ management
//! UI shows (<https://www.rabbitmq.com/docs/monitoring#queue-metrics>).

use super::broker::Broker;
use super::exchange::DestinationKind;
use super::limits::MAX_METRIC_SAMPLES;
use super::message::Time;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, VecDeque};

/// One queue at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct QueueSample {
    pub name: String,
    pub ready: u64,
    pub unacked: u64,
    pub consumers: u64,
    /// Cumulative counters.
    pub enqueued: u64,
    pub delivered: u64,
    pub acked: u64,
    pub died: u64,
    /// Reached from some queue's dead-letter exchange.
    pub dead_letter_queue: bool,
}

/// The broker at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sample {
    pub at: Time,
    pub queues: Vec<QueueSample>,
    pub ready: u64,
    pub unacked: u64,
    /// Ready messages in dead-letter queues.
    pub dlq_depth: u64,
    /// Cumulative: published messages, acknowledgements.
    pub published: u64,
    pub acked: u64,
}

/// Per-second rates between two samples.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    pub from: Time,
    pub to: Time,
    pub publish_per_s: f64,
    pub ack_per_s: f64,
    /// Per queue: (name, enqueued/s, delivered/s, acked/s).
    pub queues: Vec<(String, f64, f64, f64)>,
}

/// The bounded history of samples.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Metrics {
    samples: VecDeque<Sample>,
}

impl Metrics {
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter()
    }

    pub fn latest(&self) -> Option<&Sample> {
        self.samples.back()
    }

    /// Rates between the last two samples.
    pub fn rates(&self) -> Option<Rates> {
        let n = self.samples.len();
        if n < 2 {
            return None;
        }
        let (a, b) = (&self.samples[n - 2], &self.samples[n - 1]);
        let dt = b.at.saturating_sub(a.at);
        if dt == 0 {
            return None;
        }
        let per_s = |x: u64, y: u64| y.saturating_sub(x) as f64 * 1000.0 / dt as f64;
        let queues = b
            .queues
            .iter()
            .map(|qb| {
                let qa = a.queues.iter().find(|q| q.name == qb.name);
                let (e, d, k) = qa.map_or((0, 0, 0), |q| (q.enqueued, q.delivered, q.acked));
                (
                    qb.name.clone(),
                    per_s(e, qb.enqueued),
                    per_s(d, qb.delivered),
                    per_s(k, qb.acked),
                )
            })
            .collect();
        Some(Rates {
            from: a.at,
            to: b.at,
            publish_per_s: per_s(a.published, b.published),
            ack_per_s: per_s(a.acked, b.acked),
            queues,
        })
    }
}

impl Broker {
    /// Queues reachable from any queue's `x-dead-letter-exchange` (through exchange-to-exchange
    /// bindings too): the dead-letter queues.
    pub fn dead_letter_queues(&self) -> BTreeSet<String> {
        let mut seen_x = BTreeSet::new();
        let mut work: Vec<&str> = self
            .queues
            .values()
            .filter_map(|q| q.args.dead_letter_exchange.as_deref())
            .collect();
        let mut out = BTreeSet::new();
        while let Some(x) = work.pop() {
            if !seen_x.insert(x) {
                continue;
            }
            if x.is_empty() {
                // The default exchange: the dead-letter routing key names the queue.
                for q in self.queues.values() {
                    if q.args.dead_letter_exchange.as_deref() == Some("")
                        && let Some(rk) = &q.args.dead_letter_routing_key
                    {
                        out.insert(rk.clone());
                    }
                }
                continue;
            }
            let Some(xs) = self.exchanges.get(x) else {
                continue;
            };
            for b in &xs.bindings {
                match b.destination_kind {
                    DestinationKind::Queue => {
                        out.insert(b.destination.clone());
                    }
                    DestinationKind::Exchange => work.push(&b.destination),
                }
            }
            if let Some(ae) = xs.def.alternate() {
                work.push(ae);
            }
        }
        out
    }

    pub(crate) fn sample_metrics(&mut self) {
        let dlqs = self.dead_letter_queues();
        let queues: Vec<QueueSample> = self
            .queues
            .values()
            .map(|q| QueueSample {
                name: q.name.to_string(),
                ready: q.store.len(),
                unacked: q.unacked,
                consumers: q.consumer_count() as u64,
                enqueued: q.stats.enqueued,
                delivered: q.stats.delivered,
                acked: q.stats.acked,
                died: q.stats.died.iter().sum(),
                dead_letter_queue: dlqs.contains(&*q.name),
            })
            .collect();
        let s = Sample {
            at: self.now,
            ready: queues.iter().map(|q| q.ready).sum(),
            unacked: queues.iter().map(|q| q.unacked).sum(),
            dlq_depth: queues
                .iter()
                .filter(|q| q.dead_letter_queue)
                .map(|q| q.ready)
                .sum(),
            published: self.ledger.published,
            acked: self.ledger.acked,
            queues,
        };
        if self.metrics.samples.len() >= MAX_METRIC_SAMPLES {
            self.metrics.samples.pop_front();
        }
        self.metrics.samples.push_back(s);
    }
}
