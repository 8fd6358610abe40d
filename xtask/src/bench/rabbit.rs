//! The message broker pipeline of issue 4: a topic exchange with 50 bindings into 10 queues,
//! 4 consumers per queue (each on its own channel) with prefetch 10 and manual acks, 100-byte
//! messages. Every message is routed, every copy delivered and acked before the clock stops.

use super::{Better, Row};
use engine::rabbit::{
    BindSpec, Broker, ChannelId, Command, ConsumeSpec, Event, ExchangeKind, ExchangeSpec, Explain,
    PublishSpec, QueueSpec,
};
use std::sync::Arc;
use std::time::Instant;

const MESSAGES: u64 = 300_000;
const QUEUES: usize = 10;
const CONSUMERS_PER_QUEUE: usize = 4;
const PREFETCH: u16 = 10;

/// The 50 binding keys, five per queue: the queue's own region, plus narrower cross-cutting
/// interests mixing literal words, `*` and `#` (about 2.3 queues per message).
fn patterns(q: usize) -> [String; 5] {
    [
        format!("region{q}.#"),
        format!("*.kind{}.level{}", q % 5, q % 4),
        format!("region{}.*.level{}", (q + 5) % 10, (q + 1) % 4),
        format!("region{}.kind{}.*", (q + 2) % 10, (q + 2) % 5),
        format!("#.kind{}.level{}", (q + 3) % 5, (q + 2) % 4),
    ]
}

struct Pipeline {
    broker: Broker,
    publisher: ChannelId,
    keys: Vec<String>,
    body: Arc<[u8]>,
    acks: Vec<(ChannelId, u64)>,
}

impl Pipeline {
    fn new(explain: Explain) -> Pipeline {
        let mut b = Broker::new(1);
        b.set_explain(explain);
        let ok = |b: &mut Broker, c: Command| {
            b.apply(c).expect("bench setup");
        };
        ok(
            &mut b,
            Command::DeclareExchange(ExchangeSpec::new("events", ExchangeKind::Topic)),
        );
        for q in 0..QUEUES {
            let name = format!("q{q}");
            ok(&mut b, Command::DeclareQueue(QueueSpec::new(&name)));
            for p in patterns(q) {
                ok(&mut b, Command::Bind(BindSpec::queue("events", &name, &p)));
            }
            for _ in 0..CONSUMERS_PER_QUEUE {
                let ch = b.open_channel().expect("channel");
                ok(
                    &mut b,
                    Command::Qos {
                        channel: ch,
                        prefetch_count: PREFETCH,
                        global: false,
                    },
                );
                ok(&mut b, Command::Consume(ConsumeSpec::new(ch, &name)));
            }
        }
        let publisher = b.open_channel().expect("channel");
        let keys = (0..200)
            .map(|i| {
                format!(
                    "region{}.kind{}.level{}",
                    i % 10,
                    (i / 10) % 5,
                    (i / 50) % 4
                )
            })
            .collect();
        Pipeline {
            broker: b,
            publisher,
            keys,
            body: Arc::from(vec![b'x'; 100]),
            acks: Vec::new(),
        }
    }

    /// Publishes `n` messages; acks every delivery as it arrives. Returns copies delivered.
    fn run(&mut self, n: u64) -> u64 {
        let mut delivered = 0;
        for i in 0..n {
            let key = &self.keys[(i as usize * 7) % self.keys.len()];
            let p = PublishSpec::new(self.publisher, "events", key).shared_body(self.body.clone());
            let ev = self.broker.apply(Command::Publish(p)).expect("publish");
            collect(&ev, &mut self.acks);
            while let Some((channel, delivery_tag)) = self.acks.pop() {
                delivered += 1;
                let ev = self
                    .broker
                    .apply(Command::Ack {
                        channel,
                        delivery_tag,
                        multiple: false,
                    })
                    .expect("ack");
                collect(&ev, &mut self.acks);
            }
        }
        delivered
    }
}

fn collect(ev: &[Event], acks: &mut Vec<(ChannelId, u64)>) {
    for e in ev {
        if let Event::Delivered {
            channel,
            delivery_tag,
            ..
        } = e
        {
            acks.push((*channel, *delivery_tag));
        }
    }
}

fn measure_one(explain: Explain) -> (f64, f64) {
    let mut p = Pipeline::new(explain);
    p.run(10_000); // warm up
    let start = Instant::now();
    let copies = p.run(MESSAGES);
    let secs = start.elapsed().as_secs_f64();
    assert!(
        p.broker.audit().holds(),
        "the bench's broker must balance its books"
    );
    (MESSAGES as f64 / secs, copies as f64 / secs)
}

pub fn measure() -> Vec<Row> {
    let (full_msgs, full_copies) = measure_one(Explain::Full);
    let (lean_msgs, lean_copies) = measure_one(Explain::QueuesOnly);
    vec![
        Row {
            name: "rabbit: msgs routed+delivered+acked (explained)",
            value: full_msgs,
            unit: "msg/s",
            budget: Some((1_000_000.0, Better::Higher)),
        },
        Row {
            name: "rabbit: queue copies delivered+acked (explained)",
            value: full_copies,
            unit: "copy/s",
            budget: None,
        },
        Row {
            name: "rabbit: msgs routed+delivered+acked (queues only)",
            value: lean_msgs,
            unit: "msg/s",
            budget: None,
        },
        Row {
            name: "rabbit: queue copies delivered+acked (queues only)",
            value: lean_copies,
            unit: "copy/s",
            budget: None,
        },
    ]
}
