//! [`IdMap`]: the broker's queues, channels and consumers by id.
//!
//! Ids are handed out in increasing order and never reused, so a vector sorted by id is the
//! natural store: inserting a new object is a push, a lookup is a binary search over contiguous
//! ids (cheaper than a `BTreeMap` walk, and every publish, delivery and ack does several),
//! iteration is in id order as before. Removal shifts the tail, which only closing,
//! cancelling and deleting pay.

use std::hash::{Hash, Hasher};

#[derive(Clone)]
pub(crate) struct IdMap<K, V> {
    /// Sorted by key, keys unique. Kept apart from the values so a search touches only keys.
    keys: Vec<K>,
    values: Vec<V>,
}

impl<K, V> Default for IdMap<K, V> {
    fn default() -> Self {
        IdMap {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<K: Ord + Copy, V> IdMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    fn find(&self, k: &K) -> Result<usize, usize> {
        // Fast path: the newest id.
        match self.keys.last() {
            Some(last) if last == k => Ok(self.keys.len() - 1),
            Some(last) if last < k => Err(self.keys.len()),
            _ => self.keys.binary_search(k),
        }
    }

    pub fn get(&self, k: &K) -> Option<&V> {
        self.find(k).ok().map(|i| &self.values[i])
    }

    pub fn get_mut(&mut self, k: &K) -> Option<&mut V> {
        self.find(k).ok().map(|i| &mut self.values[i])
    }

    /// Inserts or replaces; returns the value replaced.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        match self.find(&k) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], v)),
            Err(i) => {
                self.keys.insert(i, k);
                self.values.insert(i, v);
                None
            }
        }
    }

    pub fn remove(&mut self, k: &K) -> Option<V> {
        let i = self.find(k).ok()?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn clear(&mut self) {
        self.keys.clear();
        self.values.clear();
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.keys.iter()
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.values.iter()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.values.iter_mut()
    }
}

impl<K: Ord + Copy, V> std::ops::Index<&K> for IdMap<K, V> {
    type Output = V;
    fn index(&self, k: &K) -> &V {
        self.get(k).expect("no entry for the id")
    }
}

impl<'a, K: Ord + Copy, V> IntoIterator for &'a IdMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, K>, std::slice::Iter<'a, V>>;
    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter().zip(self.values.iter())
    }
}

/// Hashes exactly as the `BTreeMap` it replaces (length, then each entry in key order), so
/// [`super::Broker::digest`] is unchanged.
impl<K: Hash, V: Hash> Hash for IdMap<K, V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.keys.len());
        for (k, v) in self.keys.iter().zip(self.values.iter()) {
            k.hash(state);
            v.hash(state);
        }
    }
}

impl<K: std::fmt::Debug, V: std::fmt::Debug> std::fmt::Debug for IdMap<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.keys.iter().zip(self.values.iter()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_and_hashes_like_a_btreemap() {
        let mut m = IdMap::new();
        let mut b = BTreeMap::new();
        for (k, v) in [
            (5u32, "e"),
            (1, "a"),
            (9, "i"),
            (3, "c"),
            (5, "E"),
            (12, "l"),
        ] {
            assert_eq!(m.insert(k, v), b.insert(k, v));
        }
        assert_eq!(m.remove(&9), b.remove(&9));
        assert_eq!(m.remove(&7), b.remove(&7));
        assert_eq!(m.get(&5), b.get(&5));
        assert_eq!(m.get(&4), b.get(&4));
        assert!((&m).into_iter().eq(b.iter()));
        let digest = |x: &dyn Fn(&mut crate::rabbit::StableHasher)| {
            let mut h = crate::rabbit::StableHasher::default();
            x(&mut h);
            h.finish()
        };
        assert_eq!(digest(&|h| m.hash(h)), digest(&|h| b.hash(h)));
    }
}
