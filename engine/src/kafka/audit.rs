//! The ledger and the audit: every record ever accepted by a producer is, at every moment, in
//! exactly one place: buffered in a producer, stored in a partition log, removed by retention or
//! compaction (policy), given up after `delivery.timeout.ms`, or lost by an injected fault.

use super::Cluster;
use serde::{Deserialize, Serialize};

/// Where a record ended when it left the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Fate {
    RemovedByRetention,
    RemovedByCompaction,
    /// `delivery.timeout.ms` passed before it could be written (the producer got an error).
    Expired,
    /// Lost through a fault the learner injected (unclean election, `acks` < all and a crash).
    Lost,
    /// Its topic was deleted (`kafka-topics --delete`): stored records are removed with the
    /// topic's logs, buffered ones fail in the producer (`UNKNOWN_TOPIC_OR_PARTITION`).
    TopicDeleted,
}

/// Records that left the logs, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Ledger {
    pub(crate) fates: Vec<(u64, Fate)>,
    pub(crate) retention: u64,
    pub(crate) compaction: u64,
    pub(crate) expired: u64,
    pub(crate) lost: u64,
    pub(crate) deleted: u64,
}

impl Ledger {
    pub(crate) fn record(&mut self, id: u64, fate: Fate) {
        self.fates.push((id, fate));
        match fate {
            Fate::RemovedByRetention => self.retention += 1,
            Fate::RemovedByCompaction => self.compaction += 1,
            Fate::Expired => self.expired += 1,
            Fate::Lost => self.lost += 1,
            Fate::TopicDeleted => self.deleted += 1,
        }
    }
}

/// The account of every produced record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Audit {
    pub produced: u64,
    /// In a producer's buffer (not yet written, or waiting to be retried).
    pub buffered: u64,
    /// In a partition log.
    pub stored: u64,
    /// Of `stored`: written but not yet acknowledged (`acks=all` waiting for the HW).
    pub unacknowledged: u64,
    pub removed_by_retention: u64,
    pub removed_by_compaction: u64,
    pub expired: u64,
    pub lost: u64,
    /// Removed because their topic was deleted (stored or still buffered).
    pub removed_by_topic_deletion: u64,
}

/// What the audit found wrong (a bug in the engine, never the learner's doing).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditError {
    /// A produced record is nowhere.
    Missing { id: u64 },
    /// A record is in two places at once.
    Duplicated { id: u64 },
    /// An id that was never produced.
    Unknown { id: u64 },
}

impl Cluster {
    /// Checks that every produced record is in exactly one place and returns the account.
    pub fn audit(&self) -> Result<Audit, AuditError> {
        let n = self.next_record_id;
        let mut seen = vec![false; n as usize];
        let mut mark = |id: u64| -> Result<(), AuditError> {
            let slot = seen
                .get_mut(id as usize)
                .ok_or(AuditError::Unknown { id })?;
            if *slot {
                return Err(AuditError::Duplicated { id });
            }
            *slot = true;
            Ok(())
        };
        let mut a = Audit {
            produced: n,
            ..Audit::default()
        };
        for p in self.producers.values() {
            for id in p.ids() {
                mark(id)?;
                a.buffered += 1;
            }
        }
        for t in &self.topics {
            for part in &t.partitions {
                for id in part.log.ids() {
                    mark(id)?;
                    a.stored += 1;
                }
                for b in &part.pending {
                    a.unacknowledged += part.log.count_between(b.base, b.last + 1);
                }
            }
        }
        for &(id, fate) in &self.ledger.fates {
            mark(id)?;
            match fate {
                Fate::RemovedByRetention => a.removed_by_retention += 1,
                Fate::RemovedByCompaction => a.removed_by_compaction += 1,
                Fate::Expired => a.expired += 1,
                Fate::Lost => a.lost += 1,
                Fate::TopicDeleted => a.removed_by_topic_deletion += 1,
            }
        }
        if let Some(id) = seen.iter().position(|s| !s) {
            return Err(AuditError::Missing { id: id as u64 });
        }
        Ok(a)
    }

    /// The fate of records that left the logs, oldest first.
    pub fn fates(&self) -> &[(u64, Fate)] {
        &self.ledger.fates
    }
}
