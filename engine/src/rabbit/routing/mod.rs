//! Routing: from an exchange, a routing key and headers to the set of queues, following
//! exchange-to-exchange bindings and alternate exchanges the way `rabbit_exchange:route/3` does
//! (`route1/4`, `process_alternate/2`, `process_route/2` in `deps/rabbit/src/rabbit_exchange.erl`):
//!
//! * the default exchange `""` routes to the queue named by the routing key, if it exists;
//! * each exchange on the work list matches its bindings by its type;
//! * only when an exchange's own bindings matched nothing does its `alternate-exchange` join the
//!   work list;
//! * an exchange already visited is not visited again (no loops), missing exchanges are skipped;
//! * the result is a set of queues (a queue reached twice gets one copy).
//!
//! Every decision lists each matching binding with *why* it matched, in structured form.

pub mod headers;
pub mod topic;

use super::exchange::{
    DestinationKind, ExchangeKind, ExchangeState, Exchanges, Name, QueueId, Scratch, Target,
};
use super::limits::MAX_EXCHANGE_HOPS;
use super::value::FieldTable;
use serde::{Deserialize, Serialize};

/// Why one binding matched.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MatchReason {
    /// The default exchange: the routing key is the queue's name.
    DefaultExchange,
    /// Direct exchange: the binding key equals the routing key.
    DirectKeyEqual,
    /// Fanout exchange: every binding gets a copy.
    Fanout,
    /// Topic exchange: which routing-key words each binding-key word took.
    Topic { spans: Vec<topic::WordSpan> },
    /// Headers exchange: the comparisons made.
    Headers(headers::HeadersWhy),
}

/// One binding that matched.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BindingMatch {
    pub source: Name,
    pub destination: Name,
    pub destination_kind: DestinationKind,
    pub binding_key: Name,
    pub reason: MatchReason,
}

/// The whole routing decision of one publish (or one dead-lettering).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RouteDecision {
    pub exchange: String,
    pub routing_key: String,
    /// Every binding that matched, in the order exchanges were visited (empty when the broker
    /// was told to record queues only).
    pub matches: Vec<BindingMatch>,
    /// Alternate exchanges used, `(exchange that matched nothing, its alternate)`.
    pub alternates: Vec<(String, String)>,
    /// Exchanges named by bindings or `alternate-exchange` that do not exist.
    pub missing_exchanges: Vec<String>,
    /// The queues reached, sorted, each once.
    pub queues: Vec<Name>,
}

/// How much of the decision to record. `Full` is what the UI wants; `QueuesOnly` skips the
/// per-binding explanations (the queues reached are identical).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Explain {
    #[default]
    Full,
    QueuesOnly,
}

/// Routes from `exchange` (which must exist). `default_queue` resolves a queue name for the
/// default exchange. The queues reached are also left in `ids` (parallel to `queues`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn route(
    exchanges: &Exchanges,
    default_queue: impl Fn(&str) -> Option<(QueueId, Name)>,
    exchange: &str,
    routing_key: &str,
    headers: Option<&FieldTable>,
    explain: Explain,
    scratch: &mut Scratch,
    ids: &mut Vec<QueueId>,
) -> RouteDecision {
    ids.clear();
    let mut d = RouteDecision {
        exchange: exchange.to_string(),
        routing_key: routing_key.to_string(),
        ..Default::default()
    };
    if exchange.is_empty() {
        if let Some((id, name)) = default_queue(routing_key) {
            if explain == Explain::Full {
                d.matches.push(BindingMatch {
                    source: Name::from(""),
                    destination: name.clone(),
                    destination_kind: DestinationKind::Queue,
                    binding_key: name.clone(),
                    reason: MatchReason::DefaultExchange,
                });
            }
            d.queues.push(name);
            ids.push(id);
        }
        return d;
    }
    // Split the key once; on the stack for keys of up to 16 words.
    let mut stack: [&str; 16] = [""; 16];
    let heap: Vec<&str>;
    let words: &[&str] = match topic::split_words_into(routing_key, &mut stack) {
        Some(n) => &stack[..n],
        None => {
            heap = topic::split_words(routing_key);
            &heap
        }
    };
    let Some(first) = exchanges.get(exchange) else {
        return d;
    };
    let start = first.def.name.as_str();
    // The work list and the visited set stay empty (no allocation) unless an
    // exchange-to-exchange binding or an alternate exchange is followed.
    let mut current = Some(first);
    let mut work: Vec<&ExchangeState> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut matched = std::mem::take(&mut scratch.matched);
    let mut hops = 0;
    while let Some(x) = current.take().or_else(|| work.pop()) {
        hops += 1;
        if hops > MAX_EXCHANGE_HOPS {
            break;
        }
        let xname = x.def.name.as_str();
        x.matching(
            routing_key,
            words,
            headers,
            explain == Explain::Full,
            scratch,
            &mut matched,
        );
        let visited = |seen: &Vec<&str>, name: &str| name == start || seen.contains(&name);
        if matched.is_empty() {
            if let Some(ae) = x.def.alternate() {
                if explain == Explain::Full {
                    d.alternates.push((xname.to_string(), ae.to_string()));
                }
                if let Some(next) = exchanges.get(ae) {
                    let name = next.def.name.as_str();
                    if !visited(&seen, name) {
                        seen.push(name);
                        work.push(next);
                    }
                } else if !d.missing_exchanges.iter().any(|m| m == ae) {
                    d.missing_exchanges.push(ae.to_string());
                }
            }
            continue;
        }
        // Destinations are folded in order; exchanges go on the front of the work list.
        if explain == Explain::Full {
            reserve(&mut d.matches, matched.len());
        }
        reserve(&mut d.queues, matched.len());
        ids.reserve(matched.len());
        let first_new = work.len();
        for (k, &i) in matched.iter().enumerate() {
            let i = i as usize;
            let (target, key) = &x.targets[i];
            if explain == Explain::Full {
                let reason = match x.def.kind {
                    ExchangeKind::Direct => MatchReason::DirectKeyEqual,
                    ExchangeKind::Fanout => MatchReason::Fanout,
                    // The alignment the trie walk found (`TopicTrie::matches`).
                    ExchangeKind::Topic => MatchReason::Topic {
                        spans: scratch.topic.spans_of(k).to_vec(),
                    },
                    ExchangeKind::Headers => {
                        MatchReason::Headers(headers::explain(&x.bindings[i].arguments, headers).1)
                    }
                };
                let (destination, destination_kind) = match target {
                    Target::Queue(_, n) => (n.clone(), DestinationKind::Queue),
                    Target::Exchange(n) => (n.clone(), DestinationKind::Exchange),
                };
                d.matches.push(BindingMatch {
                    source: x.name.clone(),
                    destination,
                    destination_kind,
                    binding_key: key.clone(),
                    reason,
                });
            }
            match target {
                Target::Queue(id, name) => {
                    // A set of queues, kept sorted by name.
                    if !ids.contains(id) {
                        let pos = d.queues.partition_point(|q| q < name);
                        d.queues.insert(pos, name.clone());
                        ids.insert(pos, *id);
                    }
                }
                Target::Exchange(dest) => {
                    if let Some(next) = exchanges.get(dest) {
                        let name = next.def.name.as_str();
                        if !visited(&seen, name) {
                            seen.push(name);
                            work.push(next);
                        }
                    } else if !d.missing_exchanges.iter().any(|m| **m == **dest) {
                        d.missing_exchanges.push(dest.to_string());
                    }
                }
            }
        }
        work[first_new..].reverse();
    }
    scratch.matched = matched;
    d
}

/// `v.reserve(n)`, but a vector without a buffer yet (the usual case: a fresh decision) gets
/// exactly `n` through `with_capacity`, the allocator's direct path rather than the growth one.
pub(crate) fn reserve<T>(v: &mut Vec<T>, n: usize) {
    if v.capacity() == 0 {
        *v = Vec::with_capacity(n);
    } else {
        v.reserve(n);
    }
}
