//! `RoundRobinAssignor` (`"roundrobin"`): all subscribed partitions, sorted by topic then
//! partition, dealt one by one to members in `MemberInfo` order with a circular iterator that
//! skips members not subscribed to the partition's topic.
//!
//! Source: `clients/src/main/java/org/apache/kafka/clients/consumer/RoundRobinAssignor.java`.

use super::{Subscription, TopicPartition, member_info_cmp};
use crate::sort;
use std::collections::{BTreeMap, BTreeSet};

pub fn round_robin(
    partitions_per_topic: &BTreeMap<String, u32>,
    subscriptions: &[Subscription],
) -> BTreeMap<String, Vec<TopicPartition>> {
    let mut assignment: BTreeMap<String, Vec<TopicPartition>> =
        sort::map(subscriptions.iter().map(|s| (s.member.clone(), Vec::new())));
    let mut members: Vec<&Subscription> = subscriptions.iter().collect();
    sort::sort_by(&mut members, |a, b| member_info_cmp(a, b));
    if members.is_empty() {
        return assignment;
    }
    // allPartitionsSorted: the TreeSet of every subscribed topic that exists.
    let topics: BTreeSet<&str> = sort::set(
        subscriptions
            .iter()
            .flat_map(|s| s.topics.iter().map(String::as_str)),
    );
    let mut next = 0usize;
    for topic in topics {
        let Some(&n) = partitions_per_topic.get(topic) else {
            continue;
        };
        for p in 0..n {
            // CircularIterator.peek/next until a subscriber of this topic comes up.
            let mut guard = 0;
            while !members[next % members.len()]
                .topics
                .iter()
                .any(|t| t == topic)
            {
                next += 1;
                guard += 1;
                if guard > members.len() {
                    break;
                }
            }
            let m = members[next % members.len()];
            next += 1;
            assignment
                .entry(m.member.clone())
                .or_default()
                .push(TopicPartition::new(topic, p));
        }
    }
    assignment
}
