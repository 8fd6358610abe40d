//! Consumer groups: join (subscribe), leave, crash and session timeout, rebalances through the
//! chosen assignor (eager or cooperative protocol, static members via `group.instance.id`),
//! `poll` with `max.poll.records` below the high watermark, committed offsets (auto and manual),
//! `auto.offset.reset`, seek/replay, and a push-mode consumer for comparison.
//!
//! Sources: `ConsumerCoordinator` (`onJoinPrepare` auto-commits and revokes; the cooperative
//! protocol revokes only what moves and rejoins), the group coordinator's protocol selection
//! (`ClassicGroup.selectProtocol`: every member votes for its first supported candidate),
//! KIP-345 (static members do not send `LeaveGroup` and get their assignment back on restart),
//! `Fetcher`/`FetchCollector` (`max.poll.records`, positions), `SubscriptionState`
//! (`auto.offset.reset` on missing or out-of-range positions). Committed offsets live in the
//! group (Kafka keeps them in `__consumer_offsets`).

use super::assignor::{self, Strategy, Subscription, TopicPartition};
use super::config::{
    AutoOffsetReset, ConsumerConfig, DeliveryMode, MAX_GROUPS, MAX_MEMBERS_PER_GROUP,
};
use super::event::*;
use super::{Cluster, Error, Limit, SeekTo};
use crate::sort;
use std::collections::BTreeMap;

/// A topic index and partition number.
pub(crate) type Tp = (usize, u32);

/// The leader epoch of the last record read at a position, and the partition's leader epoch
/// when the position was last fetched from or validated (KIP-320).
pub(crate) type OffsetEpoch = (u32, u32);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Member {
    pub(crate) name: Name,
    pub(crate) topics: Vec<Name>,
    pub(crate) config: ConsumerConfig,
    pub(crate) running: bool,
    pub(crate) last_heartbeat_ms: u64,
    pub(crate) last_poll_ms: u64,
    pub(crate) last_auto_commit_ms: u64,
    pub(crate) join_seq: u64,
    pub(crate) owned: Vec<Tp>,
    pub(crate) positions: BTreeMap<Tp, u64>,
    /// `FetchPosition.offsetEpoch` and the leader epoch it was last validated against: the
    /// epoch of the last record read at each position (none after a seek or reset).
    pub(crate) offset_epochs: BTreeMap<Tp, OffsetEpoch>,
    pub(crate) poll_cursor: usize,
    pub(crate) push_buffer: u64,
    pub(crate) consumed: u64,
    pub(crate) dropped: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Group {
    pub(crate) name: Name,
    pub(crate) generation: i32,
    pub(crate) strategy: Option<Strategy>,
    pub(crate) members: BTreeMap<Name, Member>,
    pub(crate) committed: BTreeMap<Tp, u64>,
    pub(crate) follow_up: bool,
    pub(crate) join_counter: u64,
}

/// `ClassicGroup.selectProtocol`: candidates every member supports; each member votes for the
/// first candidate in its own preference list; most votes wins (ties: the earliest member's
/// preference order).
fn select_protocol(members: &[&Member]) -> Option<Strategy> {
    let first = members.first()?;
    let candidates: Vec<Strategy> = first
        .config
        .partition_assignment_strategy
        .iter()
        .copied()
        .filter(|s| {
            members
                .iter()
                .all(|m| m.config.partition_assignment_strategy.contains(s))
        })
        .collect();
    let mut votes: Vec<(Strategy, usize)> = candidates.iter().map(|&s| (s, 0)).collect();
    for m in members {
        if let Some(v) = m
            .config
            .partition_assignment_strategy
            .iter()
            .find(|s| candidates.contains(s))
            && let Some(e) = votes.iter_mut().find(|e| e.0 == *v)
        {
            e.1 += 1;
        }
    }
    let max = votes.iter().map(|v| v.1).max()?;
    votes.into_iter().find(|v| v.1 == max).map(|v| v.0)
}

impl Cluster {
    fn group_mut(&mut self, group: &str) -> Result<&mut Group, Error> {
        self.groups.get_mut(group).ok_or(Error::UnknownGroup)
    }

    fn tp_name(&self, tp: Tp) -> TopicPartition {
        TopicPartition::new(self.topics[tp.0].name.to_string(), tp.1)
    }

    pub(crate) fn subscribe(
        &mut self,
        group: &str,
        member: &str,
        topics: &[String],
        config: ConsumerConfig,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        if group.is_empty() || group.len() > super::MAX_TOPIC_NAME_LEN {
            return Err(Error::InvalidGroupId);
        }
        if member.is_empty() || member.len() > super::MAX_TOPIC_NAME_LEN {
            return Err(Error::UnknownMember);
        }
        if config.partition_assignment_strategy.is_empty() {
            return Err(Error::InconsistentGroupProtocol);
        }
        let mut names: Vec<Name> = Vec::new();
        for t in topics {
            let id = self.topic_id(t)?;
            let n = self.topics[id].name.clone();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        if !self.groups.contains_key(group) {
            if self.groups.len() >= MAX_GROUPS {
                return Err(Error::TooMany {
                    what: Limit::Groups,
                    max: MAX_GROUPS as u32,
                });
            }
            let name: Name = group.into();
            self.groups.insert(
                name.clone(),
                Group {
                    name,
                    generation: 0,
                    strategy: None,
                    members: BTreeMap::new(),
                    committed: BTreeMap::new(),
                    follow_up: false,
                    join_counter: 0,
                },
            );
        }
        let now = self.now_ms;
        let g = self.groups.get(group).ok_or(Error::UnknownGroup)?;
        // protocol check
        {
            let mut ms: Vec<&Member> = g
                .members
                .values()
                .filter(|m| m.name.as_ref() != member)
                .collect();
            let probe = Member {
                name: member.into(),
                topics: names.clone(),
                config: config.clone(),
                running: true,
                last_heartbeat_ms: now,
                last_poll_ms: now,
                last_auto_commit_ms: now,
                join_seq: 0,
                owned: Vec::new(),
                positions: BTreeMap::new(),
                offset_epochs: BTreeMap::new(),
                poll_cursor: 0,
                push_buffer: 0,
                consumed: 0,
                dropped: 0,
            };
            ms.push(&probe);
            if select_protocol(&ms).is_none() {
                if g.members.is_empty() {
                    self.groups.remove(group);
                }
                return Err(Error::InconsistentGroupProtocol);
            }
        }
        // static member taking over its old slot (KIP-345)
        let mut takeover: Option<Name> = None;
        if let Some(inst) = &config.group_instance_id {
            for m in g.members.values() {
                if m.config.group_instance_id.as_ref() == Some(inst) && m.name.as_ref() != member {
                    if m.running {
                        return Err(Error::FencedInstanceId);
                    }
                    takeover = Some(m.name.clone());
                }
            }
        }
        if let Some(existing) = g.members.get(member) {
            if existing.running {
                return Err(Error::MemberExists);
            }
        } else if g.members.len() >= MAX_MEMBERS_PER_GROUP && takeover.is_none() {
            return Err(Error::TooMany {
                what: Limit::Members,
                max: MAX_MEMBERS_PER_GROUP as u32,
            });
        }
        let gname = g.name.clone();
        let same_subscription_static = takeover
            .as_ref()
            .is_some_and(|old| g.members[old].topics == names)
            || (config.group_instance_id.is_some()
                && g.members.get(member).is_some_and(|m| {
                    !m.running
                        && m.topics == names
                        && m.config.group_instance_id == config.group_instance_id
                }));
        let g = self.groups.get_mut(group).ok_or(Error::UnknownGroup)?;
        let mname: Name = member.into();
        if same_subscription_static {
            // restart of a static member: same assignment, no rebalance
            let old_key = takeover.clone().unwrap_or_else(|| mname.clone());
            let mut m = g.members.remove(&old_key).ok_or(Error::UnknownMember)?;
            m.name = mname.clone();
            m.config = config.clone();
            m.running = true;
            m.last_heartbeat_ms = now;
            m.last_poll_ms = now;
            m.positions.clear();
            m.offset_epochs.clear();
            let owned = m.owned.clone();
            g.members.insert(mname.clone(), m);
            ev.push(Event::MemberJoined {
                group: gname.clone(),
                member: mname.clone(),
                group_instance_id: config.group_instance_id.clone(),
            });
            let _ = owned;
            self.init_positions(group, &mname, ev);
            return Ok(());
        }
        if let Some(old) = takeover {
            g.members.remove(&old);
        }
        g.join_counter += 1;
        let seq = g.join_counter;
        let prev = g.members.remove(&mname);
        let m = Member {
            name: mname.clone(),
            topics: names,
            config: config.clone(),
            running: true,
            last_heartbeat_ms: now,
            last_poll_ms: now,
            last_auto_commit_ms: now,
            join_seq: prev.as_ref().map_or(seq, |p| p.join_seq),
            owned: Vec::new(),
            positions: BTreeMap::new(),
            offset_epochs: BTreeMap::new(),
            poll_cursor: 0,
            push_buffer: 0,
            consumed: prev.as_ref().map_or(0, |p| p.consumed),
            dropped: prev.as_ref().map_or(0, |p| p.dropped),
        };
        g.members.insert(mname.clone(), m);
        ev.push(Event::MemberJoined {
            group: gname,
            member: mname.clone(),
            group_instance_id: config.group_instance_id,
        });
        self.rebalance(group, RebalanceReason::MemberJoined { member: mname }, ev);
        Ok(())
    }

    pub(crate) fn leave(
        &mut self,
        group: &str,
        member: &str,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let g = self.groups.get(group).ok_or(Error::UnknownGroup)?;
        let m = g.members.get(member).ok_or(Error::UnknownMember)?;
        if !m.running {
            return Err(Error::MemberNotRunning);
        }
        let auto = m.config.enable_auto_commit;
        let is_static = m.config.group_instance_id.is_some();
        if auto {
            self.commit(group, member, true, ev)?;
        }
        let g = self.group_mut(group)?;
        let gname = g.name.clone();
        if is_static {
            // KIP-345: a static member's close() sends no LeaveGroup
            if let Some(m) = g.members.get_mut(member) {
                m.running = false;
            }
            return Ok(());
        }
        let m = g.members.remove(member).ok_or(Error::UnknownMember)?;
        ev.push(Event::MemberLeft {
            group: gname,
            member: m.name.clone(),
            reason: LeaveReason::Left,
        });
        self.rebalance(
            group,
            RebalanceReason::MemberLeft {
                member: m.name,
                why: LeaveReason::Left,
            },
            ev,
        );
        Ok(())
    }

    pub(crate) fn crash(
        &mut self,
        group: &str,
        member: &str,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let g = self.group_mut(group)?;
        let gname = g.name.clone();
        let m = g.members.get_mut(member).ok_or(Error::UnknownMember)?;
        if !m.running {
            return Err(Error::MemberNotRunning);
        }
        m.running = false;
        m.push_buffer = 0;
        ev.push(Event::MemberCrashed {
            group: gname,
            member: m.name.clone(),
        });
        Ok(())
    }

    /// Runs the group's assignor for a new generation and hands out partitions.
    pub(crate) fn rebalance(&mut self, group: &str, reason: RebalanceReason, ev: &mut Vec<Event>) {
        let Some(g) = self.groups.get(group) else {
            return;
        };
        let mut members: Vec<&Member> = g.members.values().collect();
        sort::sort_by_key(&mut members, |m| m.join_seq);
        let gname = g.name.clone();
        if members.is_empty() {
            let g = self.groups.get_mut(group).expect("checked above");
            g.generation += 1;
            g.strategy = None;
            return;
        }
        let Some(strategy) = select_protocol(&members) else {
            return;
        };
        let generation = g.generation;
        let subs: Vec<Subscription> = members
            .iter()
            .map(|m| Subscription {
                member: m.name.to_string(),
                group_instance_id: m.config.group_instance_id.clone(),
                topics: m.topics.iter().map(|t| t.to_string()).collect(),
                owned: m.owned.iter().map(|&tp| self.tp_name(tp)).collect(),
                generation: Some(generation),
            })
            .collect();
        let ppt: BTreeMap<String, u32> = sort::map(
            self.topics
                .iter()
                .map(|t| (t.name.to_string(), t.partitions.len() as u32)),
        );
        let cooperative = strategy.is_cooperative();
        let out = assignor::assign(strategy, &ppt, &subs, cooperative);
        let subscriptions: BTreeMap<String, Vec<String>> =
            sort::map(subs.iter().map(|s| (s.member.clone(), s.topics.clone())));
        let mut assignment = out.members.clone();
        for list in assignment.values_mut() {
            sort::sort(list);
        }
        let mut ppt_sub = ppt.clone();
        ppt_sub.retain(|t, _| subs.iter().any(|s| s.topics.contains(t)));

        // onJoinPrepare: running members with auto-commit commit before revoking
        let names: Vec<Name> = members
            .iter()
            .filter(|m| m.running && m.config.enable_auto_commit)
            .map(|m| m.name.clone())
            .collect();
        for n in names {
            let _ = self.commit(group, &n, true, ev);
        }
        let index = &self.topic_index;
        let resolve =
            |tp: &TopicPartition| index.get(tp.topic.as_str()).map(|&t| (t, tp.partition));
        let g = self.groups.get_mut(group).expect("checked above");
        g.generation += 1;
        g.strategy = Some(strategy);
        let mut revoked: BTreeMap<String, Vec<TopicPartition>> = BTreeMap::new();
        let mut fresh: Vec<(Name, Tp)> = Vec::new();
        let topic_names: Vec<Name> = self.topics.iter().map(|t| t.name.clone()).collect();
        for m in g.members.values_mut() {
            let new: Vec<Tp> = out
                .members
                .get(m.name.as_ref())
                .map(|l| l.iter().filter_map(resolve).collect())
                .unwrap_or_default();
            let lost: Vec<Tp> = if cooperative {
                m.owned
                    .iter()
                    .copied()
                    .filter(|tp| !new.contains(tp))
                    .collect()
            } else {
                m.owned.clone()
            };
            if !lost.is_empty() {
                revoked.insert(
                    m.name.to_string(),
                    lost.iter()
                        .map(|&(t, p)| TopicPartition::new(topic_names[t].to_string(), p))
                        .collect(),
                );
            }
            for tp in &lost {
                m.positions.remove(tp);
                m.offset_epochs.remove(tp);
            }
            for &tp in &new {
                if !cooperative || !m.owned.contains(&tp) {
                    fresh.push((m.name.clone(), tp));
                }
            }
            m.owned = new;
            sort::sort(&mut m.owned);
        }
        if cooperative && !out.transferring.is_empty() {
            g.follow_up = true;
        }
        let pending: BTreeMap<TopicPartition, String> = out.transferring.clone();
        ev.push(Event::Rebalanced {
            group: gname,
            generation: g.generation,
            strategy,
            cooperative,
            reason,
            subscriptions,
            partitions_per_topic: ppt_sub,
            assignment,
            revoked,
            pending: if cooperative {
                pending
            } else {
                BTreeMap::new()
            },
        });
        for (m, tp) in fresh {
            self.init_position(group, &m, tp, ev);
        }
    }

    fn init_positions(&mut self, group: &str, member: &Name, ev: &mut Vec<Event>) {
        let owned = self
            .groups
            .get(group)
            .and_then(|g| g.members.get(member))
            .map(|m| m.owned.clone())
            .unwrap_or_default();
        for tp in owned {
            self.init_position(group, member, tp, ev);
        }
    }

    /// The starting position: the committed offset, else `auto.offset.reset`.
    fn init_position(&mut self, group: &str, member: &Name, tp: Tp, ev: &mut Vec<Event>) {
        let Some(g) = self.groups.get(group) else {
            return;
        };
        let Some(m) = g.members.get(member) else {
            return;
        };
        let part = &self.topics[tp.0].partitions[tp.1 as usize];
        let (offset, from) = match g.committed.get(&tp) {
            Some(&c) => (Some(c), PositionSource::Committed),
            None => {
                let policy = m.config.auto_offset_reset;
                (
                    reset_offset(policy, part.log.log_start_offset(), part.high_watermark),
                    PositionSource::Reset(policy),
                )
            }
        };
        let gname = g.name.clone();
        let tname = self.topics[tp.0].name.clone();
        let Some(offset) = offset else { return };
        if let Some(m) = self
            .groups
            .get_mut(group)
            .and_then(|g| g.members.get_mut(member))
        {
            m.positions.insert(tp, offset);
            m.offset_epochs.remove(&tp);
            ev.push(Event::PositionSet {
                group: gname,
                member: member.clone(),
                topic: tname,
                partition: tp.1,
                offset,
                from,
            });
        }
    }

    /// [`Command::SlowConsumer`](super::Command::SlowConsumer): set a member's
    /// `max.poll.records` (`None`: the default).
    pub(crate) fn slow_consumer(
        &mut self,
        group: &str,
        member: &str,
        max_records_per_poll: Option<u32>,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let n = max_records_per_poll.unwrap_or(ConsumerConfig::default().max_poll_records);
        if n == 0 {
            return Err(Error::InvalidConfigValue {
                name: "max.poll.records".to_string(),
                value: n.to_string(),
            });
        }
        let g = self.groups.get_mut(group).ok_or(Error::UnknownGroup)?;
        let gname = g.name.clone();
        let m = g.members.get_mut(member).ok_or(Error::UnknownMember)?;
        m.config.max_poll_records = n;
        ev.push(Event::ConsumerSlowed {
            group: gname,
            member: m.name.clone(),
            max_poll_records: n,
        });
        Ok(())
    }

    pub(crate) fn poll(
        &mut self,
        group: &str,
        member: &str,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let g = self.groups.get(group).ok_or(Error::UnknownGroup)?;
        let m = g.members.get(member).ok_or(Error::UnknownMember)?;
        if !m.running {
            return Err(Error::MemberNotRunning);
        }
        if m.config.enable_auto_commit
            && self.now_ms.saturating_sub(m.last_auto_commit_ms) >= m.config.auto_commit_interval_ms
        {
            self.commit(group, member, true, ev)?;
        }
        let now = self.now_ms;
        let g = self.groups.get(group).ok_or(Error::UnknownGroup)?;
        let gname = g.name.clone();
        let m = g.members.get(member).ok_or(Error::UnknownMember)?;
        let mname = m.name.clone();
        let owned = m.owned.clone();
        let cursor = m.poll_cursor;
        let mut remaining = m.config.max_poll_records as usize;
        let policy = m.config.auto_offset_reset;
        let mut updates: Vec<(Tp, u64, Option<OffsetEpoch>)> = Vec::new();
        let n = owned.len();
        let mut consumed = 0u64;
        for k in 0..n {
            if remaining == 0 {
                break;
            }
            let tp = owned[(cursor + k) % n];
            let part = &self.topics[tp.0].partitions[tp.1 as usize];
            let Some(leader) = part.leader else { continue };
            if !self.brokers[leader as usize].reachable() {
                continue;
            }
            let m = &self.groups[group].members[member];
            let Some(&pos) = m.positions.get(&tp) else {
                continue;
            };
            let (start, hw) = (part.log.log_start_offset(), part.high_watermark);
            let tname = self.topics[tp.0].name.clone();
            let pos = match m.offset_epochs.get(&tp).copied() {
                // KIP-320: a new leader epoch since the last fetch; `OffsetsForLeaderEpoch`.
                Some((offset_epoch, seen)) if seen != part.leader_epoch => {
                    let validated = Some((offset_epoch, part.leader_epoch));
                    let end = part.log.end_offset_for_epoch(offset_epoch);
                    if end < pos {
                        ev.push(Event::PositionSet {
                            group: gname.clone(),
                            member: mname.clone(),
                            topic: tname.clone(),
                            partition: tp.1,
                            offset: end,
                            from: PositionSource::Truncated {
                                offset_epoch,
                                position: pos,
                            },
                        });
                        updates.push((tp, end, validated));
                        end
                    } else {
                        updates.push((tp, pos, validated));
                        pos
                    }
                }
                _ => pos,
            };
            let pos = if pos < start || pos > part.log.log_end_offset() {
                // OffsetOutOfRange: reset
                let Some(o) = reset_offset(policy, start, hw) else {
                    continue;
                };
                ev.push(Event::PositionSet {
                    group: gname.clone(),
                    member: mname.clone(),
                    topic: tname.clone(),
                    partition: tp.1,
                    offset: o,
                    from: PositionSource::OutOfRange(policy),
                });
                updates.push((tp, o, None));
                o
            } else {
                pos
            };
            if pos >= hw {
                continue;
            }
            let (next, count) = part.log.advance(pos, hw, remaining);
            if next != pos {
                let read_epoch = part.log.epoch_at(next - 1).unwrap_or(part.leader_epoch);
                updates.push((tp, next, Some((read_epoch, part.leader_epoch))));
                remaining -= count;
                consumed += count as u64;
                ev.push(Event::Polled {
                    group: gname.clone(),
                    member: mname.clone(),
                    topic: tname,
                    partition: tp.1,
                    from: pos,
                    to: next,
                    records: count as u32,
                });
            }
        }
        let m = self
            .group_mut(group)?
            .members
            .get_mut(member)
            .ok_or(Error::UnknownMember)?;
        for (tp, o, epochs) in updates {
            m.positions.insert(tp, o);
            match epochs {
                Some(e) => m.offset_epochs.insert(tp, e),
                None => m.offset_epochs.remove(&tp),
            };
        }
        m.poll_cursor = m.poll_cursor.wrapping_add(1);
        m.last_poll_ms = now;
        m.consumed += consumed;
        Ok(())
    }

    /// Commits the member's positions (`commitSync()`, or the auto-commit when `auto`).
    pub(crate) fn commit(
        &mut self,
        group: &str,
        member: &str,
        auto: bool,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let now = self.now_ms;
        let g = self.groups.get_mut(group).ok_or(Error::UnknownGroup)?;
        let gname = g.name.clone();
        let m = g.members.get_mut(member).ok_or(Error::UnknownMember)?;
        if !m.running {
            return Err(Error::MemberNotRunning);
        }
        if auto {
            m.last_auto_commit_ms = now;
        }
        let mname = m.name.clone();
        let positions: Vec<(Tp, u64)> = m
            .owned
            .iter()
            .filter_map(|tp| m.positions.get(tp).map(|&o| (*tp, o)))
            .collect();
        let mut offsets = Vec::new();
        for (tp, o) in positions {
            if g.committed.get(&tp) != Some(&o) {
                g.committed.insert(tp, o);
                offsets.push((self.topics[tp.0].name.clone(), tp.1, o));
            }
        }
        if !offsets.is_empty() || !auto {
            ev.push(Event::Committed {
                group: gname,
                member: mname,
                offsets,
                auto,
            });
        }
        Ok(())
    }

    pub(crate) fn seek(
        &mut self,
        group: &str,
        member: &str,
        topic: &str,
        partition: u32,
        to: SeekTo,
        ev: &mut Vec<Event>,
    ) -> Result<(), Error> {
        let t = self.topic_id(topic)?;
        let part =
            self.topics[t]
                .partitions
                .get(partition as usize)
                .ok_or(Error::UnknownPartition {
                    partitions: self.topics[t].partitions.len() as u32,
                })?;
        let (start, hw) = (part.log.log_start_offset(), part.high_watermark);
        let offset = match to {
            SeekTo::Offset(o) => o,
            SeekTo::Beginning => start,
            SeekTo::End => hw,
        };
        // Kafka accepts any offset here and fails the next fetch with OffsetOutOfRange; we
        // refuse it up front so a committed offset never points past the high watermark.
        if offset < start || offset > hw {
            return Err(Error::OffsetOutOfRange {
                log_start_offset: start,
                high_watermark: hw,
            });
        }
        let tname = self.topics[t].name.clone();
        let g = self.group_mut(group)?;
        let gname = g.name.clone();
        let m = g.members.get_mut(member).ok_or(Error::UnknownMember)?;
        if !m.running {
            return Err(Error::MemberNotRunning);
        }
        if !m.owned.contains(&(t, partition)) {
            return Err(Error::PartitionNotAssigned);
        }
        m.positions.insert((t, partition), offset);
        m.offset_epochs.remove(&(t, partition));
        ev.push(Event::Seeked {
            group: gname,
            member: m.name.clone(),
            topic: tname,
            partition,
            offset,
        });
        Ok(())
    }

    /// Heartbeats, session and poll timeouts, cooperative follow-up rounds, push delivery.
    pub(crate) fn groups_tick(&mut self, ev: &mut Vec<Event>) {
        if self.groups.is_empty() {
            return;
        }
        let now = self.now_ms;
        let names: Vec<Name> = self.groups.keys().cloned().collect();
        for gname in names {
            let g = &self.groups[&gname];
            let mut timed_out: Vec<(Name, LeaveReason)> = Vec::new();
            for m in g.members.values() {
                if !m.running {
                    if now.saturating_sub(m.last_heartbeat_ms) > m.config.session_timeout_ms {
                        timed_out.push((
                            m.name.clone(),
                            LeaveReason::SessionTimeout {
                                session_timeout_ms: m.config.session_timeout_ms,
                            },
                        ));
                    }
                } else if m.config.delivery == DeliveryMode::Pull
                    && m.config.group_instance_id.is_none()
                    && now.saturating_sub(m.last_poll_ms) > m.config.max_poll_interval_ms
                {
                    timed_out.push((
                        m.name.clone(),
                        LeaveReason::PollTimeout {
                            max_poll_interval_ms: m.config.max_poll_interval_ms,
                        },
                    ));
                }
            }
            let follow_up = g.follow_up;
            let g = self.groups.get_mut(&gname).expect("listed above");
            for m in g.members.values_mut() {
                if m.running {
                    m.last_heartbeat_ms = now;
                }
            }
            if !timed_out.is_empty() {
                for (m, why) in &timed_out {
                    g.members.remove(m);
                    ev.push(Event::MemberLeft {
                        group: gname.clone(),
                        member: m.clone(),
                        reason: *why,
                    });
                }
                let (m, why) = timed_out.swap_remove(0);
                g.follow_up = false;
                self.rebalance(&gname, RebalanceReason::MemberLeft { member: m, why }, ev);
            } else if follow_up {
                g.follow_up = false;
                self.rebalance(&gname, RebalanceReason::CooperativeFollowUp, ev);
            }
            self.push_deliver(&gname, ev);
        }
    }

    fn push_deliver(&mut self, group: &Name, ev: &mut Vec<Event>) {
        let now = self.now_ms;
        let Some(g) = self.groups.get(group) else {
            return;
        };
        let members: Vec<Name> = g
            .members
            .values()
            .filter(|m| m.running && matches!(m.config.delivery, DeliveryMode::Push { .. }))
            .map(|m| m.name.clone())
            .collect();
        for mname in members {
            let m = &self.groups[group].members[&mname];
            let DeliveryMode::Push {
                capacity_per_ms,
                buffer,
            } = m.config.delivery
            else {
                continue;
            };
            let mut buffered = m.push_buffer;
            let mut updates = Vec::new();
            for &tp in &m.owned {
                let part = &self.topics[tp.0].partitions[tp.1 as usize];
                let Some(&pos) = m.positions.get(&tp) else {
                    continue;
                };
                let hw = part.high_watermark;
                if pos >= hw
                    || part
                        .leader
                        .is_none_or(|l| !self.brokers[l as usize].reachable())
                {
                    continue;
                }
                let pos = pos.max(part.log.log_start_offset());
                let n = part.log.count_between(pos, hw);
                buffered += n;
                let dropped = buffered.saturating_sub(buffer as u64);
                buffered -= dropped;
                updates.push((tp, hw, dropped));
                ev.push(Event::Pushed {
                    group: group.clone(),
                    member: mname.clone(),
                    topic: self.topics[tp.0].name.clone(),
                    partition: tp.1,
                    from: pos,
                    to: hw,
                    records: n as u32,
                    dropped: dropped as u32,
                });
            }
            let processed = buffered.min(capacity_per_ms as u64);
            let auto = m.config.enable_auto_commit
                && now.saturating_sub(m.last_auto_commit_ms) >= m.config.auto_commit_interval_ms;
            let m = self
                .groups
                .get_mut(group)
                .and_then(|g| g.members.get_mut(&mname))
                .expect("listed above");
            m.push_buffer = buffered - processed;
            m.consumed += processed;
            for (tp, hw, dropped) in updates {
                m.positions.insert(tp, hw);
                m.offset_epochs.remove(&tp);
                m.dropped += dropped;
            }
            if auto {
                let _ = self.commit(group, &mname, true, ev);
            }
        }
    }

    /// Work that keeps time from being skipped: push deliveries and cooperative follow-ups.
    pub(crate) fn groups_busy(&self) -> bool {
        self.groups.values().any(|g| {
            g.follow_up
                || g.members.values().any(|m| {
                    m.running
                        && matches!(m.config.delivery, DeliveryMode::Push { .. })
                        && (m.push_buffer > 0
                            || m.owned.iter().any(|tp| {
                                let part = &self.topics[tp.0].partitions[tp.1 as usize];
                                let reachable = part
                                    .leader
                                    .is_some_and(|l| self.brokers[l as usize].reachable());
                                reachable
                                    && m.positions
                                        .get(tp)
                                        .is_some_and(|&p| p < part.high_watermark)
                            }))
                })
        })
    }

    /// The next session or poll timeout.
    pub(crate) fn group_deadline(&self) -> Option<u64> {
        let mut next: Option<u64> = None;
        for g in self.groups.values() {
            for m in g.members.values() {
                let t = if !m.running {
                    Some(m.last_heartbeat_ms + m.config.session_timeout_ms + 1)
                } else if m.config.delivery == DeliveryMode::Pull
                    && m.config.group_instance_id.is_none()
                {
                    Some(m.last_poll_ms + m.config.max_poll_interval_ms + 1)
                } else {
                    None
                };
                if let Some(t) = t {
                    next = Some(next.map_or(t, |n| n.min(t)));
                }
            }
        }
        next
    }

    /// Partitions were added to topic `t`: groups subscribed to it rebalance.
    pub(crate) fn on_metadata_change(&mut self, t: usize, ev: &mut Vec<Event>) {
        let name = self.topics[t].name.clone();
        let groups: Vec<Name> = self
            .groups
            .values()
            .filter(|g| g.members.values().any(|m| m.topics.contains(&name)))
            .map(|g| g.name.clone())
            .collect();
        for g in groups {
            self.rebalance(&g, RebalanceReason::MetadataChanged, ev);
        }
    }
}

fn reset_offset(policy: AutoOffsetReset, log_start: u64, high_watermark: u64) -> Option<u64> {
    match policy {
        AutoOffsetReset::Earliest => Some(log_start),
        // ListOffsets(LATEST) answers the high watermark for read_uncommitted consumers
        AutoOffsetReset::Latest => Some(high_watermark),
        AutoOffsetReset::None => None,
    }
}
