//! `StickyAssignor` (`"sticky"`) and `CooperativeStickyAssignor` (`"cooperative-sticky"`): a
//! balanced assignment that keeps as many previously owned partitions as possible.
//!
//! A line-by-line port of
//! `clients/src/main/java/org/apache/kafka/clients/consumer/internals/AbstractStickyAssignor.java`
//! (Kafka 3.5+, without rack awareness since the playground's consumers have no `client.rack`):
//! `allSubscriptionsEqual` picks the `ConstrainedAssignmentBuilder` (everyone subscribes to the
//! same topics) or the `GeneralAssignmentBuilder` (with `PartitionMovements` to avoid ping-pong
//! moves). Where Java iterates a `HashMap`/`HashSet`, the same order is reproduced
//! ([`super::java_hash_order`]), since ties are broken by that order.
//! `CooperativeStickyAssignor.java` then withholds `partitionsTransferringOwnership`.

use super::{Subscription, TopicPartition, java_capacity, java_hash_order, java_member_order};
use crate::sort;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// `AbstractStickyAssignor.DEFAULT_GENERATION`.
pub const DEFAULT_GENERATION: i32 = -1;

/// The assignment and the partitions that change owner in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StickyOutcome {
    pub assignment: BTreeMap<String, Vec<TopicPartition>>,
    /// Partition -> new owner, for partitions another member owned before.
    pub transferring: BTreeMap<TopicPartition, String>,
    /// Whether the constrained (all subscriptions equal) algorithm ran.
    pub constrained: bool,
}

/// The eager sticky assignor.
pub fn sticky(
    partitions_per_topic: &BTreeMap<String, u32>,
    subscriptions: &[Subscription],
) -> StickyOutcome {
    run(partitions_per_topic, subscriptions)
}

/// The cooperative sticky assignor: the same assignment, with `transferring` computed as
/// `CooperativeStickyAssignor.assign` does (the general path recomputes it from owned partitions).
pub fn cooperative_sticky(
    partitions_per_topic: &BTreeMap<String, u32>,
    subscriptions: &[Subscription],
) -> StickyOutcome {
    let mut out = run(partitions_per_topic, subscriptions);
    if !out.constrained {
        // computePartitionsTransferringOwnership
        let mut added: BTreeMap<TopicPartition, String> = BTreeMap::new();
        let mut revoked: BTreeSet<TopicPartition> = BTreeSet::new();
        for s in subscriptions {
            let assigned = out.assignment.get(&s.member).cloned().unwrap_or_default();
            for tp in &assigned {
                if !s.owned.contains(tp) {
                    added.insert(tp.clone(), s.member.clone());
                }
            }
            for tp in &s.owned {
                if !assigned.contains(tp) {
                    revoked.insert(tp.clone());
                }
            }
        }
        added.retain(|tp, _| revoked.contains(tp));
        out.transferring = added;
    }
    out
}

fn run(
    partitions_per_topic: &BTreeMap<String, u32>,
    subscriptions: &[Subscription],
) -> StickyOutcome {
    let n = subscriptions.len();
    let mut out = StickyOutcome::default();
    if n == 0 {
        return out;
    }
    let names: Vec<&str> = subscriptions.iter().map(|s| s.member.as_str()).collect();
    let order = java_member_order(&names);
    let eq = all_subscriptions_equal(partitions_per_topic, subscriptions, &order);
    let names_owned: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let (assignment, transferring) = if eq.equal {
        out.constrained = true;
        constrained(
            partitions_per_topic,
            &names_owned,
            &order,
            eq.owned,
            &eq.multi_owned,
        )
    } else {
        (
            general(
                partitions_per_topic,
                subscriptions,
                &order,
                eq.owned,
                eq.max_generation,
            ),
            BTreeMap::new(),
        )
    };
    for (i, list) in assignment.into_iter().enumerate() {
        out.assignment.insert(names_owned[i].clone(), list);
    }
    out.transferring = sort::map(
        transferring
            .into_iter()
            .map(|(tp, c)| (tp, names_owned[c].clone())),
    );
    out
}

struct Equality {
    equal: bool,
    owned: Vec<Vec<TopicPartition>>,
    multi_owned: BTreeSet<TopicPartition>,
    max_generation: i32,
}

/// `allSubscriptionsEqual`: also collects each member's still-valid owned partitions, resolving
/// claims on one partition by generation.
fn all_subscriptions_equal(
    ppt: &BTreeMap<String, u32>,
    subs: &[Subscription],
    order: &[usize],
) -> Equality {
    let mut equal = true;
    let mut subscribed: BTreeSet<&str> = BTreeSet::new();
    let mut owner: BTreeMap<TopicPartition, usize> = BTreeMap::new();
    let mut owned: Vec<Vec<TopicPartition>> = vec![Vec::new(); subs.len()];
    let mut multi_owned = BTreeSet::new();
    let mut max_generation = DEFAULT_GENERATION;
    for &c in order {
        let s = &subs[c];
        if subscribed.is_empty() {
            subscribed.extend(s.topics.iter().map(String::as_str));
        } else if equal
            && !(s.topics.len() == subscribed.len()
                && s.topics.iter().all(|t| subscribed.contains(t.as_str())))
        {
            equal = false;
        }
        let generation = s.generation.unwrap_or(DEFAULT_GENERATION);
        max_generation = max_generation.max(generation);
        for tp in &s.owned {
            if !ppt.contains_key(&tp.topic) {
                continue;
            }
            match owner.get(tp).copied() {
                None => {
                    owned[c].push(tp.clone());
                    owner.insert(tp.clone(), c);
                }
                Some(other) => {
                    let other_gen = subs[other].generation.unwrap_or(DEFAULT_GENERATION);
                    if generation == other_gen {
                        multi_owned.insert(tp.clone());
                        remove_first(&mut owned[other], tp);
                        owner.insert(tp.clone(), c);
                    } else if generation > other_gen {
                        owned[c].push(tp.clone());
                        remove_first(&mut owned[other], tp);
                        owner.insert(tp.clone(), c);
                    }
                }
            }
        }
    }
    Equality {
        equal,
        owned,
        multi_owned,
        max_generation,
    }
}

fn remove_first(list: &mut Vec<TopicPartition>, tp: &TopicPartition) -> bool {
    if let Some(i) = list.iter().position(|x| x == tp) {
        list.remove(i);
        true
    } else {
        false
    }
}

/// The two-pointer difference of `getUnassignedPartitions`, faithful even to odd input.
fn unassigned_two_pointer(
    all_sorted: &[TopicPartition],
    assigned_sorted: &[TopicPartition],
) -> Vec<TopicPartition> {
    if assigned_sorted.is_empty() {
        return all_sorted.to_vec();
    }
    let mut out = Vec::with_capacity(all_sorted.len());
    let mut it = assigned_sorted.iter();
    let mut next = it.next();
    let mut add_directly = false;
    for tp in all_sorted {
        if add_directly || next != Some(tp) {
            out.push(tp.clone());
        } else {
            next = it.next();
            if next.is_none() {
                add_directly = true;
            }
        }
    }
    out
}

type Transfers = BTreeMap<TopicPartition, usize>;

/// `ConstrainedAssignmentBuilder.build` without racks.
fn constrained(
    ppt: &BTreeMap<String, u32>,
    names: &[String],
    order: &[usize],
    current: Vec<Vec<TopicPartition>>,
    multi_owned: &BTreeSet<TopicPartition>,
) -> (Vec<Vec<TopicPartition>>, Transfers) {
    let n = names.len();
    let total: usize = ppt.values().map(|&p| p as usize).sum();
    let min_quota = total / n;
    let max_quota = total.div_ceil(n);
    let expected_over = total % n;
    let mut current_over = 0usize;
    let mut assignment: Vec<Vec<TopicPartition>> = vec![Vec::new(); n];
    let mut assigned: Vec<TopicPartition> = Vec::new();
    let mut revoked: BTreeSet<TopicPartition> = BTreeSet::new();
    let mut under: Vec<usize> = Vec::new();
    let mut exactly_min: VecDeque<usize> = VecDeque::new();
    let mut transfers: Transfers = BTreeMap::new();

    // assignOwnedPartitions
    for &c in order {
        let mut owned = current[c].clone();
        sort::sort_by(&mut owned, |a, b| {
            a.partition
                .cmp(&b.partition)
                .then_with(|| a.topic.cmp(&b.topic))
        });
        owned.retain(|tp| !multi_owned.contains(tp));
        if owned.len() < min_quota {
            assignment[c].extend(owned.iter().cloned());
            assigned.extend(owned);
            under.push(c);
        } else if owned.len() >= max_quota && current_over < expected_over {
            current_over += 1;
            if current_over == expected_over {
                exactly_min.clear();
            }
            assignment[c].extend(owned[..max_quota].iter().cloned());
            assigned.extend(owned[..max_quota].iter().cloned());
            revoked.extend(owned[max_quota..].iter().cloned());
        } else {
            assignment[c].extend(owned[..min_quota].iter().cloned());
            assigned.extend(owned[..min_quota].iter().cloned());
            revoked.extend(owned[min_quota..].iter().cloned());
            if current_over < expected_over {
                exactly_min.push_back(c);
            }
        }
    }

    let all_sorted: Vec<TopicPartition> = ppt
        .iter()
        .flat_map(|(t, &p)| (0..p).map(move |i| TopicPartition::new(t.clone(), i)))
        .collect();
    sort::sort(&mut assigned);
    let unassigned = unassigned_two_pointer(&all_sorted, &assigned);

    sort::sort_by(&mut under, |&a, &b| names[a].cmp(&names[b]));
    let mut em: Vec<usize> = exactly_min.into_iter().collect();
    sort::sort_by(&mut em, |&a, &b| names[a].cmp(&names[b]));
    let mut exactly_min: VecDeque<usize> = em.into();

    // assignRoundRobin, with a LinkedList iterator over `under` (next/remove semantics).
    let mut pos = 0usize;
    let mut last: Option<usize>;
    for tp in unassigned {
        let consumer;
        if pos < under.len() {
            consumer = under[pos];
            last = Some(pos);
            pos += 1;
        } else if under.is_empty() && exactly_min.is_empty() {
            // IllegalStateException in Java: "No more unfilled consumers to be assigned."
            break;
        } else if under.is_empty() {
            consumer = exactly_min.pop_front().unwrap_or(0);
            last = None;
        } else {
            pos = 0;
            consumer = under[pos];
            last = Some(pos);
            pos += 1;
        }
        assignment[consumer].push(tp.clone());
        if revoked.contains(&tp) || multi_owned.contains(&tp) {
            transfers.insert(tp.clone(), consumer);
        }
        let count = assignment[consumer].len();
        if count == min_quota {
            if let Some(l) = last.take() {
                under.remove(l);
                pos = l;
            }
            exactly_min.push_back(consumer);
        } else if count == max_quota {
            current_over += 1;
        }
    }
    debug_assert!(current_over <= n);
    (assignment, transfers)
}

/// A `java.util.HashSet` whose iteration order we need: insertion order kept, table grown as
/// Java grows it, iterated by bucket.
#[derive(Clone, Debug)]
struct JavaHashSet {
    items: Vec<TopicPartition>,
    capacity: usize,
}

impl JavaHashSet {
    fn new() -> Self {
        Self {
            items: Vec::new(),
            capacity: 16,
        }
    }
    fn insert(&mut self, tp: TopicPartition) {
        if !self.items.contains(&tp) {
            self.items.push(tp);
            self.capacity = self.capacity.max(java_capacity(self.items.len()));
        }
    }
    fn remove(&mut self, tp: &TopicPartition) {
        self.items.retain(|x| x != tp);
    }
    fn first(&self) -> Option<&TopicPartition> {
        let hashes: Vec<i32> = self.items.iter().map(TopicPartition::java_hash).collect();
        java_hash_order(&hashes, self.capacity)
            .first()
            .map(|&i| &self.items[i])
    }
}

/// One topic's moved partitions by (from, to) consumer pair. Pairs are only looked up, never
/// iterated in order, so a short list does (a map type of its own would add more wasm than it
/// saves time).
type MovesByPair = Vec<((usize, usize), JavaHashSet)>;

/// `AbstractStickyAssignor.PartitionMovements`.
#[derive(Default)]
struct Movements {
    /// `partitionMovementsByTopic`.
    by_topic: BTreeMap<String, MovesByPair>,
    moves: BTreeMap<TopicPartition, (usize, usize)>,
}

impl Movements {
    fn remove_record(&mut self, tp: &TopicPartition) -> Option<(usize, usize)> {
        let pair = self.moves.remove(tp)?;
        if let Some(for_topic) = self.by_topic.get_mut(&tp.topic) {
            if let Some(i) = for_topic.iter().position(|(p, _)| *p == pair) {
                let set = &mut for_topic[i].1;
                set.remove(tp);
                if set.items.is_empty() {
                    for_topic.remove(i);
                }
            }
            if for_topic.is_empty() {
                self.by_topic.remove(&tp.topic);
            }
        }
        Some(pair)
    }

    fn add_record(&mut self, tp: &TopicPartition, pair: (usize, usize)) {
        self.moves.insert(tp.clone(), pair);
        let for_topic = self.by_topic.entry(tp.topic.clone()).or_default();
        let i = match for_topic.iter().position(|(p, _)| *p == pair) {
            Some(i) => i,
            None => {
                for_topic.push((pair, JavaHashSet::new()));
                for_topic.len() - 1
            }
        };
        for_topic[i].1.insert(tp.clone());
    }

    fn move_partition(&mut self, tp: &TopicPartition, old: usize, new: usize) {
        if self.moves.contains_key(tp) {
            if let Some(existing) = self.remove_record(tp)
                && existing.0 != new
            {
                self.add_record(tp, (existing.0, new));
            }
        } else {
            self.add_record(tp, (old, new));
        }
    }

    fn actual_partition_to_move(
        &self,
        tp: &TopicPartition,
        mut old: usize,
        new: usize,
    ) -> TopicPartition {
        let Some(for_topic) = self.by_topic.get(&tp.topic) else {
            return tp.clone();
        };
        if let Some(pair) = self.moves.get(tp) {
            old = pair.0;
        }
        let moved = for_topic.iter().find(|(p, _)| *p == (new, old));
        match moved.and_then(|(_, set)| set.first()) {
            Some(first) => first.clone(),
            None => tp.clone(),
        }
    }
}

/// The general builder's state (`GeneralAssignmentBuilder`).
struct General<'a> {
    ppt: &'a BTreeMap<String, u32>,
    names: Vec<&'a str>,
    topic_consumers: BTreeMap<String, Vec<usize>>,
    consumer_topics: Vec<Vec<String>>,
    /// `currentAssignment`; `None` for members taken out as fixed.
    current: Vec<Option<Vec<TopicPartition>>>,
    partition_consumer: BTreeMap<TopicPartition, usize>,
    /// `sortedCurrentSubscriptions`: (assignment size, member id, index).
    sorted: BTreeSet<(usize, &'a str, usize)>,
    movements: Movements,
}

impl<'a> General<'a> {
    fn size(&self, c: usize) -> usize {
        self.current[c].as_ref().map_or(0, Vec::len)
    }
    fn key(&self, c: usize) -> (usize, &'a str, usize) {
        (self.size(c), self.names[c], c)
    }
    fn max_assignment_size(&self, c: usize) -> usize {
        self.consumer_topics[c]
            .iter()
            .map(|t| self.ppt.get(t).copied().unwrap_or(0) as usize)
            .sum()
    }

    fn is_balanced(&self) -> bool {
        let (Some(first), Some(last)) = (self.sorted.first(), self.sorted.last()) else {
            return true;
        };
        let min = self.size(first.2);
        let max = self.size(last.2);
        if min + 1 >= max {
            return true;
        }
        // Owned keys: the same map type as `partition_consumer`, so no extra copy of the B-tree
        // code in the wasm.
        let mut all: BTreeMap<TopicPartition, usize> = BTreeMap::new();
        for (c, list) in self.current.iter().enumerate() {
            if let Some(list) = list {
                for tp in list {
                    all.insert(tp.clone(), c);
                }
            }
        }
        for &(_, _, c) in &self.sorted {
            let count = self.size(c);
            if count == self.max_assignment_size(c) {
                continue;
            }
            let mine = self.current[c].as_deref().unwrap_or(&[]);
            for topic in &self.consumer_topics[c] {
                let n = self.ppt.get(topic).copied().unwrap_or(0);
                for i in 0..n {
                    let tp = TopicPartition::new(topic.clone(), i);
                    if !mine.contains(&tp)
                        && let Some(&other) = all.get(&tp)
                        && count + 1 < self.size(other)
                    {
                        return false;
                    }
                }
            }
        }
        true
    }

    fn assign_to(&mut self, c: usize, tp: TopicPartition) {
        let k = self.key(c);
        self.sorted.remove(&k);
        if let Some(list) = self.current[c].as_mut() {
            list.push(tp.clone());
        }
        self.partition_consumer.insert(tp, c);
        let k = self.key(c);
        self.sorted.insert(k);
    }

    fn maybe_assign_partition(&mut self, tp: &TopicPartition) -> bool {
        let found = self
            .sorted
            .iter()
            .map(|k| k.2)
            .find(|&c| self.consumer_topics[c].contains(&tp.topic));
        match found {
            Some(c) => {
                self.assign_to(c, tp.clone());
                true
            }
            None => false,
        }
    }

    fn can_topic_participate(&self, topic: &str) -> bool {
        self.topic_consumers
            .get(topic)
            .is_some_and(|c| c.len() >= 2)
    }

    fn can_consumer_participate(&self, c: usize) -> bool {
        let size = self.size(c);
        if size < self.max_assignment_size(c) {
            return true;
        }
        self.current[c]
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .any(|tp| self.can_topic_participate(&tp.topic))
    }

    fn process_partition_movement(&mut self, tp: &TopicPartition, new: usize) {
        let Some(&old) = self.partition_consumer.get(tp) else {
            return;
        };
        let ko = self.key(old);
        let kn = self.key(new);
        self.sorted.remove(&ko);
        self.sorted.remove(&kn);
        self.movements.move_partition(tp, old, new);
        if let Some(list) = self.current[old].as_mut() {
            remove_first(list, tp);
        }
        if let Some(list) = self.current[new].as_mut() {
            list.push(tp.clone());
        }
        self.partition_consumer.insert(tp.clone(), new);
        let kn = self.key(new);
        let ko = self.key(old);
        self.sorted.insert(kn);
        self.sorted.insert(ko);
    }

    fn reassign_partition_to(&mut self, tp: &TopicPartition, new: usize) {
        let Some(&consumer) = self.partition_consumer.get(tp) else {
            return;
        };
        let to_move = self.movements.actual_partition_to_move(tp, consumer, new);
        self.process_partition_movement(&to_move, new);
    }

    fn reassign_partition(&mut self, tp: &TopicPartition) {
        let new = self
            .sorted
            .iter()
            .map(|k| k.2)
            .find(|&c| self.consumer_topics[c].contains(&tp.topic));
        if let Some(new) = new {
            self.reassign_partition_to(tp, new);
        }
    }

    fn perform_reassignments(
        &mut self,
        reassignable: &[TopicPartition],
        prev: &BTreeMap<TopicPartition, (usize, i32)>,
    ) -> bool {
        let mut performed = false;
        loop {
            let mut modified = false;
            for tp in reassignable {
                if self.is_balanced() {
                    break;
                }
                let Some(&consumer) = self.partition_consumer.get(tp) else {
                    continue;
                };
                if self.current[consumer].is_none() {
                    continue;
                }
                if let Some(&(pc, _)) = prev.get(tp)
                    && self.current[pc].is_some()
                    && self.size(consumer) > self.size(pc) + 1
                {
                    self.reassign_partition_to(tp, pc);
                    performed = true;
                    modified = true;
                    continue;
                }
                let others = self
                    .topic_consumers
                    .get(&tp.topic)
                    .cloned()
                    .unwrap_or_default();
                for other in others {
                    if self.current[other].is_some() && self.size(consumer) > self.size(other) + 1 {
                        self.reassign_partition(tp);
                        performed = true;
                        modified = true;
                        break;
                    }
                }
            }
            if !modified {
                break;
            }
        }
        performed
    }
}

fn balance_score(current: &[Option<Vec<TopicPartition>>]) -> usize {
    let sizes: Vec<usize> = current.iter().flatten().map(Vec::len).collect();
    let mut score = 0;
    for i in 0..sizes.len() {
        for j in i + 1..sizes.len() {
            score += sizes[i].abs_diff(sizes[j]);
        }
    }
    score
}

/// `GeneralAssignmentBuilder.build` without racks.
fn general(
    ppt: &BTreeMap<String, u32>,
    subs: &[Subscription],
    order: &[usize],
    current: Vec<Vec<TopicPartition>>,
    max_generation: i32,
) -> Vec<Vec<TopicPartition>> {
    let n = subs.len();
    let mut topic_consumers: BTreeMap<String, Vec<usize>> =
        sort::map(ppt.keys().map(|t| (t.clone(), Vec::new())));
    let mut consumer_topics: Vec<Vec<String>> = vec![Vec::new(); n];
    for &c in order {
        for t in &subs[c].topics {
            if let Some(list) = topic_consumers.get_mut(t) {
                consumer_topics[c].push(t.clone());
                list.push(c);
            }
        }
    }
    let mut partition_consumer = BTreeMap::new();
    for &c in order {
        for tp in &current[c] {
            partition_consumer.insert(tp.clone(), c);
        }
    }
    let mut sorted_topics: Vec<&String> = topic_consumers.keys().collect();
    sort::sort_by(&mut sorted_topics, |a, b| {
        topic_consumers[*a]
            .len()
            .cmp(&topic_consumers[*b].len())
            .then_with(|| a.cmp(b))
    });
    let mut sorted_all: Vec<TopicPartition> = sorted_topics
        .iter()
        .flat_map(|t| (0..ppt[*t]).map(move |i| TopicPartition::new((*t).clone(), i)))
        .collect();

    let mut g = General {
        ppt,
        names: subs.iter().map(|s| s.member.as_str()).collect(),
        topic_consumers,
        consumer_topics,
        current: current.into_iter().map(Some).collect(),
        partition_consumer,
        sorted: BTreeSet::new(),
        movements: Movements::default(),
    };

    // prepopulateCurrentAssignments: the previous owner of each partition from older generations.
    let mut prev: BTreeMap<TopicPartition, (usize, i32)> = BTreeMap::new();
    for &c in order {
        let s = &subs[c];
        let generation = match s.generation {
            Some(g0) if g0 < max_generation => g0,
            None if max_generation > DEFAULT_GENERATION => DEFAULT_GENERATION,
            _ => continue,
        };
        for tp in &s.owned {
            match prev.get(tp) {
                Some(&(_, g0)) if generation <= g0 => {}
                _ => {
                    prev.insert(tp.clone(), (c, generation));
                }
            }
        }
    }

    // assignOwnedPartitions
    let mut revocation_required = false;
    let mut assigned: Vec<TopicPartition> = Vec::new();
    for &c in order {
        let list = g.current[c].take().unwrap_or_default();
        let mut keep = Vec::with_capacity(list.len());
        for tp in list {
            if !g.topic_consumers.contains_key(&tp.topic) {
                g.partition_consumer.remove(&tp);
            } else if !subs[c].topics.contains(&tp.topic) {
                revocation_required = true;
            } else {
                assigned.push(tp.clone());
                keep.push(tp);
            }
        }
        g.current[c] = Some(keep);
    }
    let rank = |tp: &TopicPartition| {
        (
            g.topic_consumers.get(&tp.topic).map_or(0, Vec::len),
            tp.topic.clone(),
            tp.partition,
        )
    };
    sort::sort_by_key(&mut assigned, rank);
    let mut unassigned = unassigned_two_pointer(&sorted_all, &assigned);

    for c in 0..n {
        let k = g.key(c);
        g.sorted.insert(k);
    }

    // balance
    let initializing = g.sorted.last().is_some_and(|k| g.size(k.2) == 0);
    for tp in &unassigned {
        if g.topic_consumers.get(&tp.topic).is_none_or(Vec::is_empty) {
            continue;
        }
        g.maybe_assign_partition(tp);
    }
    let fixed_topics: BTreeSet<String> = sort::set(
        g.topic_consumers
            .keys()
            .filter(|t| !g.can_topic_participate(t))
            .cloned(),
    );
    sorted_all.retain(|tp| !fixed_topics.contains(&tp.topic));
    unassigned.retain(|tp| !fixed_topics.contains(&tp.topic));

    let mut fixed: Vec<(usize, Vec<TopicPartition>)> = Vec::new();
    for c in 0..n {
        if !g.can_consumer_participate(c) {
            let k = g.key(c);
            g.sorted.remove(&k);
            fixed.push((c, g.current[c].take().unwrap_or_default()));
        }
    }
    let pre_balance = g.current.clone();
    let pre_balance_pc = g.partition_consumer.clone();
    if !revocation_required {
        g.perform_reassignments(&unassigned, &prev);
    }
    let performed = g.perform_reassignments(&sorted_all, &prev);
    if !initializing && performed && balance_score(&g.current) >= balance_score(&pre_balance) {
        g.current = pre_balance;
        g.partition_consumer = pre_balance_pc;
    }
    for (c, list) in fixed {
        g.current[c] = Some(list);
    }
    g.current
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tps(list: &[&str]) -> Vec<TopicPartition> {
        list.iter()
            .map(|s| TopicPartition::parse(s).unwrap())
            .collect()
    }

    fn sorted_names(v: &[TopicPartition]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(ToString::to_string).collect();
        v.sort();
        v
    }

    #[test]
    fn balanced_from_scratch() {
        let ppt = BTreeMap::from([("t".to_string(), 5)]);
        let subs = [
            Subscription::new("a", &["t"]),
            Subscription::new("b", &["t"]),
        ];
        let out = sticky(&ppt, &subs);
        assert!(out.constrained);
        let sizes: Vec<usize> = out.assignment.values().map(Vec::len).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 5);
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
    }

    #[test]
    fn keeps_owned_partitions_when_a_member_joins() {
        let ppt = BTreeMap::from([("t".to_string(), 4)]);
        let mut a = Subscription::new("a", &["t"]);
        a.owned = tps(&["t-0", "t-1", "t-2", "t-3"]);
        a.generation = Some(1);
        let b = Subscription::new("b", &["t"]);
        let out = cooperative_sticky(&ppt, &[a, b]);
        // a keeps two of its four; b gets the other two, which are transferring.
        assert_eq!(sorted_names(&out.assignment["a"]), ["t-0", "t-1"]);
        assert_eq!(sorted_names(&out.assignment["b"]), ["t-2", "t-3"]);
        assert_eq!(out.transferring.len(), 2);
    }
}
