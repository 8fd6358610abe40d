//! Topic exchange matching, exactly as RabbitMQ does it.
//!
//! Routing and binding keys are split on `.` with empty words kept (`"a..b"` is three words, the
//! middle one empty) and the empty key is zero words (`split_topic_key/1` in
//! `deps/rabbit/src/rabbit_db_topic_exchange.erl`). `*` matches exactly one word, `#` zero or
//! more. The broker routes with a word trie walked the way `trie_match/4` and
//! `trie_match_skip_any/4` walk it (same file), remembering visited `(node, word)` pairs so that
//! chains of `#` cannot explode. [`explain`] aligns one pattern with one key (which key words each
//! pattern word took) for the UI; both agree on every key (property-tested).

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

/// [`split_words`] without allocating.
pub fn split_words_iter(key: &str) -> impl Iterator<Item = &str> {
    let mut it = key.split('.');
    if key.is_empty() {
        it.next();
    }
    it
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
}

#[derive(Clone, Debug, Default, Hash)]
struct Node {
    /// Literal edges sorted by (word hash, word): a binary search on a 64-bit hash, then one
    /// string comparison.
    literal: Vec<(u64, String, u32)>,
    star: Option<u32>,
    hash: Option<u32>,
    bindings: Vec<u32>,
}

impl TopicTrie {
    /// Builds the trie of `(binding index, pattern)` pairs.
    pub fn build<'a>(patterns: impl IntoIterator<Item = (u32, &'a [PatternWord])>) -> Self {
        let mut t = TopicTrie {
            nodes: vec![Node::default()],
        };
        for (idx, words) in patterns {
            let mut n = 0usize;
            for w in words {
                let next = match w {
                    PatternWord::Literal(l) => t.nodes[n].find(word_hash(l), l),
                    PatternWord::Star => t.nodes[n].star,
                    PatternWord::Hash => t.nodes[n].hash,
                };
                let next = match next {
                    Some(x) => x,
                    None => {
                        let id = t.nodes.len() as u32;
                        t.nodes.push(Node::default());
                        match w {
                            PatternWord::Literal(l) => {
                                let h = word_hash(l);
                                let lit = &mut t.nodes[n].literal;
                                let pos = lit.partition_point(|(xh, xw, _)| {
                                    (*xh, xw.as_str()) < (h, l.as_str())
                                });
                                lit.insert(pos, (h, l.clone(), id));
                            }
                            PatternWord::Star => t.nodes[n].star = Some(id),
                            PatternWord::Hash => t.nodes[n].hash = Some(id),
                        }
                        id
                    }
                };
                n = next as usize;
            }
            t.nodes[n].bindings.push(idx);
        }
        t
    }

    /// The indices of the bindings whose pattern matches `words`, sorted and deduplicated.
    /// `visited` is scratch space reused between calls.
    pub fn matches(&self, words: &[&str], visited: &mut Vec<u64>, out: &mut Vec<u32>) {
        out.clear();
        if self.nodes.len() <= 1 && self.nodes.first().is_none_or(|n| n.bindings.is_empty()) {
            return;
        }
        let mut hashed = [(0u64, ""); 32];
        let hashed_vec: Vec<(u64, &str)>;
        let words: &[(u64, &str)] = if words.len() <= 32 {
            for (i, w) in words.iter().enumerate() {
                hashed[i] = (word_hash(w), w);
            }
            &hashed[..words.len()]
        } else {
            hashed_vec = words.iter().map(|w| (word_hash(w), *w)).collect();
            &hashed_vec
        };
        let cols = words.len() + 1;
        let bits = self.nodes.len() * cols;
        visited.clear();
        visited.resize(bits.div_ceil(64), 0);
        self.walk(0, words, 0, visited, cols, out);
        out.sort_unstable();
        out.dedup();
    }

    /// `trie_match/4`: at `node` with key words `pos..` left to match.
    fn walk(
        &self,
        node: u32,
        words: &[(u64, &str)],
        pos: usize,
        visited: &mut [u64],
        cols: usize,
        out: &mut Vec<u32>,
    ) {
        let bit = node as usize * cols + pos;
        if visited[bit / 64] & (1 << (bit % 64)) != 0 {
            return;
        }
        visited[bit / 64] |= 1 << (bit % 64);
        let n = &self.nodes[node as usize];
        if pos == words.len() {
            out.extend_from_slice(&n.bindings);
        } else {
            if let Some(next) = n.find(words[pos].0, words[pos].1) {
                self.walk(next, words, pos + 1, visited, cols, out);
            }
            if let Some(next) = n.star {
                self.walk(next, words, pos + 1, visited, cols, out);
            }
        }
        // `#` takes zero words, then one more at a time (`trie_match_skip_any/4`).
        if let Some(next) = n.hash {
            for p in pos..=words.len() {
                self.walk(next, words, p, visited, cols, out);
            }
        }
    }
}

impl Node {
    fn find(&self, h: u64, w: &str) -> Option<u32> {
        let i = self
            .literal
            .partition_point(|(xh, xw, _)| (*xh, xw.as_str()) < (h, w));
        match self.literal.get(i) {
            Some((xh, xw, id)) if *xh == h && xw == w => Some(*id),
            _ => None,
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
        let (mut v, mut out) = (Vec::new(), Vec::new());
        t.matches(&words, &mut v, &mut out);
        assert_eq!(out, vec![1, 2]);
    }
}
