//! The one source of randomness: a seeded, portable generator, so the same seed and the same
//! commands give the same state bit for bit on every platform and in every browser.

use rand::SeedableRng;

/// ChaCha8 is portable and fully specified; `StdRng` may change between `rand` releases.
pub type SimRng = rand_chacha::ChaCha8Rng;

/// A generator from a 64-bit seed (the seed learners see and share in URLs).
pub fn seeded(seed: u64) -> SimRng {
    SimRng::seed_from_u64(seed)
}
