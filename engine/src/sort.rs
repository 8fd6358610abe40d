//! Stable sorting through one shared, non-generic core.
//!
//! `slice::sort_by` is generic over the element and the comparator, so every call site compiles
//! its own copy of the standard library's driftsort (about 4 KB of wasm each, and the engine
//! has dozens of sorts). These functions give the same result as `sort_by` (stable: equal
//! elements keep their order) but hand the core only indices: the compiled sort exists once, and
//! each call site adds only a small wrapper. The sorts here run on short lists (group members,
//! partitions, bindings), where the extra indirection costs little.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Below this length a stable insertion sort on the slice itself is used: no allocation.
const SMALL: usize = 16;

/// Same result as `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    if v.len() <= SMALL {
        // Adjacent swaps only when strictly greater: stable, like `sort_by`.
        let mut less = |a: usize, b: usize, v: &mut [T]| cmp(&v[a], &v[b]);
        insertion(v.len(), &mut |a, b, swap| {
            // `swap` is false for a comparison, true for swapping `a` and `b`.
            if swap {
                v.swap(a, b);
                Ordering::Equal
            } else {
                less(a, b, v)
            }
        });
        return;
    }
    let perm = sorted_indices(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    permute(perm, &mut |a, b| v.swap(a, b));
}

/// Same result as `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Same result as `v.sort()` (and as `v.sort_unstable()` wherever equal elements are
/// indistinguishable, e.g. integers and strings).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Same map as `items.collect::<BTreeMap<_, _>>()`. Collecting into a B-tree sorts the items
/// first (another copy of the sort per key and value type); inserting one by one does not.
/// Equal keys are only ever equal strings or numbers here, so which copy of a key is kept
/// makes no difference; the value kept is the last, as with `collect`.
pub fn map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    m.extend(items);
    m
}

/// Same set as `items.collect::<BTreeSet<_>>()`, without a sort per item type (see [`map`]).
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut s = BTreeSet::new();
    s.extend(items);
    s
}

/// Stable insertion sort of `n` items through one callback: `op(a, b, false)` compares items
/// `a` and `b`; `op(a, b, true)` swaps them. O(n²), for short lists only.
fn insertion(n: usize, op: &mut dyn FnMut(usize, usize, bool) -> Ordering) {
    for i in 1..n {
        let mut j = i;
        while j > 0 && op(j - 1, j, false) == Ordering::Greater {
            op(j - 1, j, true);
            j -= 1;
        }
    }
}

/// The positions `0..n` in the order a stable sort by `cmp` puts them.
fn sorted_indices(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Rearranges items so that position `k` holds what was at `perm[k]`, by following each cycle of
/// the permutation with swaps.
fn permute(mut perm: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..perm.len() {
        let mut j = start;
        loop {
            let k = perm[j];
            perm[j] = j;
            if k == start || k == j {
                break;
            }
            swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Matches the standard library's stable sort exactly, ties included.
        #[test]
        fn same_as_std(v in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(ours, std);

            let mut ours = v.clone();
            sort(&mut ours);
            let mut std = v;
            std.sort();
            prop_assert_eq!(ours, std);
        }
    }
}
