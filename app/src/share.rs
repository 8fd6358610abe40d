//! Sandbox sharing: a session (the accepted inputs after the page's starting scene) as a
//! compact, versioned URL parameter, so opening the link replays the same run exactly.
//!
//! Format `v1.<base64url(postcard(Shared))>`: runs of ticks collapse into one count, so a long
//! session of mostly time passing stays short.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use engine::limits::{self, Limit, OverLimit};
use engine::sim::Action;
use engine::timeline::Input;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const VERSION: &str = "v1.";

/// Why a shared link could not be opened; the app shows it and starts clean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not `v1.` (from a newer or foreign version of the playground).
    UnknownVersion,
    /// Over one of the named limits (its length, its inputs, what they ask for).
    OverLimit(OverLimit),
    /// Damaged in transit (cut short, mistyped).
    Corrupt,
}

#[derive(Serialize, Deserialize)]
enum Step<C> {
    Ticks(u32),
    Command(C),
}

/// Encodes a session.
pub fn encode<C: Serialize + Clone>(inputs: &[Input<C>]) -> String {
    let mut steps = Vec::new();
    for input in inputs {
        match (input, steps.last_mut()) {
            (Input::Tick, Some(Step::Ticks(n))) if *n < u32::MAX => *n += 1,
            (Input::Tick, _) => steps.push(Step::Ticks(1)),
            (Input::Command(c), _) => steps.push(Step::Command(c.clone())),
        }
    }
    let bytes = postcard::to_allocvec(&steps).expect("in-memory serialization cannot fail");
    format!("{VERSION}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Decodes a session's inputs, to be replayed through the engine (which still validates every
/// command).
pub fn decode<C: DeserializeOwned>(link: &str) -> Result<Vec<Input<C>>, ShareError> {
    let over = ShareError::OverLimit;
    Limit::LinkLength.check(link.len() as u64).map_err(over)?;
    let body = link
        .strip_prefix(VERSION)
        .ok_or(ShareError::UnknownVersion)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| ShareError::Corrupt)?;
    let steps: Vec<Step<C>> = postcard::from_bytes(&bytes).map_err(|_| ShareError::Corrupt)?;
    let mut inputs = Vec::new();
    for step in steps {
        match step {
            Step::Ticks(n) => {
                // A forged count must not make us allocate without bound (in u64: `usize` is
                // 32 bits in the browser, where `len + n` could wrap).
                let total = (inputs.len() as u64).saturating_add(n as u64);
                Limit::Inputs.check(total).map_err(over)?;
                inputs.extend((0..n).map(|_| Input::Tick));
            }
            Step::Command(c) => {
                Limit::Inputs.check(inputs.len() as u64 + 1).map_err(over)?;
                inputs.push(Input::Command(c))
            }
        }
    }
    Ok(inputs)
}

/// Decodes a playground session and checks it against every named limit before anything is
/// replayed ([`limits::check_session`]), so a replay does bounded work.
pub fn decode_session(link: &str) -> Result<Vec<Input<Action>>, ShareError> {
    let inputs = decode::<Action>(link)?;
    limits::check_session(&inputs).map_err(ShareError::OverLimit)?;
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    enum Cmd {
        Produce { key: String, value: String },
        Kill(u32),
    }

    fn session() -> Vec<Input<Cmd>> {
        let mut v = vec![Input::Command(Cmd::Produce {
            key: "match-7".into(),
            value: "goal".into(),
        })];
        v.extend((0..500).map(|_| Input::Tick));
        v.push(Input::Command(Cmd::Kill(2)));
        v.push(Input::Tick);
        v
    }

    #[test]
    fn a_session_round_trips_and_stays_short() {
        let link = encode(&session());
        assert!(link.starts_with("v1."));
        assert!(link.len() < 60, "{link}");
        assert_eq!(decode::<Cmd>(&link), Ok(session()));
    }

    #[test]
    fn engine_actions_survive_the_trip() {
        use engine::rabbit::{Command as R, FieldValue, PublishSpec};
        use engine::sim::Action;
        let mut publish =
            PublishSpec::new(engine::rabbit::ChannelId(1), "sport", "sport.football.goal")
                .body("<script>alert(1)</script>");
        let mut headers = engine::rabbit::FieldTable::default();
        headers.insert("x-match".into(), FieldValue::Str("any".into()));
        headers.insert("n".into(), FieldValue::Int(-7));
        publish.properties.headers = Some(headers);
        publish.properties.priority = Some(9);
        let session = vec![
            Input::Command(Action::Kafka(engine::kafka::Command::CreateTopic {
                name: "t".into(),
                partitions: 3,
            })),
            Input::Tick,
            Input::Command(Action::Rabbit(R::Publish(publish))),
            Input::Command(Action::Tick(5)),
        ];
        let back = decode::<Action>(&encode(&session)).expect("decodes");
        assert_eq!(back, session);
    }

    #[test]
    fn broken_and_foreign_links_are_errors() {
        let link = encode(&session());
        assert_eq!(decode::<Cmd>("v9.AAAA"), Err(ShareError::UnknownVersion));
        assert_eq!(
            decode::<Cmd>(&link[..link.len() - 5]),
            Err(ShareError::Corrupt)
        );
        assert_eq!(decode::<Cmd>("v1.@@@"), Err(ShareError::Corrupt));
        assert_eq!(decode::<Cmd>(""), Err(ShareError::UnknownVersion));
        assert!(matches!(
            decode::<Cmd>(&"v1.A".repeat(10_000)),
            Err(ShareError::OverLimit(OverLimit {
                limit: Limit::LinkLength,
                ..
            }))
        ));
    }

    /// Issue 19: a short link asking for millions of ticks (or for `u32::MAX`, which wrapped
    /// `len + n` on 32-bit targets) is refused, naming the limit, before anything is allocated.
    #[test]
    fn a_forged_tick_count_is_over_the_inputs_limit() {
        let inputs = |n| {
            let steps: Vec<Step<Cmd>> = vec![Step::Ticks(1), Step::Ticks(n)];
            let bytes = postcard::to_allocvec(&steps).unwrap();
            decode::<Cmd>(&format!("{VERSION}{}", URL_SAFE_NO_PAD.encode(bytes)))
        };
        for n in [5_000_000, u32::MAX] {
            assert_eq!(
                inputs(n),
                Err(ShareError::OverLimit(OverLimit {
                    limit: Limit::Inputs,
                    max: limits::MAX_INPUTS
                }))
            );
        }
        assert_eq!(
            inputs(limits::MAX_INPUTS as u32 - 1).map(|v| v.len()),
            Ok(limits::MAX_INPUTS as usize)
        );
    }

    #[test]
    fn a_session_over_a_limit_is_refused_naming_it() {
        use engine::kafka::{Command as K, KeyStrategy, StreamSpec};
        let start = Input::Command(Action::Kafka(K::StartStream {
            spec: StreamSpec {
                topic: "t".into(),
                rate: 20_000,
                keys: KeyStrategy::MatchId,
                consume: false,
            },
        }));
        let mut session = vec![start];
        session.extend(std::iter::repeat_n(Input::Tick, 60));
        let link = encode(&session);
        assert!(link.len() < 80, "{link}");
        assert_eq!(
            decode_session(&link).map_err(|e| match e {
                ShareError::OverLimit(o) => Some(o.limit),
                _ => None,
            }),
            Err(Some(Limit::StreamRecords))
        );
    }
}
