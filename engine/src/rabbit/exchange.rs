//! Exchanges and their bindings: the four AMQP exchange types, the default exchange and the
//! predeclared `amq.*` ones, and the per-exchange match step of routing.
//!
//! Sources: `deps/rabbit/src/rabbit_exchange_type_{direct,fanout,topic,headers}.erl`,
//! `rabbit_exchange.erl` (declare/route), and <https://www.rabbitmq.com/docs/exchanges>.

use super::routing::headers;
use super::routing::topic::{self, TopicTrie, TrieScratch};
use super::value::FieldTable;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A shared name (queue, exchange, binding key, consumer tag): cloning it is cheap.
pub type Name = Arc<str>;

/// Internal queue id: never reused, so a queue deleted and declared again is another queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct QueueId(pub u32);

/// Where a binding leads, resolved at bind time (bindings to a queue go when it goes).
#[derive(Clone, Debug, Hash)]
pub(crate) enum Target {
    Queue(QueueId, Name),
    Exchange(Name),
}

/// The exchange types RabbitMQ ships (`amq.match` is a predeclared headers exchange).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExchangeKind {
    Direct,
    Fanout,
    Topic,
    Headers,
}

impl ExchangeKind {
    /// The type name used on the wire and in definitions files.
    pub fn as_str(self) -> &'static str {
        match self {
            ExchangeKind::Direct => "direct",
            ExchangeKind::Fanout => "fanout",
            ExchangeKind::Topic => "topic",
            ExchangeKind::Headers => "headers",
        }
    }

    pub fn parse(s: &str) -> Option<ExchangeKind> {
        Some(match s {
            "direct" => ExchangeKind::Direct,
            "fanout" => ExchangeKind::Fanout,
            "topic" => ExchangeKind::Topic,
            "headers" => ExchangeKind::Headers,
            _ => return None,
        })
    }
}

/// The exchanges every RabbitMQ virtual host has (`rabbit_exchange:declare_default_exchanges`
/// via `rabbit_vhost:add/2`): durable, and declaring or deleting them is refused.
pub const PREDECLARED: [(&str, ExchangeKind); 6] = [
    ("", ExchangeKind::Direct),
    ("amq.direct", ExchangeKind::Direct),
    ("amq.fanout", ExchangeKind::Fanout),
    ("amq.topic", ExchangeKind::Topic),
    ("amq.headers", ExchangeKind::Headers),
    ("amq.match", ExchangeKind::Headers),
];

/// What a binding points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DestinationKind {
    Queue,
    Exchange,
}

/// A binding from an exchange to a queue or exchange. Its identity is all four fields plus its
/// source, as in `#binding{}`: binding twice is a no-op.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Binding {
    pub destination: String,
    pub destination_kind: DestinationKind,
    pub routing_key: String,
    pub arguments: FieldTable,
}

/// Declared properties of an exchange.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Exchange {
    pub name: String,
    pub kind: ExchangeKind,
    pub durable: bool,
    pub auto_delete: bool,
    pub internal: bool,
    pub arguments: FieldTable,
    /// `amq.*` and `""`.
    pub predeclared: bool,
}

impl Exchange {
    /// The `alternate-exchange` argument, where unroutable messages go.
    pub fn alternate(&self) -> Option<&str> {
        self.arguments
            .get("alternate-exchange")
            .and_then(|v| v.as_str())
    }
}

/// An exchange with its outgoing bindings and the index routing uses.
#[derive(Clone, Debug, Hash)]
pub(crate) struct ExchangeState {
    pub def: Exchange,
    pub name: Name,
    pub bindings: Vec<Binding>,
    /// Parallel to `bindings`: resolved destination and shared binding key.
    pub targets: Vec<(Target, Name)>,
    /// The topic exchange's index of its binding keys (empty for other types).
    trie: TopicTrie,
}

impl ExchangeState {
    pub fn new(def: Exchange) -> Self {
        let name = Name::from(def.name.as_str());
        ExchangeState {
            def,
            name,
            bindings: Vec::new(),
            targets: Vec::new(),
            trie: TopicTrie::default(),
        }
    }

    pub fn add_binding(&mut self, b: Binding, target: Target) -> bool {
        if self.bindings.contains(&b) {
            return false;
        }
        let key = Name::from(b.routing_key.as_str());
        self.bindings.push(b);
        self.targets.push((target, key));
        self.reindex();
        true
    }

    pub fn remove_binding(&mut self, b: &Binding) -> bool {
        match self.bindings.iter().position(|x| x == b) {
            Some(i) => {
                self.bindings.remove(i);
                self.targets.remove(i);
                self.reindex();
                true
            }
            None => false,
        }
    }

    /// Removes every binding to `destination`; returns them.
    pub fn remove_bindings_to(&mut self, kind: DestinationKind, destination: &str) -> Vec<Binding> {
        let mut gone = Vec::new();
        let mut i = 0;
        while i < self.bindings.len() {
            let b = &self.bindings[i];
            if b.destination_kind == kind && b.destination == destination {
                gone.push(self.bindings.remove(i));
                self.targets.remove(i);
            } else {
                i += 1;
            }
        }
        if !gone.is_empty() {
            self.reindex();
        }
        gone
    }

    fn reindex(&mut self) {
        if self.def.kind == ExchangeKind::Topic {
            let patterns: Vec<_> = self
                .bindings
                .iter()
                .map(|b| topic::parse_pattern(&b.routing_key))
                .collect();
            self.trie = TopicTrie::build(
                patterns
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i as u32, p.as_slice())),
            );
        }
    }

    /// The indices of the bindings this exchange's type matches, ascending. With `explain`, a
    /// topic exchange also leaves each match's alignment in `scratch.topic`.
    pub fn matching(
        &self,
        routing_key: &str,
        words: &[&str],
        headers: Option<&FieldTable>,
        explain: bool,
        scratch: &mut Scratch,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        match self.def.kind {
            // rabbit_exchange_type_direct: binding key equals routing key.
            ExchangeKind::Direct => out.extend(
                self.bindings
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| b.routing_key == routing_key)
                    .map(|(i, _)| i as u32),
            ),
            // rabbit_exchange_type_fanout: every binding.
            ExchangeKind::Fanout => out.extend(0..self.bindings.len() as u32),
            ExchangeKind::Topic => self.trie.matches(words, explain, &mut scratch.topic, out),
            ExchangeKind::Headers => out.extend(
                self.bindings
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| headers::matches(&b.arguments, headers))
                    .map(|(i, _)| i as u32),
            ),
        }
    }
}

/// The exchanges by name. Keyed by a fixed 64-bit hash of the name (FNV-1a, the same on every
/// platform) so a lookup is one integer search and one string comparison: routing looks
/// exchanges up on every publish. Iteration is in hash order (deterministic); views sort by name.
#[derive(Clone, Debug, Default, Hash)]
pub(crate) struct Exchanges {
    map: BTreeMap<u64, Vec<ExchangeState>>,
    len: usize,
}

impl Exchanges {
    fn key(name: &str) -> u64 {
        topic::fnv1a(name.as_bytes())
    }

    pub fn get(&self, name: &str) -> Option<&ExchangeState> {
        self.map
            .get(&Self::key(name))?
            .iter()
            .find(|x| x.def.name == name)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut ExchangeState> {
        self.map
            .get_mut(&Self::key(name))?
            .iter_mut()
            .find(|x| x.def.name == name)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn insert(&mut self, x: ExchangeState) {
        let bucket = self.map.entry(Self::key(&x.def.name)).or_default();
        match bucket.iter_mut().find(|y| y.def.name == x.def.name) {
            Some(y) => *y = x,
            None => {
                bucket.push(x);
                self.len += 1;
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<ExchangeState> {
        let k = Self::key(name);
        let bucket = self.map.get_mut(&k)?;
        let i = bucket.iter().position(|x| x.def.name == name)?;
        let x = bucket.remove(i);
        if bucket.is_empty() {
            self.map.remove(&k);
        }
        self.len -= 1;
        Some(x)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn values(&self) -> impl Iterator<Item = &ExchangeState> {
        self.map.values().flatten()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut ExchangeState> {
        self.map.values_mut().flatten()
    }

    /// All exchanges sorted by name.
    pub fn sorted(&self) -> Vec<&ExchangeState> {
        let mut v: Vec<_> = self.values().collect();
        crate::sort::sort_by(&mut v, |a, b| a.def.name.cmp(&b.def.name));
        v
    }
}

/// Reusable buffers for routing, so a publish allocates little.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    pub topic: TrieScratch,
    pub matched: Vec<u32>,
    pub targets: Vec<QueueId>,
}
