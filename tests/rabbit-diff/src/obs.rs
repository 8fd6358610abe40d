//! What a client can observe, in one normal form for both sides: per step its outcome (or the
//! channel error's reply code), each message as `basic.get`/`basic.deliver` hands it over
//! (body, redelivered, exchange, routing key, properties, headers with `x-death` minus `time`),
//! `basic.return`s, publisher confirms and message counts.

use std::collections::BTreeMap;
use std::fmt;

/// A header value as a client decodes it. Integers of every AMQP width are one kind (a client
/// library picks the width; RabbitMQ compares them as numbers).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Val {
    Void,
    Bool(bool),
    Int(i64),
    /// Bits of an `f64`.
    Float(u64),
    Str(String),
    Timestamp(u64),
    Arr(Vec<Val>),
    Table(BTreeMap<String, Val>),
}

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Val::Void => write!(f, "void"),
            Val::Bool(b) => write!(f, "{b}"),
            Val::Int(i) => write!(f, "{i}"),
            Val::Float(b) => write!(f, "{}", f64::from_bits(*b)),
            Val::Str(s) => write!(f, "{s:?}"),
            Val::Timestamp(t) => write!(f, "ts:{t}"),
            Val::Arr(a) => {
                write!(f, "[")?;
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{v}")?;
                }
                write!(f, "]")
            }
            Val::Table(t) => {
                write!(f, "{{")?;
                for (i, (k, v)) in t.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                write!(f, "}}")
            }
        }
    }
}

/// A message as the client received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub body: String,
    pub redelivered: bool,
    pub exchange: String,
    pub routing_key: String,
    pub priority: Option<u8>,
    pub expiration: Option<String>,
    /// delivery mode 2.
    pub persistent: bool,
    pub headers: BTreeMap<String, Val>,
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} (exchange {:?}, key {:?}",
            self.body, self.exchange, self.routing_key
        )?;
        if self.redelivered {
            write!(f, ", redelivered")?;
        }
        if let Some(p) = self.priority {
            write!(f, ", priority {p}")?;
        }
        if let Some(e) = &self.expiration {
            write!(f, ", expiration {e}")?;
        }
        if self.persistent {
            write!(f, ", persistent")?;
        }
        for (k, v) in &self.headers {
            write!(f, ", {k}={v}")?;
        }
        write!(f, ")")
    }
}

/// What a step showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Out {
    Done,
    Published {
        /// basic.return: reply code, exchange, routing key.
        returned: Option<(u16, String, String)>,
        /// Publisher confirm: ack (true) or nack.
        ack: bool,
    },
    Got {
        msg: Option<Msg>,
        /// `message-count` of basic.get-ok: messages left after this one.
        remaining: Option<u32>,
    },
    Consumed {
        deliveries: Vec<Msg>,
        /// Deliveries beyond those the model made (only the server side can have any).
        extra: usize,
    },
    Purged(u32),
}

impl fmt::Display for Out {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Out::Done => write!(f, "ok"),
            Out::Published { returned, ack } => {
                if let Some((code, x, k)) = returned {
                    write!(f, "basic.return {code} (exchange {x:?}, key {k:?}), ")?;
                }
                write!(f, "{}", if *ack { "confirm ack" } else { "confirm nack" })
            }
            Out::Got { msg: None, .. } => write!(f, "get-empty"),
            Out::Got {
                msg: Some(m),
                remaining,
            } => write!(f, "get-ok {m}, {remaining:?} left"),
            Out::Consumed { deliveries, extra } => {
                write!(f, "{} deliveries", deliveries.len())?;
                for d in deliveries {
                    write!(f, "\n        {d}")?;
                }
                if *extra > 0 {
                    write!(f, "\n        and {extra} more")?;
                }
                Ok(())
            }
            Out::Purged(n) => write!(f, "purged {n}"),
        }
    }
}

/// One observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Obs {
    /// Step `index`: its outcome, or the reply code of the error that closed the channel.
    Step {
        index: usize,
        result: Result<Out, u16>,
    },
    /// After the script: ready messages in the queue (passive `queue.declare`).
    Count { queue: String, ready: u32 },
    /// After the script: everything `basic.get` drained from the queue, in order.
    Drained { queue: String, messages: Vec<Msg> },
}

impl fmt::Display for Obs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Obs::Step { index, result } => match result {
                Ok(out) => write!(f, "step {index}: {out}"),
                Err(code) => write!(f, "step {index}: channel error {code}"),
            },
            Obs::Count { queue, ready } => write!(f, "{queue}: {ready} ready"),
            Obs::Drained { queue, messages } => {
                write!(f, "{queue} drained: {} messages", messages.len())?;
                for m in messages {
                    write!(f, "\n        {m}")?;
                }
                Ok(())
            }
        }
    }
}

/// Removes the run prefix from names (queues, exchanges, routing keys naming queues, and the
/// names inside `x-death`), so observations read as the symbolic scenario.
pub fn unprefix(prefix: &str, s: &str) -> String {
    s.strip_prefix(prefix).unwrap_or(s).to_string()
}

pub fn unprefix_val(prefix: &str, v: Val) -> Val {
    match v {
        Val::Str(s) => Val::Str(unprefix(prefix, &s)),
        Val::Arr(a) => Val::Arr(a.into_iter().map(|v| unprefix_val(prefix, v)).collect()),
        Val::Table(t) => Val::Table(
            t.into_iter()
                .map(|(k, v)| (k, unprefix_val(prefix, v)))
                .collect(),
        ),
        v => v,
    }
}

/// The normal form of headers: names unprefixed, and in each `x-death` entry the `time` field
/// dropped (wall clock on the server, logical time in the model).
pub fn normal_headers(prefix: &str, mut h: BTreeMap<String, Val>) -> BTreeMap<String, Val> {
    if let Some(Val::Arr(deaths)) = h.get_mut("x-death") {
        for d in deaths {
            if let Val::Table(t) = d {
                t.remove("time");
            }
        }
    }
    h.into_iter()
        .map(|(k, v)| (k, unprefix_val(prefix, v)))
        .collect()
}
