//! Accounting: nothing is lost silently. Every publish ends in exactly one publish-level state
//! (routed, returned, dropped unroutable), and every copy a queue received — from a publish or
//! from dead-lettering — is, at every moment, in exactly one copy-level state: ready, unacked,
//! acked, refused by overflow, dropped (no dead-letter exchange) with its reason, dead-lettered
//! onwards with its reason, lost in dead-lettering (missing exchange, unroutable, cycle), lost on
//! restart with its reason, deleted with its queue, or purged. [`super::Broker::audit`] counts
//! the live states afresh and checks that the books balance.

use super::event::{DeadLetterOutcome, RestartLoss};
use super::message::DeathReason;
use serde::{Deserialize, Serialize};

/// Why a dead-lettering reached no queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DeadLetterLoss {
    ExchangeMissing,
    Unroutable,
    Cycle,
}

impl DeadLetterLoss {
    pub const ALL: [DeadLetterLoss; 3] = [
        DeadLetterLoss::ExchangeMissing,
        DeadLetterLoss::Unroutable,
        DeadLetterLoss::Cycle,
    ];

    pub(crate) fn of(o: &DeadLetterOutcome) -> Option<DeadLetterLoss> {
        match o {
            DeadLetterOutcome::ExchangeMissing { .. } => Some(DeadLetterLoss::ExchangeMissing),
            DeadLetterOutcome::Unroutable { .. } => Some(DeadLetterLoss::Unroutable),
            DeadLetterOutcome::Cycle { .. } => Some(DeadLetterLoss::Cycle),
            _ => None,
        }
    }
}

/// Running totals kept as things happen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ledger {
    pub published: u64,
    /// Publishes that reached at least one queue (even if a queue then refused its copy).
    pub routed: u64,
    /// `mandatory` and unroutable: returned with 312 NO_ROUTE.
    pub returned: u64,
    /// Unroutable without `mandatory`.
    pub dropped_unroutable: u64,
    /// Copies created by publishing (one per queue reached).
    pub copies_from_publish: u64,
    /// Copies created by dead-lettering (one per queue the dead-letter exchange reached).
    pub copies_from_dead_letter: u64,
    pub acked: u64,
    /// Refused at the door by `reject-publish` (or `reject-publish-dlx`, counted under
    /// dead-lettering with reason maxlen instead).
    pub refused_overflow: u64,
    /// Died with no dead-letter exchange configured, by reason (expired-and-dropped,
    /// rejected-and-dropped, dropped by overflow, delivery limit).
    pub dropped: [u64; 4],
    /// Died and republished to a dead-letter exchange that reached at least one queue.
    pub dead_lettered: [u64; 4],
    /// Died, a dead-letter exchange was configured, but the message reached no queue.
    pub dead_letter_lost: [u64; 3],
    pub lost_on_restart: [u64; 3],
    pub deleted_with_queue: u64,
    pub purged: u64,
}

impl Ledger {
    pub(crate) fn died(&mut self, reason: DeathReason, outcome: &DeadLetterOutcome) {
        match outcome {
            DeadLetterOutcome::Discarded => self.dropped[reason.index()] += 1,
            DeadLetterOutcome::Routed { .. } => self.dead_lettered[reason.index()] += 1,
            other => {
                if let Some(l) = DeadLetterLoss::of(other) {
                    self.dead_letter_lost[l as usize] += 1;
                }
            }
        }
    }

    pub(crate) fn lost(&mut self, why: RestartLoss) {
        self.lost_on_restart[why as usize] += 1;
    }

    /// Copies that have reached a final state.
    pub fn settled_copies(&self) -> u64 {
        self.acked
            + self.refused_overflow
            + self.dropped.iter().sum::<u64>()
            + self.dead_lettered.iter().sum::<u64>()
            + self.dead_letter_lost.iter().sum::<u64>()
            + self.lost_on_restart.iter().sum::<u64>()
            + self.deleted_with_queue
            + self.purged
    }

    pub fn dropped_for(&self, r: DeathReason) -> u64 {
        self.dropped[r.index()]
    }

    pub fn dead_lettered_for(&self, r: DeathReason) -> u64 {
        self.dead_lettered[r.index()]
    }

    pub fn dead_letter_lost_for(&self, l: DeadLetterLoss) -> u64 {
        self.dead_letter_lost[l as usize]
    }

    pub fn lost_on_restart_for(&self, r: RestartLoss) -> u64 {
        self.lost_on_restart[r as usize]
    }
}

/// The result of [`super::Broker::audit`]: the ledger, the live counts found by walking every
/// queue and channel, and whether they balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    pub ledger: Ledger,
    /// Ready messages found in queues.
    pub ready: u64,
    /// Unacknowledged deliveries found on channels.
    pub unacked: u64,
    /// What does not balance (empty when the audit holds).
    pub problems: Vec<AuditProblem>,
}

/// A broken invariant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditProblem {
    /// published != routed + returned + dropped_unroutable
    Publishes { published: u64, accounted: u64 },
    /// copies created != ready + unacked + settled
    Copies { created: u64, accounted: u64 },
    /// A queue's cached ready count or byte count differs from its contents.
    QueueCounters { queue: String },
    /// A consumer's unacked count differs from its channel's deliveries.
    ConsumerCounters { tag: String },
}

impl Audit {
    pub fn holds(&self) -> bool {
        self.problems.is_empty()
    }
}
