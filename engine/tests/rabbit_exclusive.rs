//! Exclusive queues belong to a connection, not a channel: a channel error closes only the
//! channel, and the queue lives until its connection closes. (Found missing by the
//! differential run against RabbitMQ 4.0.5 once it generated exclusive queues.)

#[path = "rabbit_support.rs"]
mod support;
use support::*;

fn on(b: &mut Broker, connection: ChannelId) -> ChannelId {
    let ev = ok(b, Command::OpenChannelOn { connection });
    match ev[..] {
        [Event::ChannelOpened { channel }] => channel,
        _ => panic!("{ev:?}"),
    }
}

/// `rabbit_amqqueue:check_exclusive_access/2`: an exclusive queue may be used from the
/// connection that declared it, from any of its channels; from another connection the use is
/// refused with 405 RESOURCE_LOCKED, a channel error that closes that channel.
#[test]
fn another_connection_is_refused_with_405_and_its_channel_closes() {
    let (mut b, main) = setup();
    queue(&mut b, QueueSpec::new("mine").exclusive(main));
    publish(&mut b, main, "", "mine", "m1");
    let sibling = on(&mut b, main);
    assert_eq!(b.channel_view(sibling).unwrap().connection, main);
    let got = ok(
        &mut b,
        Command::Get {
            channel: sibling,
            queue: "mine".into(),
            auto_ack: true,
        },
    );
    assert!(got.iter().any(|e| matches!(e, Event::Delivered { .. })));
    let other = b.open_channel().unwrap();
    let e = err(
        &mut b,
        Command::Get {
            channel: other,
            queue: "mine".into(),
            auto_ack: true,
        },
    );
    assert_eq!(
        e,
        Error::ExclusiveQueueLocked {
            name: "mine".into()
        }
    );
    assert_eq!(e.reply_code(), ReplyCode::ResourceLocked);
    assert!(
        b.channel_view(other).is_none(),
        "the 405 closed its channel"
    );
    assert!(b.queue("mine").is_some());
}

/// `rabbit_channel:handle_exception/2` closes the channel with `channel.close` (a soft error,
/// `rabbit_binary_generator:map_exception/3`); the connection, and so its exclusive queues,
/// stay. A client opens another channel on it and finds the queue and its messages; only
/// `connection.close` deletes it (the queue process monitors its owner,
/// `rabbit_amqqueue_process` `handle_info({'DOWN', ...})` for an exclusive owner).
#[test]
fn a_channel_error_keeps_the_exclusive_queue_until_the_connection_closes() {
    let (mut b, main) = setup();
    queue(&mut b, QueueSpec::new("mine").exclusive(main));
    publish(&mut b, main, "", "mine", "m1");
    publish(&mut b, main, "", "mine", "m2");
    ok(
        &mut b,
        Command::Get {
            channel: main,
            queue: "mine".into(),
            auto_ack: false,
        },
    );
    let ack = |channel| Command::Ack {
        channel,
        delivery_tag: 1,
        multiple: false,
    };
    ok(&mut b, ack(main));
    // The double ack: 406 PRECONDITION_FAILED closes the channel only.
    let e = err(&mut b, ack(main));
    assert_eq!(e.reply_code(), ReplyCode::PreconditionFailed);
    assert!(b.channels().is_empty());
    assert_eq!(ready(&b, "mine"), 1, "the queue is still there");
    let again = on(&mut b, main);
    assert_eq!(bodies(&b, "mine"), ["m2"]);
    ok(
        &mut b,
        Command::Get {
            channel: again,
            queue: "mine".into(),
            auto_ack: true,
        },
    );
    // Closing the connection deletes the queue with whatever it holds.
    publish(&mut b, again, "", "mine", "m3");
    let ev = ok(&mut b, Command::CloseConnection { connection: main });
    assert!(ev.contains(&Event::QueueDeleted {
        name: "mine".into(),
        cause: QueueDeleteCause::OwnerClosed,
        messages: 1,
    }));
    assert!(ev.contains(&Event::ChannelClosed {
        channel: again,
        cause: CloseCause::Client,
    }));
    assert!(b.queue("mine").is_none());
    assert!(matches!(
        b.apply(Command::OpenChannelOn { connection: main }),
        Err(Error::ChannelNotOpen { .. })
    ));
    assert!(matches!(
        b.apply(Command::CloseConnection { connection: main }),
        Err(Error::ChannelNotOpen { .. })
    ));
}

/// A crash takes the whole connection (every channel of it) and its exclusive queues; a
/// client's `channel.close` of one channel of several leaves the connection open.
#[test]
fn a_crash_closes_every_channel_of_the_connection() {
    let (mut b, main) = setup();
    let sibling = on(&mut b, main);
    queue(&mut b, QueueSpec::new("mine").exclusive(sibling));
    ok(
        &mut b,
        Command::CloseChannel {
            channel: main,
            cause: CloseCause::Client,
        },
    );
    assert!(b.queue("mine").is_some(), "the connection is still open");
    let third = on(&mut b, main);
    let ev = ok(
        &mut b,
        Command::CloseChannel {
            channel: sibling,
            cause: CloseCause::Crash,
        },
    );
    assert!(ev.contains(&Event::ChannelClosed {
        channel: third,
        cause: CloseCause::Crash,
    }));
    assert!(b.channels().is_empty());
    assert!(b.queue("mine").is_none());
}

/// A soft error on one channel (404 on a publish to a missing exchange) closes that channel
/// only: the connection's other channel and its exclusive queue stay (`rabbit_channel`
/// `handle_exception/2`, `channel.close`).
#[test]
fn a_soft_error_closes_only_its_channel() {
    let (mut b, main) = setup();
    let sibling = on(&mut b, main);
    queue(&mut b, QueueSpec::new("mine").exclusive(main));
    let e = err(
        &mut b,
        Command::Publish(PublishSpec::new(sibling, "nowhere", "k")),
    );
    assert_eq!(e.reply_code(), ReplyCode::NotFound);
    assert_eq!(
        b.last_refusal(),
        [Event::ChannelClosed {
            channel: sibling,
            cause: CloseCause::Error(ReplyCode::NotFound),
        }]
    );
    assert!(b.queue("mine").is_some());
    assert!(b.channel_view(main).is_some());
}
