//! Consumer-group partition assignors, ported from the Java client so that a learner sees the
//! assignment Kafka itself would compute: `range`, `roundrobin`, `sticky` and
//! `cooperative-sticky` (`partition.assignment.strategy`).
//!
//! The input mirrors `ConsumerPartitionAssignor.assign(Cluster, GroupSubscription)`: the number of
//! partitions of every topic and, per member, its subscription (topics, `group.instance.id`, owned
//! partitions and generation). Members are given in the order the group coordinator lists them
//! (join order); where the Java code iterates a `java.util.HashMap` keyed by member id, we
//! reproduce that iteration order exactly (see [`java_hash_order`]) because the sticky assignor's
//! result depends on it.

mod range;
mod roundrobin;
mod sticky;

pub use range::range;
pub use roundrobin::round_robin;
pub use sticky::{StickyOutcome, cooperative_sticky, sticky};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// `org.apache.kafka.common.TopicPartition`: ordered by topic, then partition.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    pub topic: String,
    pub partition: u32,
}

impl TopicPartition {
    pub fn new(topic: impl Into<String>, partition: u32) -> Self {
        Self {
            topic: topic.into(),
            partition,
        }
    }

    /// Parses Kafka's `topic-N` notation (the last `-` separates the partition).
    pub fn parse(s: &str) -> Option<Self> {
        let (topic, p) = s.rsplit_once('-')?;
        Some(Self {
            topic: topic.to_string(),
            partition: p.parse().ok()?,
        })
    }

    /// `TopicPartition.hashCode()`: `31 * (31 + partition) + topic.hashCode()`.
    pub fn java_hash(&self) -> i32 {
        let result = 31i32.wrapping_add(self.partition as i32);
        31i32
            .wrapping_mul(result)
            .wrapping_add(java_string_hash(&self.topic))
    }
}

impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// The assignor names of `partition.assignment.strategy` (the Java class's `name()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Strategy {
    /// `org.apache.kafka.clients.consumer.RangeAssignor`, `"range"`.
    Range,
    /// `org.apache.kafka.clients.consumer.RoundRobinAssignor`, `"roundrobin"`.
    RoundRobin,
    /// `org.apache.kafka.clients.consumer.StickyAssignor`, `"sticky"` (eager protocol).
    Sticky,
    /// `org.apache.kafka.clients.consumer.CooperativeStickyAssignor`, `"cooperative-sticky"`.
    CooperativeSticky,
}

impl Strategy {
    pub const ALL: [Strategy; 4] = [
        Strategy::Range,
        Strategy::RoundRobin,
        Strategy::Sticky,
        Strategy::CooperativeSticky,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::Range => "range",
            Strategy::RoundRobin => "roundrobin",
            Strategy::Sticky => "sticky",
            Strategy::CooperativeSticky => "cooperative-sticky",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Strategy::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Cooperative assignors revoke only what moves (`RebalanceProtocol.COOPERATIVE`).
    pub fn is_cooperative(self) -> bool {
        matches!(self, Strategy::CooperativeSticky)
    }
}

/// One member's `ConsumerPartitionAssignor.Subscription`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subscription {
    pub member: String,
    /// `group.instance.id` of a static member.
    pub group_instance_id: Option<String>,
    pub topics: Vec<String>,
    /// `ownedPartitions`: what the member held before this rebalance.
    pub owned: Vec<TopicPartition>,
    /// The generation the owned partitions belong to (`generationId`), if known.
    pub generation: Option<i32>,
}

impl Subscription {
    pub fn new(member: impl Into<String>, topics: &[&str]) -> Self {
        Self {
            member: member.into(),
            group_instance_id: None,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            owned: Vec::new(),
            generation: None,
        }
    }
}

/// The result of one assignment: member -> partitions, plus (cooperative protocol) the partitions
/// withheld in this round because another member must revoke them first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub members: BTreeMap<String, Vec<TopicPartition>>,
    /// `partitionsTransferringOwnership`: partition -> its next owner.
    pub transferring: BTreeMap<TopicPartition, String>,
}

/// Runs one assignor. `partitions_per_topic` is cluster metadata; only topics some member
/// subscribes to are assigned (as `AbstractPartitionAssignor.assign` does). For the cooperative
/// assignor `first_round` decides whether partitions still owned by another member are withheld
/// (the real first round) or the converged assignment is returned.
pub fn assign(
    strategy: Strategy,
    partitions_per_topic: &BTreeMap<String, u32>,
    subscriptions: &[Subscription],
    first_round: bool,
) -> Assignment {
    let subscribed: BTreeMap<String, u32> = crate::sort::map(
        partitions_per_topic
            .iter()
            .filter(|(t, _)| {
                subscriptions
                    .iter()
                    .any(|s| s.topics.iter().any(|x| x == *t))
            })
            .map(|(t, n)| (t.clone(), *n)),
    );
    match strategy {
        Strategy::Range => Assignment {
            members: range(&subscribed, subscriptions),
            transferring: BTreeMap::new(),
        },
        Strategy::RoundRobin => Assignment {
            members: round_robin(&subscribed, subscriptions),
            transferring: BTreeMap::new(),
        },
        Strategy::Sticky => {
            let out = sticky(&subscribed, subscriptions);
            Assignment {
                members: out.assignment,
                transferring: BTreeMap::new(),
            }
        }
        Strategy::CooperativeSticky => {
            let out = cooperative_sticky(&subscribed, subscriptions);
            if first_round {
                let mut members = out.assignment;
                for (tp, to) in &out.transferring {
                    if let Some(list) = members.get_mut(to) {
                        list.retain(|p| p != tp);
                    }
                }
                Assignment {
                    members,
                    transferring: out.transferring,
                }
            } else {
                Assignment {
                    members: out.assignment,
                    transferring: out.transferring,
                }
            }
        }
    }
}

/// `java.lang.String.hashCode()` over UTF-16 code units.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// The bucket `java.util.HashMap` puts a key with `hashCode` `h` in, for a table of `cap` slots
/// (`HashMap.hash`: `h ^ (h >>> 16)`, then `(cap - 1) & hash`).
fn java_bucket(h: i32, cap: usize) -> usize {
    let h = h as u32;
    ((h ^ (h >> 16)) as usize) & (cap - 1)
}

/// The table size of a `HashMap` after `n` insertions (default capacity 16, load factor 0.75).
pub(crate) fn java_capacity(n: usize) -> usize {
    let mut cap = 16;
    while n * 4 > cap * 3 {
        cap *= 2;
    }
    cap
}

/// The order in which a `java.util.HashMap` holding these keys (inserted in the given order)
/// iterates them: by bucket, then by insertion within a bucket. Returns indices into `hashes`.
pub fn java_hash_order(hashes: &[i32], capacity: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..hashes.len()).collect();
    crate::sort::sort_by_key(&mut idx, |&i| java_bucket(hashes[i], capacity));
    idx
}

/// Member ids in `HashMap<String, _>` iteration order.
pub(crate) fn java_member_order(members: &[&str]) -> Vec<usize> {
    let hashes: Vec<i32> = members.iter().map(|m| java_string_hash(m)).collect();
    java_hash_order(&hashes, java_capacity(members.len()))
}

/// `AbstractPartitionAssignor.MemberInfo.compareTo`: static members (by `group.instance.id`)
/// first, then dynamic members by member id.
pub(crate) fn member_info_cmp(a: &Subscription, b: &Subscription) -> std::cmp::Ordering {
    match (&a.group_instance_id, &b.group_instance_id) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.member.cmp(&b.member),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_hashes() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(
            java_string_hash("consumer1"),
            "consumer1"
                .bytes()
                .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
        );
        assert_eq!(TopicPartition::new("t", 0).java_hash(), 31 * 31 + 116);
    }

    #[test]
    fn parse_topic_partition() {
        assert_eq!(
            TopicPartition::parse("my-topic-12"),
            Some(TopicPartition::new("my-topic", 12))
        );
        assert_eq!(TopicPartition::parse("nodash"), None);
    }
}
