//! Definitions import/export: a real RabbitMQ export imports, ours round-trips, and malformed or
//! partly unsupported files get a precise report, never a panic.

#[path = "rabbit_support.rs"]
mod support;
use engine::rabbit::definitions::{Item, SkipReason};
use proptest::prelude::*;
use support::*;

/// The shape `rabbitmqctl export_definitions` writes (3.10), trimmed.
const REAL_EXPORT: &str = r#"{"rabbit_version":"3.10.8","rabbitmq_version":"3.10.8","product_name":"RabbitMQ","product_version":"3.10.8",
"users":[{"name":"guest","password_hash":"x","hashing_algorithm":"rabbit_password_hashing_sha256","tags":["administrator"],"limits":{}}],
"vhosts":[{"name":"/"}],"permissions":[{"user":"guest","vhost":"/","configure":".*","write":".*","read":".*"}],
"topic_permissions":[],"parameters":[],"global_parameters":[{"name":"internal_cluster_id","value":"rabbitmq-cluster-id-x"}],
"policies":[{"vhost":"/","name":"ttl","pattern":"^orders$","apply-to":"queues","definition":{"message-ttl":1000},"priority":0}],
"queues":[{"name":"orders","vhost":"/","durable":true,"auto_delete":false,"arguments":{"x-queue-type":"classic","x-dead-letter-exchange":"dlx","x-max-priority":5}},
 {"name":"payments","vhost":"/","durable":true,"auto_delete":false,"arguments":{"x-queue-type":"quorum","x-delivery-limit":3}},
 {"name":"orders.dlq","vhost":"/","durable":true,"auto_delete":false,"arguments":{}},
 {"name":"bad","vhost":"/","durable":true,"auto_delete":false,"arguments":{"x-message-ttl":"soon"}},
 {"name":"elsewhere","vhost":"staging","durable":true,"auto_delete":false,"arguments":{}}],
"exchanges":[{"name":"shop","vhost":"/","type":"topic","durable":true,"auto_delete":false,"internal":false,"arguments":{"alternate-exchange":"unrouted"}},
 {"name":"unrouted","vhost":"/","type":"fanout","durable":true,"auto_delete":false,"internal":false,"arguments":{}},
 {"name":"dlx","vhost":"/","type":"direct","durable":true,"auto_delete":false,"internal":false,"arguments":{}},
 {"name":"delayed","vhost":"/","type":"x-delayed-message","durable":true,"auto_delete":false,"internal":false,"arguments":{"x-delayed-type":"direct"}}],
"bindings":[{"source":"shop","vhost":"/","destination":"orders","destination_type":"queue","routing_key":"order.*","arguments":{}},
 {"source":"shop","vhost":"/","destination":"payments","destination_type":"queue","routing_key":"payment.#","arguments":{}},
 {"source":"dlx","vhost":"/","destination":"orders.dlq","destination_type":"queue","routing_key":"order.created","arguments":{}},
 {"source":"shop","vhost":"/","destination":"dlx","destination_type":"exchange","routing_key":"audit","arguments":{}},
 {"source":"shop","vhost":"/","destination":"ghost","destination_type":"queue","routing_key":"x","arguments":{}}]}"#;

#[test]
fn a_real_export_imports_with_a_precise_report() {
    let mut b = Broker::new(0);
    let r = b.import_definitions(REAL_EXPORT);
    assert_eq!(r.vhost.as_deref(), Some("/"));
    assert_eq!((r.exchanges, r.queues, r.bindings), (3, 3, 4));
    let reasons: Vec<(Item, SkipReason)> = r
        .skipped
        .iter()
        .map(|s| (s.item.clone(), s.reason.clone()))
        .collect();
    assert!(reasons.contains(&(Item::Section("users".into()), SkipReason::NotModelled)));
    assert!(reasons.contains(&(Item::Section("policies".into()), SkipReason::NotModelled)));
    assert!(reasons.iter().any(
        |(i, r)| matches!(i, Item::Exchange { name: Some(n), .. } if n == "delayed")
            && *r == SkipReason::UnsupportedExchangeType("x-delayed-message".into())
    ));
    assert!(reasons.iter().any(
        |(i, r)| matches!(i, Item::Queue { name: Some(n), .. } if n == "bad")
            && matches!(r, SkipReason::Refused(Error::InvalidArgument { .. }))
    ));
    assert!(
        reasons
            .iter()
            .any(|(_, r)| *r == SkipReason::OtherVhost("staging".into()))
    );
    assert!(reasons.iter().any(
        |(i, r)| matches!(i, Item::Binding { destination: Some(d), .. } if d == "ghost")
            && matches!(r, SkipReason::Refused(Error::QueueNotFound { .. }))
    ));
    assert_eq!(r.skipped.len(), 7);
    // The imported topology works.
    let ch = b.open_channel().unwrap();
    publish(&mut b, ch, "shop", "order.created", "o1");
    publish(&mut b, ch, "shop", "nothing", "lost");
    assert_eq!(bodies(&b, "orders"), vec!["o1"]);
    assert_eq!(b.queue("orders").unwrap().args.max_priority, Some(5));
    assert_eq!(
        b.queue("payments").unwrap().args.queue_type,
        QueueType::Quorum
    );
}

#[test]
fn export_round_trips() {
    let mut b = Broker::new(0);
    b.import_definitions(REAL_EXPORT);
    let text = b.export_definitions();
    let mut c = Broker::new(0);
    let r = c.import_definitions(&text);
    assert!(r.complete(), "{:?}", r.skipped);
    assert_eq!(b.exchanges(), c.exchanges());
    assert_eq!(
        b.queues()
            .iter()
            .map(|q| (&q.name, &q.arguments, q.durable))
            .collect::<Vec<_>>(),
        c.queues()
            .iter()
            .map(|q| (&q.name, &q.arguments, q.durable))
            .collect::<Vec<_>>()
    );
    assert_eq!(c.export_definitions(), text);
}

#[test]
fn malformed_files_are_reported() {
    let mut b = Broker::new(0);
    for bad in [
        "",
        "{",
        "[]",
        "null",
        r#"{"queues": 5}"#,
        r#"{"queues": [1, {"durable": true}, {"name": 3}]}"#,
        r#"{"bindings":[{"source":"a","destination":"b","destination_type":"stream"}]}"#,
        r#"{"weird": 1}"#,
    ] {
        let before = b.digest();
        let r = b.import_definitions(bad);
        assert!(!r.complete(), "{bad}");
        assert_eq!(before, b.digest(), "{bad}");
    }
    let r = b.import_definitions(r#"{"queues": [1, {"durable": true}, {"name": 3}]}"#);
    let reasons: Vec<_> = r.skipped.iter().map(|s| s.reason.clone()).collect();
    assert_eq!(
        reasons,
        vec![
            SkipReason::WrongShape,
            SkipReason::MissingField("name".into()),
            SkipReason::WrongType("name".into())
        ]
    );
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let mut b = Broker::new(0);
        let _ = b.import_definitions(&s);
        prop_assert!(b.audit().holds());
    }

    #[test]
    fn mutated_exports_never_panic(cut in 0usize..3000, insert in "[\\[\\]{}\",:0-9a-z ]{0,4}") {
        let mut text = REAL_EXPORT.to_string();
        let at = cut.min(text.len());
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        text.insert_str(at, &insert);
        let mut b = Broker::new(0);
        let _ = b.import_definitions(&text);
        prop_assert!(b.audit().holds());
    }
}
