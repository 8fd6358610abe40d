//! A deterministic digest of the whole broker state: FNV-1a over a canonical walk, with every
//! integer written little-endian at a fixed width, so the same state gives the same digest on
//! x86-64 and in wasm32 browsers (std's `Hash` writes `usize` at native width; we widen it).

use super::broker::Broker;
use std::hash::{Hash, Hasher};

/// FNV-1a, 64-bit, platform-independent.
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write(&[i])
    }
    fn write_u16(&mut self, i: u16) {
        self.write(&i.to_le_bytes())
    }
    fn write_u32(&mut self, i: u32) {
        self.write(&i.to_le_bytes())
    }
    fn write_u64(&mut self, i: u64) {
        self.write(&i.to_le_bytes())
    }
    fn write_u128(&mut self, i: u128) {
        self.write(&i.to_le_bytes())
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64)
    }
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64)
    }
    fn write_isize(&mut self, i: isize) {
        self.write_u64(i as u64)
    }
}

impl Broker {
    /// A digest of the state: equal states give equal digests, on every platform.
    pub fn digest(&self) -> u64 {
        let mut h = StableHasher::default();
        self.now.hash(&mut h);
        self.rng.get_word_pos().hash(&mut h);
        self.exchanges.hash(&mut h);
        self.queues.hash(&mut h);
        self.queue_ids.hash(&mut h);
        self.channels.hash(&mut h);
        self.connections.hash(&mut h);
        self.consumers.hash(&mut h);
        (
            self.next_channel,
            self.next_consumer,
            self.next_msg,
            self.next_queue,
        )
            .hash(&mut h);
        self.ledger.hash(&mut h);
        self.metrics.hash(&mut h);
        self.explain.hash(&mut h);
        self.binding_count.hash(&mut h);
        (&self.stream, self.stream_sent).hash(&mut h);
        h.finish()
    }
}
