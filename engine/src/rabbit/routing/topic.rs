//! Topic exchange matching, exactly as RabbitMQ does it.
//!
//! Routing and binding keys are split on `.` with empty words kept (`"a..b"` is three words, the
//! middle one empty) and the empty key is zero words (`split_topic_key/1` in
//! `deps/rabbit/src/rabbit_db_topic_exchange.erl`). `*` matches exactly one word, `#` zero or
//! more. The broker routes with a word trie walked the way `trie_match/4` and
//! `trie_match_skip_any/4` walk it (same file), remembering visited `(node, word)` pairs so that
//! chains of `#` cannot explode. [`explain`] aligns one pattern with one key (which key words each
//! pattern word took) for the UI. The walk records the same alignment for each binding it finds,
//! so routing explains itself without a second pass; both agree on every key (tested).

use serde::{Deserialize, Serialize};

/// One word of a binding pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PatternWord {
    Literal(String),
    /// `*`: exactly one word.
    Star,
    /// `#`: zero or more words.
    Hash,
}

/// Splits a routing or binding key into words: `""` is no words, otherwise split on every `.`
/// keeping empty words.
pub fn split_words(key: &str) -> Vec<&str> {
    if key.is_empty() {
        Vec::new()
    } else {
        key.split('.').collect()
    }
}

/// [`split_words`] into `buf`, in one pass and without allocating: the number of words, or
/// `None` if there are more than `buf` holds.
pub fn split_words_into<'a>(key: &'a str, buf: &mut [&'a str]) -> Option<usize> {
    if key.is_empty() {
        return Some(0);
    }
    // A plain byte loop: cheaper than `str::split` on these short keys.
    let mut n = 0;
    let mut start = 0;
    for (i, b) in key.bytes().enumerate() {
        if b == b'.' {
            *buf.get_mut(n)? = &key[start..i];
            n += 1;
            start = i + 1;
        }
    }
    *buf.get_mut(n)? = &key[start..];
    Some(n + 1)
}

/// Parses a binding key into pattern words.
pub fn parse_pattern(pattern: &str) -> Vec<PatternWord> {
    split_words(pattern)
        .into_iter()
        .map(|w| match w {
            "*" => PatternWord::Star,
            "#" => PatternWord::Hash,
            other => PatternWord::Literal(other.to_string()),
        })
        .collect()
}

/// Which routing-key words one pattern word took.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WordSpan {
    /// Index of the word in the binding key.
    pub pattern_word: u16,
    /// Index of the first routing-key word it took.
    pub first_key_word: u16,
    /// How many routing-key words it took (0 only for `#`).
    pub key_words: u16,
}

/// Does binding key `pattern` match routing key `key`?
pub fn matches(pattern: &str, key: &str) -> bool {
    explain(pattern, key).is_some()
}

/// The alignment of `pattern` with `key` when they match: one span per pattern word, in order.
/// Where several alignments exist, each `#` takes as few words as possible.
pub fn explain(pattern: &str, key: &str) -> Option<Vec<WordSpan>> {
    let p = parse_pattern(pattern);
    let k = split_words(key);
    explain_words(&p, &k)
}

/// [`explain`] on pre-split words. Dynamic programming: `ok[i][j]` = pattern words `i..`
/// match key words `j..`; O(pattern × key), never exponential.
pub fn explain_words(p: &[PatternWord], k: &[&str]) -> Option<Vec<WordSpan>> {
    let (np, nk) = (p.len(), k.len());
    let w = nk + 1;
    let mut ok = vec![false; (np + 1) * w];
    ok[np * w + nk] = true;
    for i in (0..np).rev() {
        for j in (0..=nk).rev() {
            ok[i * w + j] = match &p[i] {
                PatternWord::Hash => ok[(i + 1) * w + j] || (j < nk && ok[i * w + j + 1]),
                PatternWord::Star => j < nk && ok[(i + 1) * w + j + 1],
                PatternWord::Literal(l) => j < nk && k[j] == l && ok[(i + 1) * w + j + 1],
            };
        }
    }
    if !ok[0] {
        return None;
    }
    let mut spans = Vec::with_capacity(np);
    let (mut i, mut j) = (0, 0);
    while i < np {
        let start = j;
        match &p[i] {
            PatternWord::Hash => {
                while !ok[(i + 1) * w + j] {
                    j += 1;
                }
            }
            _ => j += 1,
        }
        spans.push(WordSpan {
            pattern_word: i as u16,
            first_key_word: start as u16,
            key_words: (j - start) as u16,
        });
        i += 1;
    }
    Some(spans)
}

/// A word trie of an exchange's binding keys, as `rabbit_db_topic_exchange` keeps one.
/// Each binding is stored under the node its pattern ends at, by the caller's binding index.
#[derive(Clone, Debug, Default, Hash)]
pub struct TopicTrie {
    nodes: Vec<Node>,
    /// Every literal word of the patterns, sorted by (word hash, word), with `word_ids`
    /// parallel. A routing key's words are looked up here once per route; the walk then
    /// compares ids, not strings.
    word_hashes: Vec<u64>,
    word_ids: Vec<(String, u32)>,
    /// Some pattern has two or more `#`: only then can the walk reach a `(node, position)`
    /// twice (with one `#` on its path, a node's position fixes what the `#` took), so only
    /// then does it keep the visited set.
    memo: bool,
}

#[derive(Clone, Debug, Default, Hash)]
struct Node {
    /// Literal edges as (word id, child), sorted by word id.
    literal: Vec<(u32, u32)>,
    star: Option<u32>,
    hash: Option<u32>,
    bindings: Vec<u32>,
}

impl Node {
    fn find(&self, id: u32) -> Option<u32> {
        let i = self.literal.partition_point(|&(x, _)| x < id);
        match self.literal.get(i) {
            Some(&(x, child)) if x == id => Some(child),
            _ => None,
        }
    }

    /// No edges out: a pattern ends here.
    fn is_leaf(&self) -> bool {
        self.literal.is_empty() && self.star.is_none() && self.hash.is_none()
    }
}

/// Buffers reused by [`TopicTrie::matches`], and what the last call found.
#[derive(Clone, Debug, Default)]
pub struct TrieScratch {
    /// The routing key's word ids (`None`: no pattern has that literal).
    ids: Vec<Option<u32>>,
    /// Visited `(node, key position)` pairs, a bitset with `cols` positions per node (kept
    /// only when the trie's `memo` says so).
    visited: Vec<u64>,
    cols: usize,
    explain: bool,
    /// The alignment of the path being walked, one span per pattern word (when explaining).
    path: Vec<WordSpan>,
    /// `(binding, start, len)` of each match's alignment in `spans`, sorted by binding.
    hits: Vec<(u32, u32, u32)>,
    spans: Vec<WordSpan>,
}

impl TrieScratch {
    /// The alignment of the `k`-th match of the last [`TopicTrie::matches`] that explained.
    pub fn spans_of(&self, k: usize) -> &[WordSpan] {
        let (_, start, len) = self.hits[k];
        &self.spans[start as usize..(start + len) as usize]
    }
}

impl TopicTrie {
    /// Builds the trie of `(binding index, pattern)` pairs.
    pub fn build<'a>(patterns: impl IntoIterator<Item = (u32, &'a [PatternWord])>) -> Self {
        let mut t = TopicTrie {
            nodes: vec![Node::default()],
            ..Default::default()
        };
        for (idx, words) in patterns {
            t.memo |= words.iter().filter(|w| **w == PatternWord::Hash).count() > 1;
            let mut n = 0usize;
            for w in words {
                let id = match w {
                    PatternWord::Literal(l) => t.intern(l),
                    _ => 0,
                };
                let next = match w {
                    PatternWord::Literal(_) => t.nodes[n].find(id),
                    PatternWord::Star => t.nodes[n].star,
                    PatternWord::Hash => t.nodes[n].hash,
                };
                let next = match next {
                    Some(x) => x,
                    None => {
                        let child = t.nodes.len() as u32;
                        t.nodes.push(Node::default());
                        let node = &mut t.nodes[n];
                        match w {
                            PatternWord::Literal(_) => {
                                let pos = node.literal.partition_point(|&(x, _)| x < id);
                                node.literal.insert(pos, (id, child));
                            }
                            PatternWord::Star => node.star = Some(child),
                            PatternWord::Hash => node.hash = Some(child),
                        }
                        child
                    }
                };
                n = next as usize;
            }
            t.nodes[n].bindings.push(idx);
        }
        t
    }

    /// The id of literal word `w`, added if new.
    fn intern(&mut self, w: &str) -> u32 {
        if let Some(id) = self.word_id(w) {
            return id;
        }
        let h = word_hash(w);
        let id = self.word_ids.len() as u32;
        let pos = self.word_hashes.partition_point(|&x| x <= h);
        self.word_hashes.insert(pos, h);
        self.word_ids.insert(pos, (w.to_string(), id));
        id
    }

    /// The id of literal word `w`, if any pattern has it: a binary search on the hash, then
    /// string comparisons only with words of the same hash.
    fn word_id(&self, w: &str) -> Option<u32> {
        let h = word_hash(w);
        let mut i = self.word_hashes.partition_point(|&x| x < h);
        while self.word_hashes.get(i) == Some(&h) {
            let (word, id) = &self.word_ids[i];
            if word == w {
                return Some(*id);
            }
            i += 1;
        }
        None
    }

    /// The indices of the bindings whose pattern matches `words`, sorted and deduplicated.
    /// With `explain`, `scratch.spans_of(k)` is then the alignment of the `k`-th match, the one
    /// [`explain_words`] gives (see `walk`).
    pub fn matches(
        &self,
        words: &[&str],
        explain: bool,
        scratch: &mut TrieScratch,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        scratch.hits.clear();
        scratch.spans.clear();
        if self.nodes.len() <= 1 && self.nodes.first().is_none_or(|n| n.bindings.is_empty()) {
            return;
        }
        scratch.ids.clear();
        scratch.ids.extend(words.iter().map(|w| self.word_id(w)));
        scratch.cols = words.len() + 1;
        scratch.explain = explain;
        scratch.visited.clear();
        if self.memo {
            scratch
                .visited
                .resize((self.nodes.len() * scratch.cols).div_ceil(64), 0);
        }
        scratch.path.clear();
        self.walk(0, 0, scratch);
        // Each binding ends at one node, and each (node, end of key) is visited once, so there
        // are no duplicates; sorting gives the bindings' order.
        crate::sort::sort_by_key(&mut scratch.hits, |h| h.0);
        out.extend(scratch.hits.iter().map(|h| h.0));
    }

    /// `trie_match/4`: at `node` with key words `pos..` left to match; `s.path` holds the spans
    /// of the pattern words before `node` when explaining.
    ///
    /// The walk tries `#` with zero words first, then one more at a time, so for a given node
    /// (one pattern prefix) alignments are tried in order of the words the first `#` takes, then
    /// the second, ...; the first to reach `(node, pos)` is thus the one where each `#` takes as
    /// few words as possible, which is the alignment [`explain_words`] picks. Later arrivals at a
    /// visited pair are cut off, which loses no match.
    fn walk(&self, node: u32, pos: usize, s: &mut TrieScratch) {
        if self.memo {
            let bit = node as usize * s.cols + pos;
            let (word, mask) = (bit / 64, 1u64 << (bit % 64));
            if s.visited[word] & mask != 0 {
                return;
            }
            s.visited[word] |= mask;
        }
        let n = &self.nodes[node as usize];
        let len = s.ids.len();
        if pos == len {
            if !n.bindings.is_empty() {
                let start = s.spans.len() as u32;
                let count = if s.explain {
                    s.spans.extend_from_slice(&s.path);
                    s.path.len() as u32
                } else {
                    0
                };
                s.hits.extend(n.bindings.iter().map(|&b| (b, start, count)));
            }
        } else {
            if let Some(id) = s.ids[pos]
                && let Some(next) = n.find(id)
            {
                self.step(next, pos, pos + 1, s);
            }
            if let Some(next) = n.star {
                self.step(next, pos, pos + 1, s);
            }
        }
        // `#` takes zero words, then one more at a time (`trie_match_skip_any/4`); a `#` that
        // ends its patterns can only take all the words left.
        if let Some(next) = n.hash {
            let from = if self.nodes[next as usize].is_leaf() {
                len
            } else {
                pos
            };
            for p in from..=len {
                self.step(next, pos, p, s);
            }
        }
    }

    /// Walks into `next`, its pattern word having taken key words `from..to`.
    fn step(&self, next: u32, from: usize, to: usize, s: &mut TrieScratch) {
        if s.explain {
            s.path.push(WordSpan {
                pattern_word: s.path.len() as u16,
                first_key_word: from as u16,
                key_words: (to - from) as u16,
            });
            self.walk(next, to, s);
            s.path.pop();
        } else {
            self.walk(next, to, s);
        }
    }
}

/// FNV-1a of a word: fixed and portable, so the trie is identical on every platform.
fn word_hash(w: &str) -> u64 {
    fnv1a(w.as_bytes())
}

/// 64-bit FNV-1a.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_empties_and_empty_key_is_zero_words() {
        assert_eq!(split_words(""), Vec::<&str>::new());
        assert_eq!(split_words("a..b"), vec!["a", "", "b"]);
        assert_eq!(split_words("."), vec!["", ""]);
    }

    #[test]
    fn basic_rules() {
        assert!(matches("#", ""));
        assert!(matches("", ""));
        assert!(!matches("", "a"));
        assert!(!matches("*", ""));
        assert!(matches("*", "a"));
        assert!(matches("a.#", "a"));
        assert!(matches("#.a.#", "a"));
        assert!(!matches("a.*", "a"));
        assert!(matches("a.*", "a."));
        assert!(matches("*.*", "."));
    }

    #[test]
    fn explain_spans() {
        let s = explain("a.#.c", "a.b.b.c").unwrap();
        assert_eq!(
            s[1],
            WordSpan {
                pattern_word: 1,
                first_key_word: 1,
                key_words: 2
            }
        );
    }

    #[test]
    fn trie_agrees_on_hash_chains() {
        let pats = ["#.#.#.#.#.#.#.#.#.#.z", "a.#", "#", "*.b"];
        let parsed: Vec<_> = pats.iter().map(|p| parse_pattern(p)).collect();
        let t = TopicTrie::build(
            parsed
                .iter()
                .enumerate()
                .map(|(i, p)| (i as u32, p.as_slice())),
        );
        let key = vec!["a"; 60].join(".");
        let words = split_words(&key);
        let (mut s, mut out) = (TrieScratch::default(), Vec::new());
        t.matches(&words, true, &mut s, &mut out);
        assert_eq!(out, vec![1, 2]);
    }

    /// The trie finds exactly the patterns [`explain_words`] matches, and explains each with
    /// the same alignment, on many small random patterns and keys (with `#` chains, `*`, empty
    /// words and repeated patterns).
    #[test]
    fn trie_and_explain_agree() {
        const WORDS: [&str; 7] = ["a", "b", "", "*", "#", "#", "a"];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..400 {
            let pats: Vec<String> = (0..1 + next(12))
                .map(|_| {
                    let n = next(6);
                    (0..n)
                        .map(|_| WORDS[next(WORDS.len())])
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .collect();
            let parsed: Vec<_> = pats.iter().map(|p| parse_pattern(p)).collect();
            let t = TopicTrie::build(
                parsed
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i as u32, p.as_slice())),
            );
            let (mut s, mut out) = (TrieScratch::default(), Vec::new());
            for _ in 0..20 {
                let n = next(7);
                let key = (0..n)
                    .map(|_| ["a", "b", "", "c"][next(4)])
                    .collect::<Vec<_>>()
                    .join(".");
                let words = split_words(&key);
                let want: Vec<(u32, Vec<WordSpan>)> = parsed
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| Some((i as u32, explain_words(p, &words)?)))
                    .collect();
                for explain in [false, true] {
                    t.matches(&words, explain, &mut s, &mut out);
                    let ids: Vec<u32> = want.iter().map(|w| w.0).collect();
                    assert_eq!(out, ids, "patterns {pats:?}, key {key:?}");
                }
                for (k, (_, spans)) in want.iter().enumerate() {
                    assert_eq!(s.spans_of(k), spans.as_slice(), "{pats:?} {key:?}");
                }
            }
        }
    }
}
