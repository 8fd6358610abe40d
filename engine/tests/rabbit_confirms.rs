//! Publisher confirms, as RabbitMQ sends them and as the engine keeps them for a lesson to read.
//!
//! Sources: the RabbitMQ guide "Consumer Acknowledgements and Publisher Confirms"
//! (<https://www.rabbitmq.com/docs/confirms#publisher-confirms>): once `confirm.select` is used
//! on a channel, broker and client count its publishes from 1; the broker answers each with
//! `basic.ack` carrying that number as its delivery tag; an unroutable message is confirmed
//! once the exchange finds no queue (after its `basic.return` when `mandatory`); a routable one
//! once every queue it reached has taken it (persisted for a persistent message in a durable
//! queue, committed by a quorum for a quorum queue); `basic.nack` only when a queue could not
//! take it (`reject-publish` overflow, or an internal error). `rabbit_channel.erl`
//! (`handle_method(#'confirm.select'{})` starts `next_publish_seqno` at 1; `confirm/2` and
//! `send_confirms_and_nacks/1` send the answers) and `rabbit_confirms.erl` (what each queue
//! still owes before the ack goes out).
//!
//! The engine is one node with no disk or replication delay, so every answer goes out as the
//! publish is handled, each for its own publish (`multiple=false`).

#[path = "rabbit_support.rs"]
mod support;
use support::*;

/// The confirms of one publish's events: (delivery tag, ack).
fn confirms(ev: &[Event]) -> Vec<(u64, bool)> {
    ev.iter()
        .filter_map(|e| match e {
            Event::Confirmed { seq, ack, .. } => Some((*seq, *ack)),
            _ => None,
        })
        .collect()
}

fn receipts(b: &Broker, ch: ChannelId) -> Vec<(u64, bool, Option<String>)> {
    b.channel_view(ch)
        .expect("the channel is open")
        .recent_confirms
        .into_iter()
        .map(|r| {
            assert!(!r.multiple, "the engine confirms one publish at a time");
            (r.delivery_tag, r.ack, r.message_id)
        })
        .collect()
}

#[test]
fn a_channel_in_confirm_mode_numbers_its_publishes_from_one_and_each_is_acked() {
    let (mut b, a) = setup();
    let c = b.open_channel().unwrap();
    queue(&mut b, QueueSpec::new("orders"));
    // Before confirm.select a publish gets no number and no answer.
    let ev = publish(&mut b, a, "", "orders", "before");
    assert!(confirms(&ev).is_empty());
    assert!(ev.iter().any(|e| matches!(
        e,
        Event::Published {
            confirm_seq: None,
            ..
        }
    )));
    assert!(receipts(&b, a).is_empty());
    ok(&mut b, Command::ConfirmSelect { channel: a });
    ok(&mut b, Command::ConfirmSelect { channel: c });
    assert_eq!(b.channel_view(a).unwrap().next_publish_seq, 1);
    let mut got = Vec::new();
    for (ch, id) in [(a, "order-1"), (c, "order-9"), (a, "order-2")] {
        got.extend(confirms(&send(
            &mut b,
            PublishSpec::new(ch, "", "orders").body(id).message_id(id),
        )));
    }
    // Each channel counts on its own: a has 1 and 2, c has 1.
    assert_eq!(got, vec![(1, true), (1, true), (2, true)]);
    assert_eq!(
        receipts(&b, a),
        vec![
            (1, true, Some("order-1".into())),
            (2, true, Some("order-2".into()))
        ]
    );
    assert_eq!(receipts(&b, c), vec![(1, true, Some("order-9".into()))]);
    let v = b.channel_view(a).unwrap();
    assert_eq!(
        (v.next_publish_seq, v.confirm_acks, v.confirm_nacks),
        (3, 2, 0)
    );
}

#[test]
fn an_unroutable_message_is_acked_at_once_and_after_its_return_when_mandatory() {
    let (mut b, ch) = setup();
    ok(&mut b, Command::ConfirmSelect { channel: ch });
    let dropped = publish(&mut b, ch, "amq.direct", "nowhere", "x");
    assert!(
        dropped
            .iter()
            .any(|e| matches!(e, Event::DroppedUnroutable { .. }))
    );
    assert_eq!(confirms(&dropped), vec![(1, true)]);
    let returned = send(
        &mut b,
        PublishSpec::new(ch, "amq.direct", "nowhere")
            .body("y")
            .mandatory(),
    );
    let ret = returned
        .iter()
        .position(|e| matches!(e, Event::Returned { .. }))
        .expect("basic.return");
    let conf = returned
        .iter()
        .position(|e| matches!(e, Event::Confirmed { .. }))
        .expect("basic.ack");
    assert!(ret < conf, "the return comes before the ack");
    assert_eq!(confirms(&returned), vec![(2, true)]);
}

#[test]
fn a_queue_that_refuses_the_message_makes_the_answer_a_nack() {
    let (mut b, ch) = setup();
    ok(&mut b, Command::ConfirmSelect { channel: ch });
    queue(
        &mut b,
        QueueSpec::new("small")
            .max_length(1)
            .overflow("reject-publish"),
    );
    queue(&mut b, QueueSpec::new("big"));
    ok(
        &mut b,
        Command::DeclareExchange(ExchangeSpec::new("both", ExchangeKind::Fanout)),
    );
    bind(&mut b, "both", "small", "");
    bind(&mut b, "both", "big", "");
    assert_eq!(
        confirms(&publish(&mut b, ch, "both", "", "m1")),
        vec![(1, true)]
    );
    // `big` takes the second copy, `small` refuses it: one refusal is enough for a nack.
    assert_eq!(
        confirms(&publish(&mut b, ch, "both", "", "m2")),
        vec![(2, false)]
    );
    let v = b.channel_view(ch).unwrap();
    assert_eq!((v.confirm_acks, v.confirm_nacks), (1, 1));
}

#[test]
fn persistent_messages_in_durable_and_quorum_queues_are_acked() {
    let (mut b, ch) = setup();
    ok(&mut b, Command::ConfirmSelect { channel: ch });
    queue(&mut b, QueueSpec::new("durable").durable());
    queue(&mut b, QueueSpec::new("qq").quorum());
    for (i, q) in ["durable", "qq"].iter().enumerate() {
        let ev = send(&mut b, PublishSpec::new(ch, "", q).body("pay").persistent());
        assert_eq!(confirms(&ev), vec![(i as u64 + 1, true)], "{q}");
        assert_eq!(ready(&b, q), 1, "{q} has it before the confirm is read");
    }
}

#[test]
fn the_channel_keeps_its_latest_confirms_and_counts_them_all() {
    let (mut b, ch) = setup();
    ok(&mut b, Command::ConfirmSelect { channel: ch });
    queue(&mut b, QueueSpec::new("q"));
    let n = RECENT_CONFIRMS as u64 + 5;
    for i in 0..n {
        publish(&mut b, ch, "", "q", &format!("m{i}"));
    }
    let v = b.channel_view(ch).unwrap();
    assert_eq!(v.confirm_acks, n);
    assert_eq!(v.recent_confirms.len(), RECENT_CONFIRMS);
    assert_eq!(v.recent_confirms[0].delivery_tag, 6);
    assert_eq!(v.recent_confirms.last().unwrap().delivery_tag, n);
    // A refused publish (a channel exception) gets no number: the next one follows on.
    let before = b.channel_view(ch).unwrap().next_publish_seq;
    err(
        &mut b,
        Command::Publish(PublishSpec::new(ch, "missing", "k").body("x")),
    );
    assert!(b.channel_view(ch).is_none(), "404 closed the channel");
    assert_eq!(before, n + 1);
}
