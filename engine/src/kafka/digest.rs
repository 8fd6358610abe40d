//! A deterministic digest of the whole cluster state (FNV-1a over a canonical walk), for tests
//! that the same seed and commands give the same state bit for bit.

use super::Cluster;
use std::hash::{Hash, Hasher};

/// 64-bit FNV-1a: stable across platforms and Rust releases (unlike `DefaultHasher`).
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.write(&(n as u64).to_le_bytes());
    }
}

impl Hash for Cluster {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.now_ms.hash(h);
        self.seed.hash(h);
        self.rng.get_word_pos().hash(h);
        self.config.hash(h);
        self.brokers.hash(h);
        self.controller.hash(h);
        self.controller_epoch.hash(h);
        self.topics.hash(h);
        self.topic_index.hash(h);
        self.producers.hash(h);
        self.groups.hash(h);
        self.next_record_id.hash(h);
        self.ledger.hash(h);
        self.metrics.hash(h);
        self.last_retention_check_ms.hash(h);
        self.last_cleaner_ms.hash(h);
        self.stream.hash(h);
    }
}

impl Cluster {
    /// A hash of the entire state.
    pub fn digest(&self) -> u64 {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        self.hash(&mut h);
        h.finish()
    }
}
