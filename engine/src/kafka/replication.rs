//! Replication and faults: replica placement, followers fetching from the leader each tick, the
//! ISR shrinking after `replica.lag.time.max.ms` and expanding when a follower catches up, the
//! high watermark as the smallest log end offset in the ISR, clean and unclean leader election,
//! truncation of diverged replicas, broker kill/restart/isolation and controller failover.
//!
//! Sources: `AdminUtils.assignReplicasToBrokersRackUnaware` (placement),
//! `Partition.scala` (`maybeShrinkIsr`, `maybeExpandIsr`, `maybeIncrementLeaderHW`,
//! `isFollowerInSync`), `PartitionLeaderElectionAlgorithms.offlinePartitionLeaderElection`
//! (first live replica of the assignment that is in the ISR, else, when unclean election is
//! enabled, the first live replica), KIP-101 (followers truncate to the leader epoch's end
//! offset), and `UnifiedLog` for follower fetch out of range.

use super::audit::Fate;
use super::config::Acks;
use super::event::*;
use super::log::PartitionLog;
use super::record::Record;
use super::{Cluster, Error};
use crate::rng::SimRng;
use rand::RngCore;
use std::collections::VecDeque;

/// A follower's copy: a prefix of the leader's log up to `leo`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct ReplicaState {
    pub(crate) leo: u64,
    pub(crate) last_caught_up_ms: u64,
    /// Set while a down replica still holds records the current leader does not have: on
    /// restart it truncates to this offset.
    pub(crate) diverged_at: Option<u64>,
}

/// An `acks=all` batch waiting for the high watermark.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Pending {
    pub(crate) producer: Name,
    pub(crate) base: u64,
    pub(crate) last: u64,
}

/// One partition: its log (the leader's copy), replicas, leader, ISR and high watermark.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Partition {
    pub(crate) log: PartitionLog,
    pub(crate) replicas: Vec<BrokerId>,
    pub(crate) replica: Vec<ReplicaState>,
    pub(crate) leader: Option<BrokerId>,
    pub(crate) leader_epoch: u32,
    pub(crate) isr: Vec<BrokerId>,
    pub(crate) high_watermark: u64,
    pub(crate) pending: VecDeque<Pending>,
    pub(crate) records_in: u64,
    pub(crate) bytes_in: u64,
    pub(crate) lost_records: u64,
    pub(crate) unclean_elections: u32,
}

impl Partition {
    pub(crate) fn new(replicas: Vec<BrokerId>, now_ms: u64) -> Self {
        let replica = replicas
            .iter()
            .map(|_| ReplicaState {
                leo: 0,
                last_caught_up_ms: now_ms,
                diverged_at: None,
            })
            .collect();
        Self {
            log: PartitionLog::new(),
            leader: replicas.first().copied(),
            isr: replicas.clone(),
            replicas,
            replica,
            leader_epoch: 0,
            high_watermark: 0,
            pending: VecDeque::new(),
            records_in: 0,
            bytes_in: 0,
            lost_records: 0,
            unclean_elections: 0,
        }
    }

    /// Whether the leader's log end is also the high watermark (nothing to move).
    pub(crate) fn hw_at_log_end(&self) -> bool {
        self.high_watermark >= self.log.log_end_offset()
            && self.leader.is_some_and(|l| self.isr.contains(&l))
    }

    pub(crate) fn replica_index(&self, broker: BrokerId) -> Option<usize> {
        self.replicas.iter().position(|&r| r == broker)
    }

    /// Whether [`Cluster::update_high_watermark`] would move the high watermark now (the ISR
    /// holds the effective `min.insync.replicas` and its smallest LEO is past the watermark).
    pub(crate) fn high_watermark_can_advance(&self, config: &super::config::TopicConfig) -> bool {
        let min_isr = (config.min_insync_replicas as usize).min(self.replicas.len());
        self.leader.is_some()
            && self.isr.len() >= min_isr
            && self.isr_min_leo() > self.high_watermark
    }

    /// The high watermark as `maybeIncrementLeaderHW` computes it: the smallest LEO in the ISR.
    fn isr_min_leo(&self) -> u64 {
        let leo = self.log.log_end_offset();
        self.isr
            .iter()
            .map(|&b| {
                if Some(b) == self.leader {
                    leo
                } else {
                    self.replica_index(b).map_or(leo, |i| self.replica[i].leo)
                }
            })
            .min()
            .unwrap_or(leo)
    }
}

/// `AdminUtils.assignReplicasToBrokersRackUnaware`: the first replica of partition `p` goes to
/// broker `(p + startIndex) % n`; the others follow at a shift that grows by one every `n`
/// partitions, so leaders and followers spread evenly. `startIndex` and the initial shift are
/// random (from the seeded RNG) as in Kafka. `start_partition` continues an existing topic.
pub(crate) fn assign_replicas(
    rng: &mut SimRng,
    partitions: u32,
    replication_factor: u32,
    brokers: &[BrokerId],
    start_partition: Option<u32>,
) -> Vec<Vec<BrokerId>> {
    let n = brokers.len();
    let start_index = (rng.next_u32() as usize) % n;
    let mut shift = (rng.next_u32() as usize) % n;
    let first_partition = start_partition.unwrap_or(0) as usize;
    let mut out = Vec::with_capacity(partitions as usize);
    for current in first_partition..first_partition + partitions as usize {
        if current > 0 && current.is_multiple_of(n) {
            shift += 1;
        }
        let first = (current + start_index) % n;
        let mut replicas = vec![brokers[first]];
        for j in 0..replication_factor as usize - 1 {
            let s = 1 + (shift + j) % (n - 1).max(1);
            replicas.push(brokers[(first + s) % n]);
        }
        out.push(replicas);
    }
    out
}

impl Cluster {
    /// The controller's view: brokers it counts as alive.
    fn alive(&self, b: BrokerId) -> bool {
        let b = &self.brokers[b as usize];
        b.up && !b.fenced
    }

    pub(crate) fn controller_tick(&mut self, ev: &mut Vec<Event>) {
        let timeout = self.config.broker_session_timeout_ms;
        for i in 0..self.brokers.len() {
            let b = &self.brokers[i];
            if let Some(since) = b.isolated_since
                && !b.fenced
                && self.now_ms.saturating_sub(since) > timeout
            {
                self.brokers[i].fenced = true;
                ev.push(Event::BrokerFenced {
                    broker: i as BrokerId,
                    session_timeout_ms: timeout,
                });
                self.on_broker_offline(i as BrokerId, ev);
            }
        }
    }

    pub(crate) fn kill_broker(
        &mut self,
        broker: BrokerId,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let b = self.broker_mut(broker)?;
        if !b.up {
            return Err(Error::BrokerAlreadyDown);
        }
        let was_fenced = b.fenced;
        b.up = false;
        b.fenced = true;
        b.isolated_since = None;
        ev.push(Event::BrokerDown {
            broker,
            reason: BrokerDownReason::Killed,
        });
        if !was_fenced {
            self.on_broker_offline(broker, ev);
        }
        Ok(())
    }

    pub(crate) fn isolate_broker(
        &mut self,
        broker: BrokerId,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let now = self.now_ms;
        let b = self.broker_mut(broker)?;
        if !b.up || b.isolated_since.is_some() {
            return Err(Error::BrokerAlreadyDown);
        }
        b.isolated_since = Some(now);
        ev.push(Event::BrokerDown {
            broker,
            reason: BrokerDownReason::Isolated,
        });
        Ok(())
    }

    /// The broker with this id, or the typed error a learner sees for an unknown one.
    pub(crate) fn broker_mut(&mut self, broker: BrokerId) -> Result<&mut super::Broker, Error> {
        self.brokers
            .get_mut(broker as usize)
            .ok_or(Error::UnknownBroker)
    }

    pub(crate) fn restart_broker(
        &mut self,
        broker: BrokerId,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let b = self.broker_mut(broker)?;
        if b.up {
            return Err(Error::BrokerAlreadyUp);
        }
        b.up = true;
        b.fenced = false;
        b.isolated_since = None;
        ev.push(Event::BrokerUp { broker });
        self.on_broker_online(broker, ev);
        Ok(())
    }

    pub(crate) fn heal_broker(
        &mut self,
        broker: BrokerId,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let b = self.broker_mut(broker)?;
        if !b.up || b.isolated_since.is_none() {
            return Err(Error::BrokerAlreadyUp);
        }
        b.isolated_since = None;
        let was_fenced = b.fenced;
        b.fenced = false;
        ev.push(Event::BrokerUp { broker });
        if was_fenced {
            self.on_broker_online(broker, ev);
        } else {
            // Healed before the controller noticed: still a member, but its first fetch learns
            // of any leader elected meanwhile and cuts what that leader lacks (KIP-101).
            self.truncate_diverged(broker, ev);
        }
        Ok(())
    }

    fn elect_controller(&mut self, ev: &mut Vec<Event>) {
        let previous = self.controller;
        let next = (0..self.brokers.len() as BrokerId).find(|&b| self.alive(b));
        if next != previous {
            self.controller = next;
            if let Some(broker) = next {
                self.controller_epoch += 1;
                ev.push(Event::ControllerElected {
                    broker,
                    epoch: self.controller_epoch,
                    previous,
                });
            }
        }
    }

    /// The controller reacts to a broker it lost: shrink ISRs, move leadership.
    fn on_broker_offline(&mut self, broker: BrokerId, ev: &mut Vec<Event>) {
        if self.controller == Some(broker) || self.controller.is_none() {
            self.elect_controller(ev);
        }
        for t in 0..self.topics.len() {
            for p in 0..self.topics[t].partitions.len() {
                let part = &self.topics[t].partitions[p];
                if !part.replicas.contains(&broker) {
                    continue;
                }
                if part.leader == Some(broker) {
                    self.elect_leader(t, p, Some(broker), ev);
                } else {
                    let part = &mut self.topics[t].partitions[p];
                    if part.isr.contains(&broker) && part.isr.len() > 1 {
                        part.isr.retain(|&b| b != broker);
                        let isr = part.isr.clone();
                        let name = self.topics[t].name.clone();
                        ev.push(Event::IsrShrunk {
                            topic: name,
                            partition: p as u32,
                            broker,
                            isr,
                            reason: IsrShrinkReason::BrokerOffline,
                        });
                        self.update_high_watermark(t, p, ev);
                    }
                }
            }
        }
    }

    fn on_broker_online(&mut self, broker: BrokerId, ev: &mut Vec<Event>) {
        if self.controller.is_none_or(|c| !self.alive(c)) {
            self.elect_controller(ev);
        }
        self.truncate_diverged(broker, ev);
        for t in 0..self.topics.len() {
            for p in 0..self.topics[t].partitions.len() {
                let part = &self.topics[t].partitions[p];
                if part.leader.is_none() && part.replica_index(broker).is_some() {
                    let in_isr = part.isr.contains(&broker);
                    if in_isr || self.topics[t].config.unclean_leader_election_enable {
                        self.elect_leader(t, p, None, ev);
                    }
                }
            }
        }
    }

    /// A replica back in touch truncates what the current leader does not have: to where it
    /// was cut while away, and never past the leader's log end (KIP-101).
    fn truncate_diverged(&mut self, broker: BrokerId, ev: &mut Vec<Event>) {
        for t in 0..self.topics.len() {
            let name = self.topics[t].name.clone();
            for p in 0..self.topics[t].partitions.len() {
                let part = &mut self.topics[t].partitions[p];
                let Some(i) = part.replica_index(broker) else {
                    continue;
                };
                let leo = part.log.log_end_offset();
                let r = &mut part.replica[i];
                let target = r.diverged_at.take().unwrap_or(r.leo).min(r.leo).min(leo);
                if target < r.leo {
                    let dropped = r.leo - target;
                    r.leo = target;
                    ev.push(Event::Truncated {
                        topic: name.clone(),
                        partition: p as u32,
                        broker,
                        to_offset: target,
                        records: dropped,
                    });
                }
            }
        }
    }

    /// `offlinePartitionLeaderElection` for one partition whose leader is gone.
    pub(crate) fn elect_leader(
        &mut self,
        t: usize,
        p: usize,
        failed: Option<BrokerId>,
        ev: &mut Vec<Event>,
    ) {
        let alive: Vec<bool> = (0..self.brokers.len() as BrokerId)
            .map(|b| self.alive(b))
            .collect();
        let unclean_ok = self.topics[t].config.unclean_leader_election_enable;
        let name = self.topics[t].name.clone();
        let part = &self.topics[t].partitions[p];
        let previous = part.leader;
        let isr_before = part.isr.clone();
        let clean = part
            .replicas
            .iter()
            .copied()
            .find(|&r| alive[r as usize] && part.isr.contains(&r));
        let (leader, unclean) = match clean {
            Some(l) => (Some(l), false),
            None if unclean_ok => (
                part.replicas.iter().copied().find(|&r| alive[r as usize]),
                true,
            ),
            None => (None, false),
        };
        let Some(l) = leader else {
            let part = &mut self.topics[t].partitions[p];
            part.leader = None;
            ev.push(Event::LeaderElected {
                topic: name,
                partition: p as u32,
                leader: None,
                previous,
                leader_epoch: part.leader_epoch,
                reason: ElectionReason::NoEligibleReplica { isr: isr_before },
            });
            return;
        };
        let li = part.replica_index(l).unwrap_or(0);
        let new_leo = part.replica[li].leo;
        let old_leo = part.log.log_end_offset();
        let old_hw = part.high_watermark;
        let mut lost = 0;
        if new_leo < old_leo {
            let reason = if unclean {
                LossReason::UncleanElection {
                    new_leader: l,
                    old_high_watermark: old_hw,
                    new_log_end_offset: new_leo,
                }
            } else {
                LossReason::AcknowledgedBeforeReplication {
                    acks: Acks::Leader,
                    failed_leader: failed.or(previous).unwrap_or(l),
                    new_leader: l,
                }
            };
            lost = self.truncate_log(t, p, new_leo, Some(l), reason, ev);
        }
        let now = self.now_ms;
        let part = &mut self.topics[t].partitions[p];
        part.leader = Some(l);
        part.leader_epoch += 1;
        if unclean {
            part.isr = vec![l];
            part.unclean_elections += 1;
        } else {
            part.isr.retain(|&b| alive[b as usize]);
            if !part.isr.contains(&l) {
                part.isr.push(l);
            }
        }
        part.high_watermark = part.high_watermark.min(new_leo);
        part.replica[li].leo = part.log.log_end_offset();
        part.replica[li].last_caught_up_ms = now;
        let reason = if unclean {
            ElectionReason::Unclean {
                isr: isr_before,
                lost_records: lost,
            }
        } else if failed.is_none() && previous.is_none() {
            ElectionReason::ReplicaReturned
        } else {
            ElectionReason::Clean {
                isr: isr_before,
                failed_leader: failed,
            }
        };
        ev.push(Event::LeaderElected {
            topic: name,
            partition: p as u32,
            leader: Some(l),
            previous,
            leader_epoch: part.leader_epoch,
            reason,
        });
        self.update_high_watermark(t, p, ev);
    }

    /// Cuts the leader's log back to `to` because the new leader `new_leader` ends there.
    /// Unacknowledged `acks=all` records go back to their producer (idempotent retry); records
    /// that had been acknowledged are lost, with `reason`. Returns how many were lost.
    fn truncate_log(
        &mut self,
        t: usize,
        p: usize,
        to: u64,
        new_leader: Option<BrokerId>,
        reason: LossReason,
        ev: &mut Vec<Event>,
    ) -> u64 {
        let name = self.topics[t].name.clone();
        let part = &mut self.topics[t].partitions[p];
        // unacknowledged batches: read them back for the retry
        let mut retry: Vec<(Name, Vec<(u64, Record)>)> = Vec::new();
        while part.pending.back().is_some_and(|b| b.last >= to) {
            let Some(b) = part.pending.pop_back() else {
                break;
            };
            let records: Vec<(u64, Record)> = part
                .log
                .read(b.base.max(to), b.last + 1, usize::MAX)
                .map(|r| (r.id, r.to_record()))
                .collect();
            retry.push((b.producer, records));
        }
        retry.reverse();
        // Sorted ids, searched below (a set type of its own would cost more wasm).
        let mut retried: Vec<u64> = retry
            .iter()
            .flat_map(|(_, r)| r.iter().map(|x| x.0))
            .collect();
        crate::sort::sort(&mut retried);
        let mut acks_seen = Acks::All;
        for b in part.log.batches() {
            if b.last_offset >= to && b.acks != Acks::All {
                acks_seen = b.acks;
            }
        }
        let removed = part.log.truncate_to(to);
        let mut lost = 0u64;
        let (mut lo, mut hi) = (u64::MAX, 0);
        for e in &removed {
            if retried.binary_search(&e.id).is_err() {
                lost += 1;
                lo = lo.min(e.offset);
                hi = hi.max(e.offset + 1);
                self.ledger.record(e.id, Fate::Lost);
            }
        }
        part.lost_records += lost;
        // replicas past the cut
        let leader_broker = part.leader;
        for i in 0..part.replicas.len() {
            let b = part.replicas[i];
            if Some(b) == new_leader {
                continue;
            }
            let r = &mut part.replica[i];
            if r.leo > to {
                let reachable = self.brokers[b as usize].reachable() && Some(b) != leader_broker;
                if reachable {
                    let dropped = r.leo - to;
                    r.leo = to;
                    ev.push(Event::Truncated {
                        topic: name.clone(),
                        partition: p as u32,
                        broker: b,
                        to_offset: to,
                        records: dropped,
                    });
                } else {
                    r.diverged_at = Some(r.diverged_at.map_or(to, |d| d.min(to)));
                }
            }
        }
        if lost > 0 {
            let reason = match reason {
                LossReason::AcknowledgedBeforeReplication {
                    failed_leader,
                    new_leader,
                    ..
                } => LossReason::AcknowledgedBeforeReplication {
                    acks: acks_seen,
                    failed_leader,
                    new_leader,
                },
                other => other,
            };
            ev.push(Event::RecordsLost {
                topic: name.clone(),
                partition: p as u32,
                records: lost,
                from: lo,
                to: hi,
                reason,
            });
        }
        for (producer, records) in retry {
            let n = records.len() as u64;
            if n == 0 {
                continue;
            }
            if let Some(prod) = self.producers.get_mut(&producer) {
                prod.requeue(t, p, records, self.now_ms);
                ev.push(Event::Requeued {
                    producer,
                    topic: name.clone(),
                    partition: p as u32,
                    records: n,
                });
            } else {
                for (id, _) in records {
                    self.ledger.record(id, Fate::Lost);
                }
            }
        }
        lost
    }

    /// Followers fetch, ISRs change, high watermarks move and `acks=all` batches complete.
    pub(crate) fn replicate(&mut self, ev: &mut Vec<Event>) {
        let now = self.now_ms;
        let max_bytes = self.config.replica_fetch_max_bytes;
        let lag_max = self.config.replica_lag_time_max_ms;
        for t in 0..self.topics.len() {
            for p in 0..self.topics[t].partitions.len() {
                let part = &self.topics[t].partitions[p];
                self.partition_steps += 1 + part.replicas.len() as u64;
                let Some(l) = part.leader else { continue };
                if !self.brokers[l as usize].reachable() {
                    continue;
                }
                // The name is cloned only into an event: this runs for every partition every
                // simulated ms, and an `Arc` clone each time was most of a quiet tick's work.
                let topic = &mut self.topics[t];
                let name = &topic.name;
                let part = &mut topic.partitions[p];
                let leo = part.log.log_end_offset();
                let start = part.log.log_start_offset();
                let mut changed_isr = false;
                let mut isr = IsrSet::of(&part.isr);
                for i in 0..part.replicas.len() {
                    let b = part.replicas[i];
                    if b == l {
                        part.replica[i].leo = leo;
                        part.replica[i].last_caught_up_ms = now;
                        continue;
                    }
                    let broker = &self.brokers[b as usize];
                    if !broker.reachable() || broker.fenced {
                        continue;
                    }
                    let interval = broker.fetch_interval_ms;
                    if interval != 1 && !now.is_multiple_of(interval) {
                        continue;
                    }
                    let r = &mut part.replica[i];
                    if r.leo < start {
                        r.leo = start; // OffsetOutOfRange: restart from the leader's log start
                    }
                    let from = r.leo;
                    if from < leo {
                        let to = part.log.fetch_end(from, max_bytes);
                        r.leo = to;
                        ev.push(Event::Replicated {
                            topic: name.clone(),
                            partition: p as u32,
                            broker: b,
                            from,
                            to,
                        });
                    }
                    if r.leo >= leo {
                        r.last_caught_up_ms = now;
                    }
                    // maybeExpandIsr: caught up to the HW (and to this leader epoch's start)
                    if r.leo >= part.high_watermark
                        && r.leo >= leo.min(part.high_watermark)
                        && !isr.holds(&part.isr, b)
                    {
                        part.isr.push(b);
                        isr.add(b);
                        changed_isr = true;
                        ev.push(Event::IsrExpanded {
                            topic: name.clone(),
                            partition: p as u32,
                            broker: b,
                            isr: part.isr.clone(),
                        });
                    }
                }
                // maybeShrinkIsr (only a replica behind for longer than the lag limit can
                // leave: most ticks none is, and the walk costs a lookup per ISR member)
                let any_behind = part
                    .replica
                    .iter()
                    .any(|r| now.saturating_sub(r.last_caught_up_ms) > lag_max);
                let mut k = 0;
                while any_behind && k < part.isr.len() {
                    let b = part.isr[k];
                    if b != l
                        && let Some(i) = part.replica_index(b)
                    {
                        let behind = now.saturating_sub(part.replica[i].last_caught_up_ms);
                        if behind > lag_max {
                            part.isr.remove(k);
                            changed_isr = true;
                            ev.push(Event::IsrShrunk {
                                topic: name.clone(),
                                partition: p as u32,
                                broker: b,
                                isr: part.isr.clone(),
                                reason: IsrShrinkReason::Lagging {
                                    behind_ms: behind,
                                    replica_lag_time_max_ms: lag_max,
                                },
                            });
                            continue;
                        }
                    }
                    k += 1;
                }
                let _ = changed_isr;
                self.update_high_watermark(t, p, ev);
            }
        }
    }

    /// Moves the high watermark to the smallest LEO in the ISR and completes `acks=all` batches
    /// below it.
    pub(crate) fn update_high_watermark(&mut self, t: usize, p: usize, ev: &mut Vec<Event>) {
        let min_insync = self.topics[t].config.min_insync_replicas as usize;
        let part = &mut self.topics[t].partitions[p];
        if part.leader.is_none() {
            return;
        }
        // `Partition.maybeIncrementLeaderHW` (Kafka 3.7+, KAFKA-15583): the high watermark stays
        // where it is while the ISR is smaller than the effective `min.insync.replicas`
        // (`effectiveMinIsr`: the config, capped at the replication factor), so neither an
        // `acks=all` ack nor a read past it can happen on fewer copies than promised.
        // Already at the leader's log end (the leader in the ISR): nothing to move, and no
        // walk over the ISR (this runs for every partition every simulated ms).
        if part.hw_at_log_end() {
            return;
        }
        let min_isr = min_insync.min(part.replicas.len());
        if part.isr.len() < min_isr {
            return;
        }
        let hw = part.isr_min_leo();
        if hw <= part.high_watermark {
            return;
        }
        let name = self.topics[t].name.clone();
        let part = &mut self.topics[t].partitions[p];
        let from = part.high_watermark;
        part.high_watermark = hw;
        ev.push(Event::HighWatermarkAdvanced {
            topic: name.clone(),
            partition: p as u32,
            from,
            to: hw,
            isr: part.isr.clone(),
        });
        while part.pending.front().is_some_and(|b| b.last < hw) {
            let Some(b) = part.pending.pop_front() else {
                break;
            };
            if let Some(prod) = self.producers.get_mut(&b.producer) {
                prod.acked_records += b.last + 1 - b.base;
            }
            ev.push(Event::Acked {
                producer: b.producer,
                topic: name.clone(),
                partition: p as u32,
                offset: b.base,
                last_offset: b.last,
                acks: Acks::All,
                isr: part.isr.clone(),
                high_watermark: hw,
            });
        }
    }
}

/// ISR membership as a bit set of broker ids, for the walks over every replica of every
/// partition that run each simulated ms (a `contains` per replica made them quadratic in the
/// replication factor). Ids past the bits fall back to the list.
#[derive(Clone, Copy)]
pub(crate) struct IsrSet(u64);

impl IsrSet {
    pub(crate) fn of(isr: &[BrokerId]) -> Self {
        IsrSet(isr.iter().fold(0, |m, &b| m | Self::bit(b)))
    }
    fn bit(b: BrokerId) -> u64 {
        if b < 64 { 1 << b } else { 0 }
    }
    pub(crate) fn add(&mut self, b: BrokerId) {
        self.0 |= Self::bit(b);
    }
    pub(crate) fn holds(&self, isr: &[BrokerId], b: BrokerId) -> bool {
        if b < 64 {
            self.0 & Self::bit(b) != 0
        } else {
            isr.contains(&b)
        }
    }
}
