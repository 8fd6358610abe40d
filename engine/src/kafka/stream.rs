//! A steady stream: a simulated producer application inside the cluster that sends records to one
//! topic at a fixed rate with a chosen key strategy, and (optionally) the consumer applications
//! of the groups subscribed to that topic, which keep polling and committing.
//!
//! Records are generated from their sequence number alone, so a long run is one command plus
//! ticks: a timeline logs one input per tick instead of one per record, and replays it exactly.
//! The records are the World Cup's match events: kick-offs, goals, cards and substitutions of
//! [`MATCHES`] live matches.
//!
//! The consumer applications also keep a scoreboard's one rule: a match's events must be applied
//! in the order they happened. Every event read after a later event of the same match is
//! counted as out of order, which is what keying by match id prevents and what sending without a
//! key, or salting the hot key, gives up.

use super::{Cluster, CustomPartitioner, DEFAULT_PRODUCER, Error, Event, Header, ProducerConfig};
use super::{Name, Record};
use serde::{Deserialize, Serialize};

/// Live matches the stream's events belong to.
pub const MATCHES: u64 = 1_000;
/// Upper bound of [`StreamSpec::rate`], records per simulated second.
pub const MAX_STREAM_RATE: u32 = 20_000;
/// How often the stream's consumers poll and commit, in simulated ms.
pub const STREAM_POLL_MS: u64 = 100;
/// The producer the salted strategy sends from (`RandomSalt` over 8 salts).
pub const SALTED_PRODUCER: &str = "salted";
/// The producer the compound strategy sends from (key + `region` header).
pub const COMPOUND_PRODUCER: &str = "compound";
/// The key every "hot" event carries: the one final everyone watches.
pub const HOT_KEY: &str = "match-final";

const REGIONS: [&str; 8] = ["kr", "jp", "us", "br", "de", "fr", "ar", "gh"];
const KINDS: [&str; 4] = ["kick-off", "goal", "card", "substitution"];

/// How the stream keys its records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum KeyStrategy {
    /// Keyed by match id: one match's events stay in order on one partition.
    MatchId,
    /// No key: the producer spreads records (sticky), and a match's events lose their order.
    NoKey,
    /// Half of all events belong to the final: one partition takes half the load.
    HotKey,
    /// The hot key with a random salt (8 salts): load spreads, per-key order is given up.
    Salted,
    /// The hot key plus a `region` header as a compound key: spreads by region.
    Compound,
}

impl KeyStrategy {
    pub const ALL: [KeyStrategy; 5] = [
        KeyStrategy::MatchId,
        KeyStrategy::NoKey,
        KeyStrategy::HotKey,
        KeyStrategy::Salted,
        KeyStrategy::Compound,
    ];

    /// The producer this strategy sends from (created with the right partitioner if missing).
    pub fn producer(self) -> &'static str {
        match self {
            KeyStrategy::Salted => SALTED_PRODUCER,
            KeyStrategy::Compound => COMPOUND_PRODUCER,
            _ => DEFAULT_PRODUCER,
        }
    }

    /// The stream's own producer config: the default producer's (the same application), with
    /// this strategy's partitioner.
    fn producer_config(self, base: Option<&ProducerConfig>) -> ProducerConfig {
        let mut config = base.cloned().unwrap_or_default();
        config.partitioner = match self {
            KeyStrategy::Salted => Some(CustomPartitioner::RandomSalt { salts: 8 }),
            KeyStrategy::Compound => Some(CustomPartitioner::CompoundKey {
                header: "region".into(),
            }),
            _ => None,
        };
        config
    }
}

/// What [`super::Command::StartStream`] asks for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StreamSpec {
    pub topic: String,
    /// Records per simulated second, `1..=MAX_STREAM_RATE`.
    pub rate: u32,
    pub keys: KeyStrategy,
    /// The groups subscribed to the topic keep polling and committing every
    /// [`STREAM_POLL_MS`].
    pub consume: bool,
}

/// A running stream.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Stream {
    pub(crate) spec: StreamSpec,
    pub(crate) topic: Name,
    /// Records handed to the producer so far (the next record's sequence number).
    pub(crate) sent: u64,
    /// `rate × ms` not yet turned into whole records (thousandths of a record).
    pub(crate) carry: u64,
    /// Records due but not yet accepted because the producer pushed back; at most one
    /// second's worth is owed, the rest is never created (the application slows down).
    pub(crate) owed: u64,
    pub(crate) held_back: u64,
    pub(crate) blocked: bool,
    pub(crate) order: OrderWatch,
}

/// What the stream's consumer applications noticed about per-match order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct OrderWatch {
    /// Stream events the consumers read.
    read: u64,
    out_of_order: u64,
    last: Option<OutOfOrder>,
    /// Per group: for each match (index 0 is the final), 1 + the newest sequence number read.
    newest: Vec<(Name, Vec<u64>)>,
}

/// One event read after a later event of its match: the scoreboard would have gone backwards.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OutOfOrder {
    pub group: Name,
    /// The match's key (`match-17`, or the final's [`HOT_KEY`]).
    pub key: String,
    /// The event's sequence number (`#n` in its value) and the later one already read.
    pub seq: u64,
    pub after: u64,
    pub topic: Name,
    pub partition: u32,
    pub offset: u64,
}

/// The match a stream event belongs to and its sequence number, from its value
/// (`"{kind} {key} #{n}"`, as [`stream_record`] writes it): the consumer application reads its
/// payload, so events sent without a key are placed as well.
fn match_and_seq(value: &[u8]) -> Option<(usize, u64)> {
    let text = std::str::from_utf8(value).ok()?;
    let (head, n) = text.rsplit_once(" #")?;
    let m = match_index(head.rsplit(' ').next()?)?;
    Some((m, n.parse().ok()?))
}

/// The key of match `m` (1..=[`MATCHES`]); 0 stands for the final, [`HOT_KEY`].
fn match_key(m: u64) -> String {
    if m == 0 {
        HOT_KEY.to_string()
    } else {
        format!("match-{m}")
    }
}

/// The inverse of [`match_key`].
fn match_index(key: &str) -> Option<usize> {
    if key == HOT_KEY {
        Some(0)
    } else {
        key.strip_prefix("match-")?.parse().ok()
    }
}

impl OrderWatch {
    /// The records a member of `group` just read, in the order it read them.
    fn read<'a>(
        &mut self,
        group: &Name,
        topic: &Name,
        partition: u32,
        records: impl Iterator<Item = super::RecordView<'a>>,
    ) {
        let at = match self.newest.iter().position(|(g, _)| g == group) {
            Some(at) => at,
            None => {
                self.newest
                    .push((group.clone(), vec![0; MATCHES as usize + 1]));
                self.newest.len() - 1
            }
        };
        for r in records {
            let Some((m, seq)) = r.value.and_then(match_and_seq) else {
                continue;
            };
            let Some(newest) = self.newest[at].1.get_mut(m) else {
                continue;
            };
            self.read += 1;
            if seq < *newest {
                self.out_of_order += 1;
                self.last = Some(OutOfOrder {
                    group: group.clone(),
                    key: match_key(m as u64),
                    seq,
                    after: *newest - 1,
                    topic: topic.clone(),
                    partition,
                    offset: r.offset,
                });
            } else {
                *newest = seq + 1;
            }
        }
    }
}

/// The stream as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamView {
    pub spec: StreamSpec,
    pub sent: u64,
    /// Records the application did not create because back pressure held it back.
    pub held_back: u64,
    /// The producer is pushing back right now (`buffer.memory` full).
    pub blocked: bool,
    /// Stream events its consumers have read, and how many of them came after a later event of
    /// the same match (the newest such case in `last_out_of_order`).
    pub read: u64,
    pub out_of_order: u64,
    pub last_out_of_order: Option<OutOfOrder>,
}

/// A small deterministic mixer (SplitMix64), so match ids and event kinds look random but
/// replay identically.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The `n`th record of a stream keyed by `keys`.
pub fn stream_record(keys: KeyStrategy, n: u64) -> Record {
    let r = mix(n);
    let m = r % MATCHES + 1;
    let kind = KINDS[((r >> 20) % KINDS.len() as u64) as usize];
    let hot = (r >> 40).is_multiple_of(2);
    let hot = hot && !matches!(keys, KeyStrategy::MatchId | KeyStrategy::NoKey);
    let key = match_key(if hot { 0 } else { m });
    let value = format!("{kind} {key} #{n}");
    match keys {
        KeyStrategy::NoKey => Record::new(value),
        KeyStrategy::Compound => {
            let region = REGIONS[((r >> 44) % REGIONS.len() as u64) as usize];
            let mut rec = Record::keyed(key, value);
            rec.headers.push(Header {
                key: "region".into(),
                value: Some(region.as_bytes().to_vec()),
            });
            rec
        }
        _ => Record::keyed(key, value),
    }
}

impl Cluster {
    pub(crate) fn start_stream(
        &mut self,
        spec: StreamSpec,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let t = self.topic_id(&spec.topic)?;
        if !(1..=MAX_STREAM_RATE).contains(&spec.rate) {
            return Err(Error::StreamRateOutOfRange {
                max: MAX_STREAM_RATE,
            });
        }
        let producer = spec.keys.producer();
        if !self.producers.contains_key(producer) {
            let base = self.producers.get(DEFAULT_PRODUCER).map(|p| &p.config);
            let config = spec.keys.producer_config(base);
            self.create_producer(producer, config, ev)?;
        }
        let topic = self.topics[t].name.clone();
        // A restarted stream continues the sequence (records stay unique across restarts) and
        // its consumers remember what they read.
        let sent = self.stream.as_ref().map_or(0, |s| s.sent);
        let order = self.stream.take().map(|s| s.order).unwrap_or_default();
        ev.push(Event::StreamStarted {
            topic: topic.clone(),
            rate: spec.rate,
            keys: spec.keys,
        });
        self.stream = Some(Stream {
            spec,
            topic,
            sent,
            carry: 0,
            owed: 0,
            held_back: 0,
            blocked: false,
            order,
        });
        Ok(())
    }

    pub(crate) fn stop_stream(&mut self, ev: &mut Vec<Event>) -> Result<(), Error> {
        let s = self.stream.as_mut().ok_or(Error::NoStream)?;
        let topic = s.topic.clone();
        // Keep the sequence number for a later restart; the stream is stopped when its rate is 0.
        s.spec.rate = 0;
        ev.push(Event::StreamStopped {
            topic,
            reason: StreamStop::Stopped,
        });
        Ok(())
    }

    /// Whether a stream is producing (time cannot be skipped while it is).
    pub(crate) fn streaming(&self) -> bool {
        self.stream.as_ref().is_some_and(|s| s.spec.rate > 0)
    }

    /// One millisecond of the stream: the records due now, then (every [`STREAM_POLL_MS`]) a
    /// poll and a commit by every running member subscribed to the topic.
    pub(crate) fn stream_tick(&mut self, ev: &mut Vec<Event>) {
        let Some(s) = self.stream.as_mut().filter(|s| s.spec.rate > 0) else {
            return;
        };
        s.carry += u64::from(s.spec.rate);
        let due = s.carry / 1000;
        s.carry %= 1000;
        let cap = u64::from(s.spec.rate);
        let owed = s.owed + due;
        s.held_back += owed.saturating_sub(cap);
        let mut owed = owed.min(cap);
        let (keys, topic, consume) = (s.spec.keys, s.topic.clone(), s.spec.consume);
        let mut blocked = false;
        while owed > 0 {
            let n = self.stream.as_ref().map_or(0, |s| s.sent);
            let before = self.next_record_id;
            match self.produce(keys.producer(), &topic, stream_record(keys, n), ev) {
                Ok(()) if self.next_record_id > before => {
                    owed -= 1;
                    if let Some(s) = self.stream.as_mut() {
                        s.sent += 1;
                    }
                }
                // `buffer.memory` is full (SendBlocked was reported): try again next ms.
                Ok(()) => {
                    blocked = true;
                    break;
                }
                Err(error) => {
                    // The topic was deleted, or the producer was removed: the stream ends.
                    let reason = match error {
                        Error::UnknownTopic => StreamStop::TopicDeleted,
                        other => StreamStop::Refused(other),
                    };
                    if let Some(s) = self.stream.as_mut() {
                        s.spec.rate = 0;
                    }
                    ev.push(Event::StreamStopped { topic, reason });
                    return;
                }
            }
        }
        if let Some(s) = self.stream.as_mut() {
            s.owed = owed;
            s.blocked = blocked;
        }
        if consume && self.now_ms.is_multiple_of(STREAM_POLL_MS) {
            self.stream_consume(&topic, ev);
        }
    }

    fn stream_consume(&mut self, topic: &Name, ev: &mut Vec<Event>) {
        let readers: Vec<(Name, Name)> = self
            .groups
            .iter()
            .flat_map(|(g, group)| {
                group
                    .members
                    .values()
                    .filter(|m| m.running && m.topics.contains(topic))
                    .map(move |m| (g.clone(), m.name.clone()))
            })
            .collect();
        for (g, m) in readers {
            // A member that is between generations or owns nothing simply reads nothing now.
            let first = ev.len();
            if self.poll(&g, &m, ev).is_ok() {
                self.watch_order(&ev[first..]);
                let _ = self.commit(&g, &m, false, ev);
            }
        }
    }

    /// Hands what a poll returned to the consumer application's order check.
    fn watch_order(&mut self, polled: &[Event]) {
        let Some(s) = self.stream.as_mut() else {
            return;
        };
        for e in polled {
            if let Event::Polled {
                group,
                topic,
                partition,
                from,
                to,
                ..
            } = e
            {
                let Some(t) = self.topics.iter().find(|t| &t.name == topic) else {
                    continue;
                };
                let Some(part) = t.partitions.get(*partition as usize) else {
                    continue;
                };
                let records = part.log.read(*from, *to, usize::MAX);
                s.order.read(group, topic, *partition, records);
            }
        }
    }

    /// The stream, if one was started.
    pub fn stream(&self) -> Option<StreamView> {
        self.stream.as_ref().map(|s| StreamView {
            spec: s.spec.clone(),
            sent: s.sent,
            held_back: s.held_back,
            blocked: s.blocked,
            read: s.order.read,
            out_of_order: s.order.out_of_order,
            last_out_of_order: s.order.last.clone(),
        })
    }
}

/// Why a stream stopped.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StreamStop {
    /// `StopStream`.
    Stopped,
    /// Its topic was deleted.
    TopicDeleted,
    /// The producer refused a record for another reason.
    Refused(Error),
}
