//! Scenarios: small scripts in a vocabulary both sides understand (declare exchanges of every
//! type with alternate exchanges, classic, auto-delete and quorum queues with
//! TTL/length/overflow/DLX/priority/delivery-limit arguments, queue and exchange-to-exchange
//! bindings, string, integer and float header values, publishes with properties and
//! `mandatory` under publisher confirms, `basic.get` and consumers that settle in every way
//! (consumers are cancelled at the end), deliveries held unacked, a double ack (a channel
//! exception), exclusive queues (used from their own connection, refused to another with 405
//! RESOURCE_LOCKED, kept over a channel error, deleted with their connection), and waits for
//! expiry).
//!
//! Names are symbolic (`x0`, `q1`); each run prefixes them so runs never meet on the server.
//! A scenario is generated from a seed with ChaCha8 (portable), so a seed reproduces it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt;

/// Exchange types (<https://www.rabbitmq.com/docs/exchanges>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Direct,
    Fanout,
    Topic,
    Headers,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Fanout => "fanout",
            Kind::Topic => "topic",
            Kind::Headers => "headers",
        }
    }
}

/// A header or binding-argument value: strings, integers (sent as AMQP `long`, or as `long
/// long` with `wide`), floats (AMQP `double`, kept as the bits of an `f64`) and `void`
/// (presence-only binding arguments).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HVal {
    Str(String),
    Int { v: i64, wide: bool },
    Float(u64),
    Void,
}

impl fmt::Display for HVal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HVal::Str(s) => write!(f, "{s:?}"),
            HVal::Int { v, wide: false } => write!(f, "{v}"),
            HVal::Int { v, wide: true } => write!(f, "{v}L"),
            HVal::Float(b) => write!(f, "{:?}", f64::from_bits(*b)),
            HVal::Void => write!(f, "void"),
        }
    }
}

/// `x-overflow` (<https://www.rabbitmq.com/docs/maxlength>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overflow {
    DropHead,
    RejectPublish,
    RejectPublishDlx,
}

impl Overflow {
    pub fn as_str(self) -> &'static str {
        match self {
            Overflow::DropHead => "drop-head",
            Overflow::RejectPublish => "reject-publish",
            Overflow::RejectPublishDlx => "reject-publish-dlx",
        }
    }
}

/// Queue arguments (<https://www.rabbitmq.com/docs/queues#optional-arguments>).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QArgs {
    pub message_ttl: Option<u32>,
    pub max_length: Option<u32>,
    pub overflow: Option<Overflow>,
    /// Symbolic exchange name, or `""` for the default exchange.
    pub dlx: Option<String>,
    /// Symbolic queue name when `dlx` is the default exchange, else a routing key.
    pub dlrk: Option<String>,
    pub max_priority: Option<u8>,
    /// `x-queue-type=quorum` (declared durable).
    pub quorum: bool,
    pub delivery_limit: Option<u32>,
    /// Not an `x-` argument: the queue's `auto-delete` property.
    pub auto_delete: bool,
    /// Not an `x-` argument: exclusive to the main connection (declared on it, not durable).
    pub exclusive: bool,
}

/// How a `basic.get` or a consumer settles a delivery
/// (<https://www.rabbitmq.com/docs/confirms#consumer-acknowledgements>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    /// `no-ack` (only for `basic.get`).
    AutoAck,
    Ack,
    NackRequeue,
    NackDrop,
    RejectRequeue,
    RejectDrop,
}

impl Settle {
    pub fn requeues(self) -> bool {
        matches!(self, Settle::NackRequeue | Settle::RejectRequeue)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    DeclareExchange {
        name: String,
        kind: Kind,
        alternate: Option<String>,
        durable: bool,
    },
    DeclareQueue {
        name: String,
        args: QArgs,
        durable: bool,
    },
    /// `queue.bind` (or `exchange.bind` when `to_exchange`). `args` only for headers exchanges.
    Bind {
        source: String,
        destination: String,
        to_exchange: bool,
        key: String,
        args: Vec<(String, HVal)>,
    },
    Unbind {
        source: String,
        destination: String,
        to_exchange: bool,
        key: String,
        args: Vec<(String, HVal)>,
    },
    Publish {
        exchange: String,
        key: String,
        body: String,
        mandatory: bool,
        priority: Option<u8>,
        expiration: Option<u32>,
        persistent: bool,
        headers: Vec<(String, HVal)>,
    },
    Get {
        queue: String,
        settle: Settle,
    },
    /// `basic.get` with a manual ack that is not sent: the delivery stays unacknowledged on
    /// the main channel (until it closes).
    GetHold {
        queue: String,
    },
    /// `basic.get` with a manual ack, acked twice: the second ack is of a tag the channel no
    /// longer has, 406 PRECONDITION_FAILED, which closes the channel (its held deliveries
    /// return to their queues); the client then opens another. Nothing to ack when empty.
    DoubleAck {
        queue: String,
    },
    /// A consumer with `prefetch` that settles its i-th delivery with `actions[i]` (then acks),
    /// until the queue has nothing more for it; then its channel closes.
    Consume {
        queue: String,
        prefetch: u16,
        actions: Vec<Settle>,
    },
    Purge {
        queue: String,
    },
    /// `basic.get` (then ack) from a second connection, which then closes: on an exclusive
    /// queue of the main connection, 405 RESOURCE_LOCKED.
    ForeignGet {
        queue: String,
    },
    /// The main connection closes (its exclusive queues go with it) and a new one opens.
    Reconnect,
    /// Let time pass (real time on the server).
    Wait {
        ms: u32,
    },
}

impl Step {
    /// The symbolic names this step needs declared before it (exchanges, queues).
    pub fn needs(&self) -> Vec<&str> {
        match self {
            Step::Bind {
                source,
                destination,
                ..
            }
            | Step::Unbind {
                source,
                destination,
                ..
            } => vec![source, destination],
            Step::Publish { exchange, .. } if !exchange.is_empty() => vec![exchange],
            Step::Get { queue, .. }
            | Step::GetHold { queue }
            | Step::DoubleAck { queue }
            | Step::Consume { queue, .. }
            | Step::ForeignGet { queue }
            | Step::Purge { queue } => {
                vec![queue]
            }
            _ => vec![],
        }
    }

    /// The name this step declares.
    pub fn declares(&self) -> Option<&str> {
        match self {
            Step::DeclareExchange { name, .. } | Step::DeclareQueue { name, .. } => Some(name),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub seed: u64,
    pub steps: Vec<Step>,
}

impl Scenario {
    /// Every symbolic queue name the scenario declares, in order.
    pub fn queues(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter_map(|s| match s {
                Step::DeclareQueue { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    pub fn exchanges(&self) -> Vec<&str> {
        self.steps
            .iter()
            .filter_map(|s| match s {
                Step::DeclareExchange { name, .. } => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Every step only uses names declared before it (what shrinking must preserve).
    pub fn well_formed(&self) -> bool {
        let mut declared: Vec<&str> = Vec::new();
        for s in &self.steps {
            if s.needs().iter().any(|n| !declared.contains(n)) {
                return false;
            }
            if let Some(d) = s.declares() {
                declared.push(d);
            }
        }
        true
    }

    /// Without step `i` and every later step that needed what it declared.
    pub fn without(&self, i: usize) -> Scenario {
        let mut steps = self.steps.clone();
        let gone = steps.remove(i);
        if let Some(name) = gone.declares() {
            steps.retain(|s| !s.needs().contains(&name));
        }
        Scenario {
            seed: self.seed,
            steps,
        }
    }
}

impl fmt::Display for Settle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Settle::AutoAck => "no-ack",
            Settle::Ack => "ack",
            Settle::NackRequeue => "nack(requeue)",
            Settle::NackDrop => "nack(no requeue)",
            Settle::RejectRequeue => "reject(requeue)",
            Settle::RejectDrop => "reject(no requeue)",
        })
    }
}

fn table(args: &[(String, HVal)]) -> String {
    let inner: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{{{}}}", inner.join(", "))
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::DeclareExchange {
                name,
                kind,
                alternate,
                durable,
            } => {
                write!(f, "exchange.declare {name} type={}", kind.as_str())?;
                if let Some(a) = alternate {
                    write!(f, " alternate-exchange={a}")?;
                }
                if *durable {
                    write!(f, " durable")?;
                }
                Ok(())
            }
            Step::DeclareQueue {
                name,
                args,
                durable,
            } => {
                write!(f, "queue.declare {name}")?;
                if *durable {
                    write!(f, " durable")?;
                }
                if let Some(v) = args.message_ttl {
                    write!(f, " x-message-ttl={v}")?;
                }
                if let Some(v) = args.max_length {
                    write!(f, " x-max-length={v}")?;
                }
                if let Some(v) = args.overflow {
                    write!(f, " x-overflow={}", v.as_str())?;
                }
                if let Some(v) = &args.dlx {
                    write!(f, " x-dead-letter-exchange={v:?}")?;
                }
                if let Some(v) = &args.dlrk {
                    write!(f, " x-dead-letter-routing-key={v:?}")?;
                }
                if let Some(v) = args.max_priority {
                    write!(f, " x-max-priority={v}")?;
                }
                if args.quorum {
                    write!(f, " x-queue-type=quorum")?;
                }
                if let Some(v) = args.delivery_limit {
                    write!(f, " x-delivery-limit={v}")?;
                }
                if args.auto_delete {
                    write!(f, " auto-delete")?;
                }
                if args.exclusive {
                    write!(f, " exclusive")?;
                }
                Ok(())
            }
            Step::Bind {
                source,
                destination,
                to_exchange,
                key,
                args,
            }
            | Step::Unbind {
                source,
                destination,
                to_exchange,
                key,
                args,
            } => {
                let verb = match (matches!(self, Step::Bind { .. }), to_exchange) {
                    (true, false) => "queue.bind",
                    (true, true) => "exchange.bind",
                    (false, false) => "queue.unbind",
                    (false, true) => "exchange.unbind",
                };
                write!(f, "{verb} {source} -> {destination} key={key:?}")?;
                if !args.is_empty() {
                    write!(f, " args={}", table(args))?;
                }
                Ok(())
            }
            Step::Publish {
                exchange,
                key,
                body,
                mandatory,
                priority,
                expiration,
                persistent,
                headers,
            } => {
                write!(f, "basic.publish {body:?} to {exchange:?} key={key:?}")?;
                if *mandatory {
                    write!(f, " mandatory")?;
                }
                if let Some(p) = priority {
                    write!(f, " priority={p}")?;
                }
                if let Some(e) = expiration {
                    write!(f, " expiration={e}")?;
                }
                if *persistent {
                    write!(f, " persistent")?;
                }
                if !headers.is_empty() {
                    write!(f, " headers={}", table(headers))?;
                }
                Ok(())
            }
            Step::Get { queue, settle } => write!(f, "basic.get {queue} then {settle}"),
            Step::GetHold { queue } => write!(f, "basic.get {queue}, held unacked"),
            Step::DoubleAck { queue } => write!(f, "basic.get {queue} then ack, ack again"),
            Step::Consume {
                queue,
                prefetch,
                actions,
            } => {
                let a: Vec<String> = actions.iter().map(|a| a.to_string()).collect();
                write!(
                    f,
                    "basic.consume {queue} prefetch={prefetch} settle=[{}] then ack, until idle; close",
                    a.join(", ")
                )
            }
            Step::Purge { queue } => write!(f, "queue.purge {queue}"),
            Step::ForeignGet { queue } => {
                write!(f, "basic.get {queue} then ack, from another connection")
            }
            Step::Reconnect => write!(f, "connection.close; a new connection"),
            Step::Wait { ms } => write!(f, "wait {ms} ms"),
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "scenario (seed {}):", self.seed)?;
        for (i, s) in self.steps.iter().enumerate() {
            writeln!(f, "  {i:>2}. {s}")?;
        }
        write!(f, "  then: drain every queue with basic.get")
    }
}

/// Which parts of the vocabulary the generator uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vocabulary {
    pub queue_args: bool,
    pub consumers: bool,
    pub waits: bool,
}

impl Vocabulary {
    pub const FULL: Vocabulary = Vocabulary {
        queue_args: true,
        consumers: true,
        waits: true,
    };
}

const WORDS: [&str; 3] = ["a", "b", "c"];
const HEADER_KEYS: [&str; 3] = ["h1", "h2", "h3"];

fn pick<'a, T>(rng: &mut ChaCha8Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

/// A routing key of 0–3 words from a small alphabet; sometimes with empty words.
fn routing_key(rng: &mut ChaCha8Rng) -> String {
    let n = rng.random_range(0..4);
    let words: Vec<&str> = (0..n)
        .map(|_| {
            if rng.random_bool(0.08) {
                ""
            } else {
                *pick(rng, &WORDS)
            }
        })
        .collect();
    words.join(".")
}

/// A topic binding pattern: words, `*` and `#`.
fn topic_pattern(rng: &mut ChaCha8Rng) -> String {
    let n = rng.random_range(0..4);
    let words: Vec<&str> = (0..n)
        .map(|_| match rng.random_range(0..10) {
            0..=1 => "*",
            2..=3 => "#",
            4 => "",
            _ => *pick(rng, &WORDS),
        })
        .collect();
    words.join(".")
}

fn hval(rng: &mut ChaCha8Rng) -> HVal {
    match rng.random_range(0..7) {
        0 => HVal::Int {
            v: rng.random_range(1..3),
            wide: rng.random_bool(0.3),
        },
        1 => HVal::Str(rng.random_range(1..3).to_string()),
        // 1.0 equals the integer 1 by value; 1.5 equals no integer.
        2 => HVal::Float(pick(rng, &[1.0f64, 1.5, 2.0]).to_bits()),
        _ => HVal::Str(pick(rng, &WORDS).to_string()),
    }
}

fn header_args(rng: &mut ChaCha8Rng) -> Vec<(String, HVal)> {
    let mut args = vec![(
        "x-match".to_string(),
        HVal::Str(if rng.random_bool(0.5) { "all" } else { "any" }.into()),
    )];
    for k in HEADER_KEYS {
        if rng.random_bool(0.45) {
            let v = if rng.random_bool(0.15) {
                HVal::Void
            } else {
                hval(rng)
            };
            args.push((k.to_string(), v));
        }
    }
    args
}

fn settle(rng: &mut ChaCha8Rng, get: bool) -> Settle {
    match rng.random_range(0..10) {
        0..=2 if get => Settle::AutoAck,
        0..=3 => Settle::Ack,
        4 => Settle::NackRequeue,
        5 => Settle::RejectRequeue,
        6..=7 => Settle::NackDrop,
        _ => Settle::RejectDrop,
    }
}

/// Generates the scenario of `seed`.
pub fn generate(seed: u64, vocab: Vocabulary) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let rng = &mut rng;
    let mut steps = Vec::new();
    let nx = rng.random_range(1..=4);
    let nq = rng.random_range(1..=4);
    let xs: Vec<String> = (0..nx).map(|i| format!("x{i}")).collect();
    let qs: Vec<String> = (0..nq).map(|i| format!("q{i}")).collect();
    let mut kinds = Vec::new();
    let mut max_ttl = 0u32;
    for x in &xs {
        let kind = *pick(
            rng,
            &[Kind::Direct, Kind::Fanout, Kind::Topic, Kind::Headers],
        );
        kinds.push(kind);
        // An alternate exchange may be any exchange of the scenario, even one not (yet) declared
        // (<https://www.rabbitmq.com/docs/ae>).
        let alternate = rng.random_bool(0.25).then(|| pick(rng, &xs).clone());
        steps.push(Step::DeclareExchange {
            name: x.clone(),
            kind,
            alternate,
            durable: rng.random_bool(0.3),
        });
    }
    for q in &qs {
        let mut args = QArgs::default();
        if vocab.queue_args {
            if vocab.waits && rng.random_bool(0.25) {
                // 300-500 ms: long next to what a script takes on a loaded machine (at 150-250
                // ms, a machine busy with a build let messages expire before the drain).
                let t = rng.random_range(15..=25) * 20;
                max_ttl = max_ttl.max(t);
                args.message_ttl = Some(t);
            }
            if rng.random_bool(0.3) {
                args.max_length = Some(rng.random_range(0..=3));
                if rng.random_bool(0.6) {
                    args.overflow = Some(*pick(
                        rng,
                        &[
                            Overflow::DropHead,
                            Overflow::RejectPublish,
                            Overflow::RejectPublishDlx,
                        ],
                    ));
                }
            }
            if rng.random_bool(0.4) {
                if rng.random_bool(0.4) {
                    // Through the default exchange, straight to a queue.
                    args.dlx = Some(String::new());
                    args.dlrk = Some(pick(rng, &qs).clone());
                } else {
                    args.dlx = Some(pick(rng, &xs).clone());
                    if rng.random_bool(0.4) {
                        args.dlrk = Some(routing_key(rng));
                    }
                }
            }
            if rng.random_bool(0.2) {
                // A quorum queue (durable; priorities and reject-publish-dlx are refused with
                // 406, so they are left out); a delivery limit of its own or 4.0's default.
                args.quorum = true;
                args.max_priority = None;
                if args.overflow == Some(Overflow::RejectPublishDlx) {
                    args.overflow = Some(Overflow::RejectPublish);
                }
                if rng.random_bool(0.6) {
                    args.delivery_limit = Some(rng.random_range(0..=2));
                }
            } else if rng.random_bool(0.25) {
                args.max_priority = Some(rng.random_range(1..=5));
            }
            args.auto_delete = !args.quorum && rng.random_bool(0.1);
            args.exclusive = !args.quorum && !args.auto_delete && rng.random_bool(0.15);
        }
        let durable = !args.exclusive && (args.quorum || rng.random_bool(0.3));
        steps.push(Step::DeclareQueue {
            name: q.clone(),
            args,
            durable,
        });
    }
    let bind = |rng: &mut ChaCha8Rng, unbind: bool| {
        let i = rng.random_range(0..xs.len());
        let source = xs[i].clone();
        let to_exchange = rng.random_bool(0.2) && xs.len() > 1;
        let destination = if to_exchange {
            pick(rng, &xs).clone()
        } else {
            pick(rng, &qs).clone()
        };
        let (key, args) = match kinds[i] {
            Kind::Topic => (topic_pattern(rng), vec![]),
            Kind::Headers => (String::new(), header_args(rng)),
            Kind::Fanout if rng.random_bool(0.7) => (String::new(), vec![]),
            _ => (routing_key(rng), vec![]),
        };
        if unbind {
            Step::Unbind {
                source,
                destination,
                to_exchange,
                key,
                args,
            }
        } else {
            Step::Bind {
                source,
                destination,
                to_exchange,
                key,
                args,
            }
        }
    };
    for _ in 0..rng.random_range(1..=6) {
        let b = bind(rng, false);
        steps.push(b);
    }
    let mut body = 0;
    let ops = rng.random_range(3..=16);
    let mut waited = false;
    for _ in 0..ops {
        let step = match rng.random_range(0..100) {
            0..=49 => {
                body += 1;
                let exchange = if rng.random_bool(0.2) {
                    String::new()
                } else {
                    pick(rng, &xs).clone()
                };
                let key = if exchange.is_empty() {
                    if rng.random_bool(0.85) {
                        pick(rng, &qs).clone()
                    } else {
                        "nowhere".into()
                    }
                } else {
                    routing_key(rng)
                };
                let mut headers = Vec::new();
                for k in HEADER_KEYS {
                    if rng.random_bool(0.4) {
                        headers.push((k.to_string(), hval(rng)));
                    }
                }
                let expiration = (vocab.waits && rng.random_bool(0.15)).then(|| {
                    let t = if rng.random_bool(0.1) {
                        0
                    } else {
                        rng.random_range(15..=25) * 20
                    };
                    max_ttl = max_ttl.max(t);
                    t
                });
                Step::Publish {
                    exchange,
                    key,
                    body: format!("m{body}"),
                    mandatory: rng.random_bool(0.4),
                    priority: rng.random_bool(0.3).then(|| rng.random_range(0..=7)),
                    expiration,
                    persistent: rng.random_bool(0.2),
                    headers,
                }
            }
            50..=59 => Step::Get {
                queue: pick(rng, &qs).clone(),
                settle: settle(rng, true),
            },
            60..=62 => Step::GetHold {
                queue: pick(rng, &qs).clone(),
            },
            63..=64 => Step::DoubleAck {
                queue: pick(rng, &qs).clone(),
            },
            65..=74 if vocab.consumers => Step::Consume {
                queue: pick(rng, &qs).clone(),
                prefetch: rng.random_range(1..=3),
                actions: (0..rng.random_range(0..=3))
                    .map(|_| settle(rng, false))
                    .collect(),
            },
            75..=82 if vocab.waits && max_ttl > 0 && !waited => {
                // Twice the longest TTL so far, plus a margin: on the server this is real time.
                waited = true;
                Step::Wait {
                    ms: 2 * max_ttl + 60,
                }
            }
            83..=87 => bind(rng, false),
            88..=91 => bind(rng, true),
            92..=93 => Step::Purge {
                queue: pick(rng, &qs).clone(),
            },
            94..=96 => Step::ForeignGet {
                queue: pick(rng, &qs).clone(),
            },
            97 => Step::Reconnect,
            _ => continue,
        };
        if let Step::Publish { .. } = step {
            waited = false;
        }
        steps.push(step);
    }
    if vocab.waits && max_ttl > 0 && rng.random_bool(0.5) {
        steps.push(Step::Wait {
            ms: 2 * max_ttl + 60,
        });
    }
    Scenario { seed, steps }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_reproduces_its_scenario() {
        for seed in 0..50 {
            assert_eq!(
                generate(seed, Vocabulary::FULL),
                generate(seed, Vocabulary::FULL)
            );
        }
        assert_ne!(generate(1, Vocabulary::FULL), generate(2, Vocabulary::FULL));
    }

    #[test]
    fn generated_scenarios_are_well_formed_and_shrinking_keeps_them_so() {
        for seed in 0..200 {
            let s = generate(seed, Vocabulary::FULL);
            assert!(s.well_formed(), "{s}");
            for i in 0..s.steps.len() {
                assert!(s.without(i).well_formed(), "seed {seed} without {i}");
            }
        }
    }

    #[test]
    fn the_vocabulary_is_covered() {
        let all: Vec<Step> = (0..300)
            .flat_map(|s| generate(s, Vocabulary::FULL).steps)
            .collect();
        let has = |f: &dyn Fn(&Step) -> bool| all.iter().any(f);
        assert!(has(&|s| matches!(s, Step::Wait { .. })));
        assert!(has(&|s| matches!(s, Step::Consume { .. })));
        assert!(has(&|s| matches!(
            s,
            Step::Bind {
                to_exchange: true,
                ..
            }
        )));
        assert!(has(&|s| matches!(s, Step::Unbind { .. })));
        assert!(has(&|s| matches!(
            s,
            Step::DeclareExchange {
                alternate: Some(_),
                ..
            }
        )));
        for k in [Kind::Direct, Kind::Fanout, Kind::Topic, Kind::Headers] {
            assert!(has(
                &|s| matches!(s, Step::DeclareExchange { kind, .. } if *kind == k)
            ));
        }
        assert!(has(&|s| matches!(
            s,
            Step::DeclareQueue { args, .. } if args.dlx.is_some() && args.message_ttl.is_some()
        )));
        assert!(has(&|s| matches!(
            s,
            Step::Publish {
                expiration: Some(0),
                ..
            }
        )));
        assert!(has(&|s| matches!(s, Step::GetHold { .. })));
        assert!(has(&|s| matches!(s, Step::DoubleAck { .. })));
        assert!(has(&|s| matches!(
            s,
            Step::DeclareQueue { args, durable: true, .. }
                if args.quorum && args.delivery_limit.is_some()
        )));
        assert!(has(&|s| matches!(
            s,
            Step::DeclareQueue { args, .. } if args.quorum && args.delivery_limit.is_none()
        )));
        assert!(has(
            &|s| matches!(s, Step::DeclareQueue { args, .. } if args.auto_delete)
        ));
        assert!(has(
            &|s| matches!(s, Step::DeclareQueue { args, durable: false, .. } if args.exclusive)
        ));
        assert!(has(&|s| matches!(s, Step::ForeignGet { .. })));
        assert!(has(&|s| matches!(s, Step::Reconnect)));
        assert!(has(&|s| matches!(
            s,
            Step::Publish { headers, .. } if headers.iter().any(|(_, v)| matches!(v, HVal::Float(_)))
        )));
        assert!(has(&|s| matches!(
            s,
            Step::Bind { args, .. } if args.iter().any(|(_, v)| matches!(v, HVal::Int { wide: true, .. }))
        )));
    }
}
