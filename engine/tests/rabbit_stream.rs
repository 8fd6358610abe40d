//! The RabbitMQ steady stream (`Command::StartStream`): a simulated publisher in the engine, one
//! timeline input per tick, so a session with a stream replays exactly, fits in a share link and
//! is held to `engine::limits` like the Kafka stream.

use engine::limits::{self, Limit, OverLimit};
use engine::rabbit::{
    BindSpec, Broker, ChannelId, CloseCause, Command, Error, Event, ExchangeKind, ExchangeSpec,
    QueueSpec, ReplyCode, StreamSpec, StreamStop, stream_key,
};
use engine::sim::{Action, Sim, SimError};
use engine::timeline::{Input, Timeline};

fn spec(channel: ChannelId, rate: u32) -> StreamSpec {
    StreamSpec {
        channel,
        exchange: "sport".into(),
        key: "sport.{football|hockey}.goal".into(),
        rate,
        persistent: false,
    }
}

/// A topic exchange `sport`, a queue `all` bound with `sport.#`, and one channel.
fn scene() -> (Sim, ChannelId) {
    let mut sim = Sim::new(7);
    for c in [
        Command::DeclareExchange(ExchangeSpec::new("sport", ExchangeKind::Topic)),
        Command::DeclareQueue(QueueSpec::new("all")),
        Command::Bind(BindSpec::queue("sport", "all", "sport.#")),
        Command::OpenChannel,
    ] {
        sim.apply(Action::Rabbit(c)).expect("scene");
    }
    let ch = sim.rabbit.channels()[0].id;
    (sim, ch)
}

fn rabbit(sim: &mut Sim, c: Command) -> Result<Vec<Event>, SimError> {
    sim.apply(Action::Rabbit(c)).map(|ev| {
        ev.into_iter()
            .filter_map(|e| match e {
                engine::sim::SimEvent::Rabbit(e) => Some(e),
                _ => None,
            })
            .collect()
    })
}

#[test]
fn stream_keys_cycle_and_count() {
    assert_eq!(
        stream_key("sport.{football|hockey}.goal", 0),
        "sport.football.goal"
    );
    assert_eq!(
        stream_key("sport.{football|hockey}.goal", 3),
        "sport.hockey.goal"
    );
    assert_eq!(stream_key("order-{n}", 7), "order-7");
    assert_eq!(stream_key("bad{x", 1), "bad{x");
    assert_eq!(stream_key("{}", 5), "");
}

#[test]
fn the_stream_publishes_its_rate_on_every_tick_and_nothing_between() {
    let (mut sim, ch) = scene();
    let ev = rabbit(&mut sim, Command::StartStream(spec(ch, 40))).unwrap();
    assert_eq!(ev, vec![Event::StreamStarted { spec: spec(ch, 40) }]);
    assert_eq!(
        sim.rabbit.queue("all").unwrap().ready,
        0,
        "starting passes no time"
    );
    for tick in 1..=10u64 {
        sim.apply(Action::Tick(1)).unwrap();
        // 40 a second is 4 per tick of 100 ms.
        assert_eq!(sim.rabbit.queue("all").unwrap().ready, 4 * tick);
    }
    let msgs = sim.rabbit.messages("all");
    assert_eq!(msgs[0].body_text(), "event-0");
    assert_eq!(msgs[0].routing_key, "sport.football.goal");
    assert_eq!(msgs[1].routing_key, "sport.hockey.goal");
    assert_eq!(msgs[39].body_text(), "event-39");
    assert!(msgs[..4].iter().all(|m| m.published_at == 100));
    assert_eq!(sim.rabbit.stream().unwrap().sent, 40);
    assert!(sim.rabbit.audit().holds());
    // A fraction of a message a tick is carried: 5 a second is one every other tick.
    rabbit(&mut sim, Command::StartStream(spec(ch, 5))).unwrap();
    sim.apply(Action::Tick(4)).unwrap();
    assert_eq!(sim.rabbit.queue("all").unwrap().ready, 42);
    rabbit(&mut sim, Command::StopStream).unwrap();
    sim.apply(Action::Tick(5)).unwrap();
    assert_eq!(sim.rabbit.queue("all").unwrap().ready, 42);
    assert!(sim.rabbit.stream().is_none());
    // Numbering goes on over a new start: bodies stay unique.
    rabbit(&mut sim, Command::StartStream(spec(ch, 10))).unwrap();
    sim.apply(Action::Tick(1)).unwrap();
    assert_eq!(sim.rabbit.messages("all")[42].body_text(), "event-42");
}

#[test]
fn an_advance_spreads_the_stream_over_its_ticks() {
    let (mut sim, ch) = scene();
    rabbit(&mut sim, Command::StartStream(spec(ch, 10))).unwrap();
    rabbit(&mut sim, Command::Advance { ms: 1_000 }).unwrap();
    let at: Vec<u64> = sim
        .rabbit
        .messages("all")
        .iter()
        .map(|m| m.published_at)
        .collect();
    assert_eq!(at, (1..=10).map(|t| t * 100).collect::<Vec<_>>());
}

#[test]
fn a_refused_publish_closes_the_channel_and_stops_the_stream() {
    let (mut sim, ch) = scene();
    rabbit(&mut sim, Command::StartStream(spec(ch, 10))).unwrap();
    sim.apply(Action::Tick(1)).unwrap();
    rabbit(
        &mut sim,
        Command::DeleteExchange {
            name: "sport".into(),
            if_unused: false,
        },
    )
    .unwrap();
    let ev: Vec<_> = sim
        .apply(Action::Tick(1))
        .unwrap()
        .into_iter()
        .filter_map(|e| match e {
            engine::sim::SimEvent::Rabbit(e) => Some(e),
            _ => None,
        })
        .collect();
    // basic.publish to a missing exchange is a channel error, 404 (`rabbit_channel`,
    // `check_exchange/2` via `rabbit_exchange:lookup_or_die/1`): the channel closes.
    assert!(ev.contains(&Event::ChannelClosed {
        channel: ch,
        cause: CloseCause::Error(ReplyCode::NotFound),
    }));
    assert!(ev.contains(&Event::StreamStopped {
        reason: StreamStop::Refused
    }));
    assert!(sim.rabbit.stream().is_none());
    assert_eq!(
        sim.rabbit.stream_error(),
        Some(&Error::ExchangeNotFound {
            name: "sport".into()
        })
    );
    assert!(sim.rabbit.channels().is_empty());
    assert!(sim.rabbit.audit().holds());
}

#[test]
fn a_closed_channel_stops_the_stream_and_a_bad_start_changes_nothing() {
    let (mut sim, ch) = scene();
    let before = sim.rabbit.digest();
    assert_eq!(
        rabbit(&mut sim, Command::StartStream(spec(ch, 2_001))),
        Err(SimError::Rabbit(Error::LimitExceeded {
            what: engine::rabbit::Limit::StreamRate,
            limit: 2_000
        }))
    );
    assert!(matches!(
        rabbit(&mut sim, Command::StartStream(spec(ChannelId(99), 1))),
        Err(SimError::Rabbit(Error::ChannelNotOpen { .. }))
    ));
    assert_eq!(sim.rabbit.digest(), before);
    rabbit(&mut sim, Command::StartStream(spec(ch, 10))).unwrap();
    rabbit(
        &mut sim,
        Command::CloseChannel {
            channel: ch,
            cause: CloseCause::Client,
        },
    )
    .unwrap();
    let ev = sim.apply(Action::Tick(1)).unwrap();
    assert!(
        ev.contains(&engine::sim::SimEvent::Rabbit(Event::StreamStopped {
            reason: StreamStop::ChannelClosed
        }))
    );
    assert_eq!(sim.rabbit.queue("all").unwrap().ready, 0);
    assert_eq!(sim.rabbit.stream_error(), None);
}

#[test]
fn a_long_stream_is_one_input_per_tick_and_replays_exactly() {
    let (sim, ch) = scene();
    let mut t = Timeline::new(sim, 16);
    t.apply(Action::Rabbit(Command::StartStream(spec(ch, 200))))
        .unwrap();
    for _ in 0..300 {
        t.tick();
    }
    assert_eq!(t.len(), 301);
    assert_eq!(t.state().rabbit.queue("all").unwrap().ready, 6_000);
    let end = t.state().rabbit.digest();
    t.seek(150);
    assert_eq!(t.state().rabbit.queue("all").unwrap().ready, 20 * 149);
    t.seek(t.len());
    assert_eq!(t.state().rabbit.digest(), end);
    // A fresh scene replaying the logged inputs (what a share link carries: its commands,
    // serialized, and the ticks between them) ends the same.
    let inputs = t.inputs().to_vec();
    limits::check_session(&inputs).unwrap();
    let commands: Vec<Action> = inputs
        .iter()
        .filter_map(|i| match i {
            Input::Command(a) => Some(a.clone()),
            Input::Tick => None,
        })
        .collect();
    assert_eq!(commands.len(), 1);
    let bytes = postcard::to_allocvec(&commands).unwrap();
    assert!(bytes.len() < 80, "{} bytes", bytes.len());
    let back: Vec<Action> = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back, commands);
    let (mut replay, _) = scene();
    for i in inputs {
        match i {
            Input::Command(a) => {
                replay.apply(a).unwrap();
            }
            Input::Tick => {
                replay.tick();
            }
        }
    }
    assert_eq!(replay.rabbit.digest(), end);
}

#[test]
fn the_rabbitmq_stream_is_held_to_the_session_limits() {
    let (sim, ch) = scene();
    let start = Input::Command(Action::Rabbit(Command::StartStream(spec(ch, 2_000))));
    // 2,000 a second for 60 s is 120,000 messages, over the session's 100,000.
    let mut session = vec![start.clone()];
    session.extend(std::iter::repeat_n(Input::Tick, 600));
    assert_eq!(
        limits::check_session(&session).map_err(|e| e.limit),
        Err(Limit::StreamRecords)
    );
    session.truncate(400);
    assert_eq!(limits::check_session(&session), Ok(()));
    // Both brokers' streams count together.
    let kafka = Input::Command(Action::Kafka(engine::kafka::Command::StartStream {
        spec: engine::kafka::StreamSpec {
            topic: "t".into(),
            rate: 1_000,
            keys: engine::kafka::KeyStrategy::MatchId,
            consume: false,
        },
    }));
    session.insert(0, kafka);
    assert_eq!(
        limits::check_session(&session).map_err(|e| e.limit),
        Err(Limit::StreamRecords)
    );
    // One action: an advance of 60 s with the stream running is refused before it runs.
    let mut sim = sim;
    rabbit(&mut sim, Command::StartStream(spec(ch, 2_000))).unwrap();
    let before = sim.rabbit.digest();
    assert_eq!(
        sim.apply(Action::Rabbit(Command::Advance { ms: 60_000 })),
        Err(SimError::OverLimit(OverLimit {
            limit: Limit::StreamRecords,
            max: limits::MAX_STREAM_RECORDS
        }))
    );
    assert_eq!(sim.rabbit.digest(), before);
}

#[test]
fn the_broker_bounds_an_advance_of_its_own_stream() {
    let mut b = Broker::new(1);
    b.apply(Command::DeclareQueue(QueueSpec::new("q"))).unwrap();
    let ch = b.open_channel().unwrap();
    let mut s = spec(ch, 2_000);
    s.exchange = String::new();
    s.key = "q".into();
    b.apply(Command::StartStream(s)).unwrap();
    assert_eq!(
        b.apply(Command::Advance { ms: 60_000 }),
        Err(Error::LimitExceeded {
            what: engine::rabbit::Limit::StreamMessages,
            limit: engine::rabbit::limits::MAX_STREAM_MESSAGES_PER_COMMAND
        })
    );
    b.apply(Command::Advance { ms: 1_000 }).unwrap();
    assert_eq!(b.queue("q").unwrap().ready, 2_000);
}
