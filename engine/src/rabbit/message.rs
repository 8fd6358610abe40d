//! Messages: the AMQP basic properties a publisher sets, the body, and the dead-letter history
//! RabbitMQ records on a message (`x-death` and `x-first-death-*`/`x-last-death-*`).
//!
//! Since RabbitMQ 3.13 the death history lives in message annotations (`mc:record_death/4`,
//! `deps/rabbit/src/mc.erl`) and is rendered as headers when a 0-9-1 client reads the message
//! (`mc_amqpl`); we do the same: [`Message::deaths`] is structured, [`Message::headers_view`]
//! renders what a client would see.

use super::value::{FieldTable, FieldValue};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Logical time in milliseconds since the broker started.
pub type Time = u64;

/// The id of one published message. Copies in several queues, and dead-lettered copies, keep it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MsgId(pub u64);

/// `delivery_mode` 2 is persistent; 1 (or unset) is transient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum DeliveryMode {
    #[default]
    Transient,
    Persistent,
}

/// The basic properties the model uses.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Properties {
    pub content_type: Option<String>,
    pub delivery_mode: DeliveryMode,
    /// 0..=255; a priority queue clamps it to its `x-max-priority`.
    pub priority: Option<u8>,
    /// Per-message TTL in milliseconds, as a string (AMQP's `expiration` is a shortstr).
    pub expiration: Option<String>,
    pub message_id: Option<String>,
    pub correlation_id: Option<String>,
    pub reply_to: Option<String>,
    /// `None` = no headers table at all (which the headers exchange treats as empty).
    pub headers: Option<FieldTable>,
}

/// Why a message was dead-lettered (`rabbit_dead_letter:reason()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeathReason {
    /// basic.reject / basic.nack with `requeue=false`.
    Rejected,
    /// Message TTL ran out.
    Expired,
    /// Dropped from the head by `x-max-length(-bytes)` with `drop-head`, or refused with
    /// `reject-publish-dlx`.
    Maxlen,
    /// Returned more often than a quorum queue's `x-delivery-limit`.
    DeliveryLimit,
}

impl DeathReason {
    /// The name used in `x-death` (`rejected`, `expired`, `maxlen`, `delivery_limit`).
    pub fn as_str(self) -> &'static str {
        match self {
            DeathReason::Rejected => "rejected",
            DeathReason::Expired => "expired",
            DeathReason::Maxlen => "maxlen",
            DeathReason::DeliveryLimit => "delivery_limit",
        }
    }

    pub const ALL: [DeathReason; 4] = [
        DeathReason::Rejected,
        DeathReason::Expired,
        DeathReason::Maxlen,
        DeathReason::DeliveryLimit,
    ];

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One `x-death` entry: one per `(queue, reason)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Death {
    pub queue: String,
    pub reason: DeathReason,
    /// How many times the message died in this queue for this reason.
    pub count: u64,
    /// The exchange the message had been published to when it first died here (a dead-letter
    /// exchange after the first hop).
    pub exchange: String,
    /// The routing keys it had been published with.
    pub routing_keys: Vec<String>,
    /// When it first died here (ms; the header carries seconds).
    pub first_time: Time,
    /// When it last died here.
    pub last_time: Time,
    /// The message's own `expiration` property, removed on dead-lettering.
    pub original_expiration: Option<String>,
}

/// `x-first-death-*` / `x-last-death-*`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DeathSummary {
    pub queue: String,
    pub reason: DeathReason,
    pub exchange: String,
}

/// A message as stored: shared (`Arc`) by all the queues it was routed to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Message {
    pub id: MsgId,
    /// The exchange it was (last) published to; the dead-letter exchange after dead-lettering.
    pub exchange: String,
    pub routing_key: String,
    pub properties: Properties,
    pub body: Arc<[u8]>,
    pub published_at: Time,
    /// Most recent first, one entry per `(queue, reason)`.
    pub deaths: Vec<Death>,
    pub first_death: Option<DeathSummary>,
    pub last_death: Option<DeathSummary>,
    /// The `delivery_count` annotation a quorum queue leaves on a message it dead-letters (its
    /// returns, plus one for the rejection that killed it; RabbitMQ 4.0 keeps message
    /// annotations across dead-lettering, `rabbit_dead_letter` on the `mc` container). A
    /// quorum queue that receives it counts on from there (and hands it out redelivered, with
    /// `x-delivery-count`); a classic queue ignores it. 0: none.
    #[serde(default)]
    pub delivery_count: u64,
}

impl Message {
    pub fn size(&self) -> u64 {
        self.body.len() as u64
    }

    pub fn is_persistent(&self) -> bool {
        self.properties.delivery_mode == DeliveryMode::Persistent
    }

    /// The per-message TTL, already validated at publish.
    pub fn ttl(&self) -> Option<u64> {
        self.properties
            .expiration
            .as_deref()
            .and_then(|e| parse_expiration(e).ok())
    }

    /// The headers a client (or the headers exchange) sees: the publisher's headers plus
    /// `x-death`, `x-first-death-*` and `x-last-death-*` when the message was dead-lettered.
    pub fn headers_view(&self) -> Option<FieldTable> {
        if self.deaths.is_empty() {
            return self.properties.headers.clone();
        }
        let mut h = self.properties.headers.clone().unwrap_or_default();
        let arr = self
            .deaths
            .iter()
            .map(|d| {
                let mut t = FieldTable::new();
                t.insert("count".into(), FieldValue::Int(d.count as i64));
                t.insert("reason".into(), FieldValue::Str(d.reason.as_str().into()));
                t.insert("queue".into(), FieldValue::Str(d.queue.clone()));
                t.insert("time".into(), FieldValue::Timestamp(d.first_time / 1000));
                t.insert("exchange".into(), FieldValue::Str(d.exchange.clone()));
                t.insert(
                    "routing-keys".into(),
                    FieldValue::Array(
                        d.routing_keys
                            .iter()
                            .map(|k| FieldValue::Str(k.clone()))
                            .collect(),
                    ),
                );
                if let Some(e) = &d.original_expiration {
                    t.insert("original-expiration".into(), FieldValue::Str(e.clone()));
                }
                FieldValue::Table(t)
            })
            .collect();
        h.insert("x-death".into(), FieldValue::Array(arr));
        self.insert_death_summaries(&mut h);
        Some(h)
    }

    /// The headers routing sees. As in RabbitMQ 4.x (`mc:routing_headers/2` with `x_headers`),
    /// the `x-first-death-*`/`x-last-death-*` annotations are visible to the headers exchange.
    pub(crate) fn routing_headers(&self) -> Option<std::borrow::Cow<'_, FieldTable>> {
        if self.first_death.is_none() {
            return self
                .properties
                .headers
                .as_ref()
                .map(std::borrow::Cow::Borrowed);
        }
        let mut h = self.properties.headers.clone().unwrap_or_default();
        self.insert_death_summaries(&mut h);
        Some(std::borrow::Cow::Owned(h))
    }

    fn insert_death_summaries(&self, h: &mut FieldTable) {
        for (prefix, s) in [
            ("x-first-death-", &self.first_death),
            ("x-last-death-", &self.last_death),
        ] {
            if let Some(s) = s {
                h.insert(
                    format!("{prefix}reason"),
                    FieldValue::Str(s.reason.as_str().into()),
                );
                h.insert(format!("{prefix}queue"), FieldValue::Str(s.queue.clone()));
                h.insert(
                    format!("{prefix}exchange"),
                    FieldValue::Str(s.exchange.clone()),
                );
            }
        }
    }
}

/// The largest per-message TTL (`?MAX_EXPIRY_TIMER` in `rabbit_misc.erl`).
pub const MAX_EXPIRY_TIMER: u64 = 4_294_967_295;

/// Why an `expiration` property is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadExpiration {
    NotAnInteger,
    Negative,
    TooLarge,
}

/// `rabbit_basic:parse_expiration/1`: the whole string must be an integer (an optional sign,
/// then digits), non-negative and at most [`MAX_EXPIRY_TIMER`].
pub fn parse_expiration(s: &str) -> Result<u64, BadExpiration> {
    if s.starts_with('-') {
        return Err(BadExpiration::Negative);
    }
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BadExpiration::NotAnInteger);
    }
    match digits.parse::<u64>() {
        Ok(n) if n <= MAX_EXPIRY_TIMER => Ok(n),
        _ => Err(BadExpiration::TooLarge),
    }
}

/// Records one death on `m` exactly as `mc:record_death/4` does (v2 deaths): an existing
/// `(queue, reason)` entry gets `count + 1` and a new `last_time` and moves to the front
/// (its exchange and routing keys stay those of its first death); otherwise a new entry is
/// prepended. `x-first-death-*` is set once; `x-last-death-*` every time.
pub(crate) fn record_death(m: &mut Message, reason: DeathReason, queue: &str, now: Time) {
    let summary = DeathSummary {
        queue: queue.to_string(),
        reason,
        exchange: m.exchange.clone(),
    };
    if let Some(pos) = m
        .deaths
        .iter()
        .position(|d| d.queue == queue && d.reason == reason)
    {
        let mut d = m.deaths.remove(pos);
        d.count += 1;
        d.last_time = now;
        m.deaths.insert(0, d);
    } else {
        m.deaths.insert(
            0,
            Death {
                queue: queue.to_string(),
                reason,
                count: 1,
                exchange: m.exchange.clone(),
                routing_keys: vec![m.routing_key.clone()],
                first_time: now,
                last_time: now,
                original_expiration: m.properties.expiration.clone(),
            },
        );
    }
    if m.first_death.is_none() {
        m.first_death = Some(summary.clone());
    }
    m.last_death = Some(summary);
}

/// `is_cycle_v2/2` in `mc.erl`: dead-lettering into `target` is a cycle when the death history
/// (most recent first) contains `target`, and is dropped only when the cycle is "fully
/// automatic": no death from the most recent one down to the one in `target` was `rejected`.
pub(crate) fn is_death_cycle(m: &Message, target: &str) -> bool {
    match m.deaths.iter().position(|d| d.queue == target) {
        None => false,
        Some(i) => m.deaths[..=i]
            .iter()
            .all(|d| d.reason != DeathReason::Rejected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiration_parsing() {
        assert_eq!(parse_expiration("1000"), Ok(1000));
        assert_eq!(parse_expiration("0"), Ok(0));
        assert_eq!(parse_expiration("+5"), Ok(5));
        assert!(parse_expiration("-1").is_err());
        assert!(parse_expiration("").is_err());
        assert!(parse_expiration("10a").is_err());
        assert!(parse_expiration(" 5").is_err());
        assert!(parse_expiration("4294967296").is_err());
    }
}
