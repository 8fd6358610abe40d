//! `RangeAssignor` (`"range"`): per topic, partitions in numeric order are split into contiguous
//! ranges over the subscribed members in `MemberInfo` order; the first `partitions % members`
//! members get one extra partition.
//!
//! Source: `clients/src/main/java/org/apache/kafka/clients/consumer/RangeAssignor.java`
//! (the non-rack-aware path of `assignPartitions`).

use super::{Subscription, TopicPartition, member_info_cmp};
use crate::sort;
use std::collections::BTreeMap;

pub fn range(
    partitions_per_topic: &BTreeMap<String, u32>,
    subscriptions: &[Subscription],
) -> BTreeMap<String, Vec<TopicPartition>> {
    let mut assignment: BTreeMap<String, Vec<TopicPartition>> =
        sort::map(subscriptions.iter().map(|s| (s.member.clone(), Vec::new())));
    for (topic, &n) in partitions_per_topic {
        let mut consumers: Vec<&Subscription> = subscriptions
            .iter()
            .filter(|s| s.topics.iter().any(|t| t == topic))
            .collect();
        if consumers.is_empty() {
            continue;
        }
        sort::sort_by(&mut consumers, |a, b| member_info_cmp(a, b));
        let per = n as usize / consumers.len();
        let extra = n as usize % consumers.len();
        for (i, c) in consumers.iter().enumerate() {
            let start = per * i + i.min(extra);
            let len = per + usize::from(i < extra);
            let list = assignment.entry(c.member.clone()).or_default();
            list.extend((start..start + len).map(|p| TopicPartition::new(topic.clone(), p as u32)));
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javadoc_example() {
        // RangeAssignor javadoc: C0: [t0p0, t0p1, t1p0, t1p1], C1: [t0p2, t1p2]
        let topics = BTreeMap::from([("t0".to_string(), 3), ("t1".to_string(), 3)]);
        let subs = [
            Subscription::new("C0", &["t0", "t1"]),
            Subscription::new("C1", &["t0", "t1"]),
        ];
        let a = range(&topics, &subs);
        let names = |m: &str| a[m].iter().map(|tp| tp.to_string()).collect::<Vec<_>>();
        assert_eq!(names("C0"), ["t0-0", "t0-1", "t1-0", "t1-1"]);
        assert_eq!(names("C1"), ["t0-2", "t1-2"]);
    }
}
