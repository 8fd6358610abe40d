//! A steady stream: a simulated publishing application on one channel that sends `rate`
//! messages a second to one exchange, with routing keys drawn from a pattern.
//!
//! Messages are generated from their sequence number alone (key, body), so a long run is one
//! command plus ticks: a timeline logs one input per tick instead of one per message, replays it
//! exactly, and a share link carries it in a few bytes, as the Kafka model's stream does.
//! Each tick's messages are published at the end of that tick's 100 ms, through the same
//! `basic.publish` path as a learner's own; a refused publish is a channel error, which closes
//! the channel as RabbitMQ closes it (`rabbit_channel:handle_exception/2`) and stops the stream
//! (its application has lost its channel).

use super::broker::Broker;
use super::command::{ChannelId, CloseCause, PublishSpec};
use super::error::{Error, Limit};
use super::event::Event;
use super::limits::{MAX_STREAM_MESSAGES_PER_COMMAND, MAX_STREAM_RATE, TICK_MS};
use serde::{Deserialize, Serialize};

/// What [`super::Command::StartStream`] asks for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StreamSpec {
    /// The channel the application publishes on (open when the stream starts).
    pub channel: ChannelId,
    pub exchange: String,
    /// Routing-key pattern ([`stream_key`]): `{n}` is the message's number, `{a|b|c}` takes
    /// the alternatives in turn.
    pub key: String,
    /// Messages per simulated second, `0..=MAX_STREAM_RATE` (0 sends nothing).
    pub rate: u32,
    /// `delivery_mode = 2`.
    pub persistent: bool,
}

/// Why a stream stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StreamStop {
    /// [`super::Command::StopStream`].
    Stopped,
    /// Its channel closed (a crash, a restart, another command's channel error).
    ChannelClosed,
    /// The broker refused one of its publishes ([`Broker::stream_error`] says why); the
    /// channel closed with it.
    Refused,
}

/// A running stream.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Stream {
    pub(crate) spec: StreamSpec,
    /// `rate × ms` not yet turned into whole messages (thousandths of a message).
    pub(crate) carry: u64,
}

/// The stream as the view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamView {
    pub spec: StreamSpec,
    /// Messages the stream published since the broker started (over every start; the next
    /// message's number).
    pub sent: u64,
}

/// Expands a routing-key pattern for message `n`: `{n}` is `n`, `{a|b|c}` takes the
/// alternatives in turn, an unclosed `{` is kept as it is. Deterministic.
pub fn stream_key(pattern: &str, n: u64) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &after[..end];
        if inner == "n" {
            out.push_str(&n.to_string());
        } else {
            let alts: Vec<&str> = inner.split('|').collect();
            out.push_str(alts[(n % alts.len() as u64) as usize]);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The body of the stream's message `n`.
pub fn stream_body(n: u64) -> String {
    format!("event-{n}")
}

/// Messages a stream at `rate` a second publishes over `ms` (rounded up).
pub(crate) fn messages_in(rate: u32, ms: u64) -> u64 {
    (rate as u64).saturating_mul(ms).div_ceil(1000)
}

impl Broker {
    /// The running stream, if any.
    pub fn stream(&self) -> Option<StreamView> {
        self.stream.as_ref().map(|s| StreamView {
            spec: s.spec.clone(),
            sent: self.stream_sent,
        })
    }

    /// The running stream's rate (0 when none runs).
    pub fn stream_rate(&self) -> u32 {
        self.stream.as_ref().map_or(0, |s| s.spec.rate)
    }

    /// Why the last stream stopped by itself, when a publish of it was refused (cleared when a
    /// stream starts).
    pub fn stream_error(&self) -> Option<&Error> {
        self.stream_error.as_ref()
    }

    pub(crate) fn start_stream(
        &mut self,
        spec: StreamSpec,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        if spec.rate > MAX_STREAM_RATE {
            return Err(Error::LimitExceeded {
                what: Limit::StreamRate,
                limit: MAX_STREAM_RATE as u64,
            });
        }
        self.channel(spec.channel)?;
        // A retune keeps the fraction of a message already due.
        let carry = self.stream.as_ref().map_or(0, |s| s.carry);
        ev.push(Event::StreamStarted { spec: spec.clone() });
        self.stream = Some(Stream { spec, carry });
        self.stream_error = None;
        Ok(())
    }

    pub(crate) fn stop_stream(&mut self, reason: StreamStop, ev: &mut Vec<Event>) {
        if self.stream.take().is_some() {
            ev.push(Event::StreamStopped { reason });
        }
    }

    /// Refuses an `advance` of `ms` that would make the running stream publish more than
    /// [`MAX_STREAM_MESSAGES_PER_COMMAND`] messages.
    pub(crate) fn check_stream_advance(&self, ms: u64) -> Result<(), Error> {
        let rate = self.stream.as_ref().map_or(0, |s| s.spec.rate);
        if messages_in(rate, ms) > MAX_STREAM_MESSAGES_PER_COMMAND {
            return Err(Error::LimitExceeded {
                what: Limit::StreamMessages,
                limit: MAX_STREAM_MESSAGES_PER_COMMAND,
            });
        }
        Ok(())
    }

    /// Publishes what the stream owes for `ms` simulated ms just passed (at most
    /// [`TICK_MS`]), at the current instant.
    pub(crate) fn stream_step(&mut self, ms: u64, ev: &mut Vec<Event>) {
        let Some(s) = self.stream.as_mut() else {
            return;
        };
        debug_assert!(ms <= TICK_MS);
        let due = s.carry + s.spec.rate as u64 * ms;
        s.carry = due % 1000;
        let n = due / 1000;
        let spec = s.spec.clone();
        if self.channels.get(&spec.channel).is_none() {
            self.stop_stream(StreamStop::ChannelClosed, ev);
            return;
        }
        for _ in 0..n {
            let i = self.stream_sent;
            let mut p = PublishSpec::new(spec.channel, &spec.exchange, &stream_key(&spec.key, i))
                .body(stream_body(i));
            if spec.persistent {
                p = p.persistent();
            }
            match self.publish(p, ev) {
                Ok(()) => {
                    self.stream_sent += 1;
                    self.settle(ev);
                }
                Err(e) => {
                    if e.closes_channel() {
                        self.close_channel(spec.channel, CloseCause::Error(e.reply_code()), ev);
                        self.settle(ev);
                    }
                    self.stream_error = Some(e);
                    self.stop_stream(StreamStop::Refused, ev);
                    return;
                }
            }
        }
    }
}
