//! Item 3 of issue 17: Kafka's client-side algorithms at scale. Seeded random cases go through
//! Kafka's own Java code (`Utils.murmur2`, `Utils.toPositive`,
//! `BuiltInPartitioner.partitionForKey`, and `RangeAssignor`, `RoundRobinAssignor`,
//! `StickyAssignor`, `CooperativeStickyAssignor` through `ConsumerPartitionAssignor.assign(Cluster,
//! GroupSubscription)`, with owned partitions and generations) and through the engine; every
//! answer must be equal.

use crate::java::Driver;
use engine::kafka::assignor::{self, Strategy, Subscription, TopicPartition};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One disagreement, printed as the request line (rerunnable by hand) and both answers.
#[derive(Debug)]
pub struct Mismatch {
    pub case: usize,
    pub request: String,
    pub kafka: String,
    pub engine: String,
}

/// How many cases ran and which disagreed.
#[derive(Debug, Default)]
pub struct Report {
    pub cases: usize,
    pub mismatches: Vec<Mismatch>,
    /// Cases whose answers differ only in the order of partitions inside a member's list
    /// (allow-list entry `assignment-list-order`).
    pub order_only: usize,
}

/// Each member's partitions sorted: the assignment as the member's `assignment()` set.
fn as_sets(reply: &str) -> String {
    reply
        .split(' ')
        .map(|m| match m.split_once('=') {
            Some((member, list)) if !list.is_empty() => {
                let mut l: Vec<&str> = list.split(',').collect();
                l.sort_unstable();
                format!("{member}={}", l.join(","))
            }
            _ => m.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn hex(b: &[u8]) -> String {
    if b.is_empty() {
        return "-".into();
    }
    b.iter().fold(String::new(), |mut s, x| {
        let _ = write!(s, "{x:02x}");
        s
    })
}

/// A key as producers send them: mostly short strings (ids, names, UTF-8 text), sometimes raw
/// bytes of any length (every tail length of murmur2 is hit).
fn random_key(rng: &mut ChaCha8Rng) -> Vec<u8> {
    match rng.random_range(0..4) {
        0 => format!("user-{}", rng.random_range(0..100_000u32)).into_bytes(),
        1 => {
            let words = ["주문", "match", "결제", "order", "키", "ü", "🎯"];
            (0..rng.random_range(1..5))
                .map(|_| words[rng.random_range(0..words.len())])
                .collect::<String>()
                .into_bytes()
        }
        _ => (0..rng.random_range(0..40)).map(|_| rng.random()).collect(),
    }
}

/// `cases` keys against Kafka's partitioner.
pub fn partitioner(driver: &mut Driver, seed: u64, cases: usize) -> Result<Report, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut requests = Vec::with_capacity(cases);
    let mut expected = Vec::with_capacity(cases);
    for _ in 0..cases {
        let key = random_key(&mut rng);
        let n: u32 = if rng.random_bool(0.8) {
            rng.random_range(1..=64)
        } else {
            rng.random_range(1..=100_000)
        };
        requests.push(format!("P {} {n}", hex(&key)));
        let h = engine::kafka::murmur2(&key);
        expected.push(format!(
            "{h} {} {}",
            engine::kafka::to_positive(h),
            engine::kafka::partition_for_key(&key, n)
        ));
    }
    let replies = driver.ask_many(&requests)?;
    Ok(compare(requests, replies, expected))
}

fn compare(requests: Vec<String>, replies: Vec<String>, expected: Vec<String>) -> Report {
    let mut report = Report {
        cases: requests.len(),
        ..Report::default()
    };
    for (case, ((request, kafka), engine)) in
        requests.into_iter().zip(replies).zip(expected).enumerate()
    {
        if kafka != engine && as_sets(&kafka) == as_sets(&engine) {
            report.order_only += 1;
        } else if kafka != engine {
            report.mismatches.push(Mismatch {
                case,
                request,
                kafka,
                engine,
            });
        }
    }
    report
}

/// One random group: cluster metadata and the members' subscriptions, with owned partitions and
/// generations as a group sees them after members joined, left and crashed.
pub fn random_group(
    rng: &mut ChaCha8Rng,
    strategy: Strategy,
) -> (BTreeMap<String, u32>, Vec<Subscription>) {
    let pool = [
        "t0",
        "t1",
        "orders",
        "payments-v2",
        "a",
        "match-events",
        "로그",
    ];
    let ntopics = rng.random_range(1..=4);
    let mut topics: BTreeMap<String, u32> = BTreeMap::new();
    while topics.len() < ntopics {
        let t = pool[rng.random_range(0..pool.len())];
        topics.insert(t.to_string(), rng.random_range(1..=12));
    }
    let names: Vec<String> = topics.keys().cloned().collect();
    let nmembers = rng.random_range(1..=8);
    let equal = rng.random_bool(0.5);
    let common = subset(rng, &names);
    let generation = rng.random_range(3..20);
    let mut subs: Vec<Subscription> = Vec::new();
    while subs.len() < nmembers {
        // Member ids as the coordinator makes them (client id + UUID), shortened so that
        // `HashMap` bucket collisions happen.
        let member = match rng.random_range(0..3) {
            0 => format!("consumer-g-{}", rng.random_range(1..40)),
            1 => format!("c{}", rng.random_range(0..30)),
            _ => format!(
                "consumer-{}-{:08x}",
                rng.random_range(1..9),
                rng.random::<u32>()
            ),
        };
        if subs.iter().any(|s| s.member == member) {
            continue;
        }
        let mut s = Subscription {
            member,
            group_instance_id: None,
            topics: if equal {
                common.clone()
            } else {
                subset(rng, &names)
            },
            owned: Vec::new(),
            generation: None,
        };
        if rng.random_bool(0.15) {
            // Now and then a subscription names a topic the cluster does not have.
            s.topics.push("missing".into());
        }
        if rng.random_bool(0.2) {
            s.group_instance_id = Some(format!("instance-{}", rng.random_range(0..20)));
        }
        subs.push(s);
    }
    // Static members have distinct instance ids.
    let mut seen = std::collections::BTreeSet::new();
    for s in &mut subs {
        if let Some(i) = &s.group_instance_id
            && !seen.insert(i.clone())
        {
            s.group_instance_id = None;
        }
    }
    if matches!(strategy, Strategy::Sticky | Strategy::CooperativeSticky) && rng.random_bool(0.8) {
        own_partitions(rng, &topics, &mut subs, generation, strategy);
    }
    (topics, subs)
}

fn subset(rng: &mut ChaCha8Rng, names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = names
        .iter()
        .filter(|_| rng.random_bool(0.6))
        .cloned()
        .collect();
    if out.is_empty() {
        out.push(names[rng.random_range(0..names.len())].clone());
    }
    // Subscriptions arrive in the consumer's own order, not sorted.
    for i in (1..out.len()).rev() {
        out.swap(i, rng.random_range(0..=i));
    }
    out
}

/// What members held before: the last assignment, disturbed the way a group is (a member that
/// missed a generation, one that was kicked out but still claims its partitions, partitions added
/// to a topic since, a member that owns nothing and joins fresh).
fn own_partitions(
    rng: &mut ChaCha8Rng,
    topics: &BTreeMap<String, u32>,
    subs: &mut [Subscription],
    generation: i32,
    strategy: Strategy,
) {
    let mut previous = subs.to_vec();
    for p in &mut previous {
        p.owned.clear();
        p.generation = None;
    }
    // Start from a real previous assignment (with one partition fewer here and there: topics
    // only ever grow), so ownership looks like a group's.
    let prior_topics: BTreeMap<String, u32> = topics
        .iter()
        .map(|(t, n)| (t.clone(), (n - u32::from(rng.random_bool(0.2))).max(1)))
        .collect();
    let prior = assignor::assign(Strategy::RoundRobin, &prior_topics, &previous, false);
    for s in subs.iter_mut() {
        match rng.random_range(0..10) {
            0 => continue, // a new member
            1 => s.generation = Some(generation - rng.random_range(1..3)),
            _ => s.generation = Some(generation),
        }
        s.owned = prior.members.get(&s.member).cloned().unwrap_or_default();
        if rng.random_bool(0.3) {
            s.owned.retain(|_| rng.random_bool(0.7));
        }
        if rng.random_bool(0.1) {
            // A claim another member also makes, of a topic this member subscribes to: under
            // the cooperative protocol a consumer revokes what its subscription no longer
            // matches before it rejoins (ConsumerCoordinator.onJoinPrepare), and Kafka 4.1.1's
            // sticky assignors (eager and cooperative) fail with a NullPointerException on a
            // claim outside the subscription (seeds 20261472 case 4836, 20261515 case 3408).
            // (A subscription may name a topic the cluster does not have: no claim then.)
            let t = &s.topics[rng.random_range(0..s.topics.len())];
            if let Some(n) = topics.get(t) {
                let tp = TopicPartition::new(t.clone(), rng.random_range(0..*n));
                if !s.owned.contains(&tp) {
                    s.owned.push(tp);
                }
            }
        }
    }
    if strategy == Strategy::CooperativeSticky && rng.random_bool(0.1) {
        // Owned partitions but no generation field (subscription v0/v1). The eager sticky
        // assignor's user data always carries the generation with the partitions.
        let i = rng.random_range(0..subs.len());
        if !subs[i].owned.is_empty() {
            subs[i].generation = None;
        }
    }
}

/// The request line of one group for the driver.
pub fn group_line(
    strategy: Strategy,
    topics: &BTreeMap<String, u32>,
    subs: &[Subscription],
) -> String {
    let tps = |l: &[TopicPartition]| {
        if l.is_empty() {
            "-".to_string()
        } else {
            l.iter()
                .map(|tp| format!("{}:{}", tp.topic, tp.partition))
                .collect::<Vec<_>>()
                .join(",")
        }
    };
    let mut line = format!(
        "A {} {}",
        strategy.name(),
        topics
            .iter()
            .map(|(t, n)| format!("{t}:{n}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    for s in subs {
        let _ = write!(
            line,
            " {};{};{};{};{}",
            s.member,
            s.group_instance_id.as_deref().unwrap_or("-"),
            s.topics.join(","),
            tps(&s.owned),
            s.generation.map_or("-".to_string(), |g| g.to_string())
        );
    }
    line
}

/// The engine's answer in the driver's reply format.
pub fn engine_line(
    strategy: Strategy,
    topics: &BTreeMap<String, u32>,
    subs: &[Subscription],
) -> String {
    let a = assignor::assign(strategy, topics, subs, true);
    subs.iter()
        .map(|s| {
            let list = match a.members.get(&s.member) {
                None => "!".to_string(),
                Some(l) => l
                    .iter()
                    .map(|tp| format!("{}:{}", tp.topic, tp.partition))
                    .collect::<Vec<_>>()
                    .join(","),
            };
            format!("{}={list}", s.member)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `cases` random groups through one assignor.
pub fn assignor(
    driver: &mut Driver,
    strategy: Strategy,
    seed: u64,
    cases: usize,
) -> Result<Report, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (strategy as u64 + 1) << 32);
    let mut requests = Vec::with_capacity(cases);
    let mut expected = Vec::with_capacity(cases);
    for _ in 0..cases {
        let (topics, subs) = random_group(&mut rng, strategy);
        requests.push(group_line(strategy, &topics, &subs));
        expected.push(engine_line(strategy, &topics, &subs));
    }
    let mut replies = Vec::with_capacity(cases);
    for chunk in requests.chunks(500) {
        replies.extend(driver.ask_many(chunk)?);
    }
    Ok(compare(requests, replies, expected))
}
