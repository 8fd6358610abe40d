//! The ledger and the audit: every record ever accepted by a producer is, at every moment, in
//! exactly one place: buffered in a producer, stored in a partition log, removed by retention or
//! compaction (policy), given up after `delivery.timeout.ms`, or lost by an injected fault.

use super::Cluster;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Where a record ended when it left the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Fate {
    RemovedByRetention,
    RemovedByCompaction,
    /// The producer gave up on it before it was written and got an error: `delivery.timeout.ms`
    /// passed, its `retries` ran out, or the leader refused its batch as over
    /// `max.message.bytes`.
    Expired,
    /// Lost through a fault the learner injected (unclean election, `acks` < all and a crash).
    Lost,
    /// Its topic was deleted (`kafka-topics --delete`): stored records are removed with the
    /// topic's logs, buffered ones fail in the producer (`UNKNOWN_TOPIC_OR_PARTITION`).
    TopicDeleted,
}

/// Record ids per ledger chunk (8 KiB of bits).
const CHUNK_BITS: u64 = 64 * 1024;

/// Which records have left the system: one bit per record id, in chunks shared between clones,
/// plus a count per fate. A timeline snapshot copies only the chunk still being written, so a
/// long session's snapshots stay small (a list of `(id, fate)` grew by 16 bytes per record and
/// was copied into every snapshot).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Ledger {
    gone: Vec<Arc<[u64]>>,
    pub(crate) retention: u64,
    pub(crate) compaction: u64,
    pub(crate) expired: u64,
    pub(crate) lost: u64,
    pub(crate) deleted: u64,
    /// The first record that was given a fate twice (an engine bug the audit reports).
    twice: Option<u64>,
}

impl Ledger {
    pub(crate) fn record(&mut self, id: u64, fate: Fate) {
        let chunk = (id / CHUNK_BITS) as usize;
        while self.gone.len() <= chunk {
            self.gone
                .push(Arc::from(vec![0u64; (CHUNK_BITS / 64) as usize]));
        }
        let words = Arc::make_mut(&mut self.gone[chunk]);
        let (word, bit) = (((id % CHUNK_BITS) / 64) as usize, 1u64 << (id % 64));
        if words[word] & bit != 0 {
            self.twice.get_or_insert(id);
            return;
        }
        words[word] |= bit;
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
        if let Some(id) = self.ledger.twice {
            return Err(AuditError::Duplicated { id });
        }
        let n = self.next_record_id;
        // One bit per record id, starting from the ledger's own bits (the records gone), and
        // plain loops over batches: this runs over every record ever produced.
        let words = n.div_ceil(64) as usize;
        let mut seen: Vec<u64> = Vec::with_capacity(words);
        for chunk in &self.ledger.gone {
            let room = words - seen.len();
            seen.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        seen.resize(words, 0);
        let mut mark = |id: u64| -> Result<(), AuditError> {
            if id >= n {
                return Err(AuditError::Unknown { id });
            }
            let (word, bit) = ((id / 64) as usize, 1u64 << (id % 64));
            if seen[word] & bit != 0 {
                return Err(AuditError::Duplicated { id });
            }
            seen[word] |= bit;
            Ok(())
        };
        let l = &self.ledger;
        let mut a = Audit {
            produced: n,
            removed_by_retention: l.retention,
            removed_by_compaction: l.compaction,
            expired: l.expired,
            lost: l.lost,
            removed_by_topic_deletion: l.deleted,
            ..Audit::default()
        };
        for p in self.producers.values() {
            for batch in p.queues.iter().flatten().flatten() {
                for e in &batch.builder.entries {
                    mark(e.id)?;
                }
                a.buffered += batch.builder.entries.len() as u64;
            }
        }
        for t in &self.topics {
            for part in &t.partitions {
                for batch in part.log.batches() {
                    for e in &batch.entries {
                        mark(e.id)?;
                    }
                    a.stored += batch.entries.len() as u64;
                }
                for b in &part.pending {
                    a.unacknowledged += part.log.count_between(b.base, b.last + 1);
                }
            }
        }
        let tail = n % 64;
        for (i, &w) in seen.iter().enumerate() {
            let full = if i + 1 == words && tail != 0 {
                (1u64 << tail) - 1
            } else {
                u64::MAX
            };
            if w != full {
                let id = i as u64 * 64 + w.trailing_ones() as u64;
                return Err(AuditError::Missing { id });
            }
        }
        Ok(a)
    }
}
