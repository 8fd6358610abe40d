//! The equivalent real commands and configs for what is built in the sandbox, copyable:
//! `kafka-topics.sh --create …`, producer and consumer properties, and the CLI tools to watch.

use super::text as tx;
use super::{Ctx, Model};
use engine::kafka::{Acks, CustomPartitioner, KeylessMode, Strategy};
use leptos::prelude::*;

const BOOTSTRAP: &str = "--bootstrap-server localhost:9092";

fn assignor_class(s: Strategy) -> &'static str {
    match s {
        Strategy::Range => "org.apache.kafka.clients.consumer.RangeAssignor",
        Strategy::RoundRobin => "org.apache.kafka.clients.consumer.RoundRobinAssignor",
        Strategy::Sticky => "org.apache.kafka.clients.consumer.StickyAssignor",
        Strategy::CooperativeSticky => {
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"
        }
    }
}

/// The whole script for a model (`#` lines are comments, ready for a shell).
pub fn script(m: &Model, ko: bool) -> String {
    let c = |ko_s: &str, en_s: &str| {
        if ko {
            ko_s.to_string()
        } else {
            en_s.to_string()
        }
    };
    let mut out = Vec::new();
    out.push(c(
        "# 토픽 (브로커 하나가 localhost:9092에 있다고 가정)",
        "# Topics (assuming a broker at localhost:9092)",
    ));
    for t in &m.topics {
        let mut line = format!(
            "kafka-topics.sh {BOOTSTRAP} --create --topic {} --partitions {} --replication-factor {}",
            t.name,
            t.parts.len(),
            t.rf
        );
        for (k, v) in &t.configs {
            line.push_str(&format!(" --config {k}={v}"));
        }
        out.push(line);
        out.push(format!(
            "kafka-topics.sh {BOOTSTRAP} --describe --topic {}",
            t.name
        ));
    }
    for p in &m.producers {
        let cfg = &p.config;
        out.push(String::new());
        out.push(c(
            &format!("# 프로듀서 {} (producer.properties)", p.name),
            &format!("# Producer {} (producer.properties)", p.name),
        ));
        out.push("bootstrap.servers=localhost:9092".into());
        out.push(format!(
            "acks={}",
            match cfg.acks {
                Acks::None => "0",
                Acks::Leader => "1",
                Acks::All => "all",
            }
        ));
        out.push(format!("linger.ms={}", cfg.linger_ms));
        out.push(format!("batch.size={}", cfg.batch_size));
        out.push(format!("compression.type={}", cfg.compression_type.name()));
        out.push(format!("buffer.memory={}", cfg.buffer_memory));
        out.push(format!("max.request.size={}", cfg.max_request_size));
        out.push(format!("enable.idempotence={}", cfg.enable_idempotence));
        out.push(format!("delivery.timeout.ms={}", cfg.delivery_timeout_ms));
        match &cfg.partitioner {
            None => match cfg.keyless {
                KeylessMode::Sticky => out.push(c(
                    "# partitioner.class 없음: 기본 BuiltInPartitioner (키는 murmur2, 키 없으면 sticky)",
                    "# no partitioner.class: the built-in partitioner (murmur2 for keys, sticky when keyless)",
                )),
                KeylessMode::RoundRobin => {
                    out.push("partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner".into());
                    out.push(c(
                        "# 주의: RoundRobinPartitioner는 키가 있어도 라운드 로빈합니다. 샌드박스는 키 없는 레코드에만 적용합니다.",
                        "# note: RoundRobinPartitioner ignores keys too; the sandbox applies it to keyless records only",
                    ));
                }
            },
            Some(CustomPartitioner::ByHeader { header }) => {
                out.push("partitioner.class=com.example.HeaderPartitioner".into());
                out.push(format!("partitioner.header={header}"));
                out.push(c(
                    &format!("# 직접 구현: toPositive(murmur2(헤더 {header} 값)) % 파티션 수"),
                    &format!("# your own class: toPositive(murmur2(value of header {header})) % partitions"),
                ));
            }
            Some(CustomPartitioner::RandomSalt { salts }) => {
                out.push("partitioner.class=com.example.SaltingPartitioner".into());
                out.push(format!("partitioner.salts={salts}"));
                out.push(c(
                    &format!("# 직접 구현: 키#랜덤(0..{salts})을 murmur2로 해시"),
                    &format!("# your own class: murmur2 of key#random(0..{salts})"),
                ));
            }
            Some(CustomPartitioner::CompoundKey { header }) => {
                out.push("partitioner.class=com.example.CompoundKeyPartitioner".into());
                out.push(format!("partitioner.header={header}"));
                out.push(c(
                    &format!("# 직접 구현: murmur2(키|헤더 {header} 값)"),
                    &format!("# your own class: murmur2(key|value of header {header})"),
                ));
            }
        }
        if let Some(t) = m.topics.first() {
            out.push(format!(
                "kafka-console-producer.sh {BOOTSTRAP} --topic {} --property parse.key=true --property key.separator=: --producer.config producer.properties",
                t.name
            ));
        }
    }
    for g in &m.groups {
        out.push(String::new());
        out.push(c(
            &format!("# 컨슈머 그룹 {} (consumer.properties)", g.name),
            &format!("# Consumer group {} (consumer.properties)", g.name),
        ));
        out.push("bootstrap.servers=localhost:9092".into());
        out.push(format!("group.id={}", g.name));
        if let Some(mv) = g.members.first() {
            let cfg = &mv.config;
            let classes: Vec<&str> = cfg
                .partition_assignment_strategy
                .iter()
                .map(|s| assignor_class(*s))
                .collect();
            out.push(format!(
                "partition.assignment.strategy={}",
                classes.join(",")
            ));
            out.push(format!("enable.auto.commit={}", cfg.enable_auto_commit));
            out.push(format!(
                "auto.offset.reset={}",
                match cfg.auto_offset_reset {
                    engine::kafka::AutoOffsetReset::Earliest => "earliest",
                    engine::kafka::AutoOffsetReset::Latest => "latest",
                    engine::kafka::AutoOffsetReset::None => "none",
                }
            ));
            out.push(format!("max.poll.records={}", cfg.max_poll_records));
            out.push(format!("session.timeout.ms={}", cfg.session_timeout_ms));
        }
        for mv in &g.members {
            if let Some(i) = &mv.group_instance_id {
                out.push(c(
                    &format!("# {}: group.instance.id={i}", mv.name),
                    &format!("# {}: group.instance.id={i}", mv.name),
                ));
            }
        }
        let topics: Vec<String> = g
            .members
            .iter()
            .flat_map(|m| m.topics.iter().map(|t| t.to_string()))
            .collect();
        if let Some(t) = topics.first() {
            out.push(format!(
                "kafka-console-consumer.sh {BOOTSTRAP} --topic {t} --group {} --consumer.config consumer.properties --property print.key=true --property print.offset=true --property print.partition=true",
                g.name
            ));
        }
        out.push(format!(
            "kafka-consumer-groups.sh {BOOTSTRAP} --describe --group {}",
            g.name
        ));
        out.push(format!(
            "kafka-consumer-groups.sh {BOOTSTRAP} --group {} --reset-offsets --to-earliest --all-topics --execute",
            g.name
        ));
    }
    out.join("\n")
}

fn copy_to_clipboard(text: &str) -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    let nav: JsValue = window().navigator().into();
    let Ok(clip) = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard")) else {
        return false;
    };
    if clip.is_undefined() {
        return false;
    }
    let Ok(f) = js_sys::Reflect::get(&clip, &JsValue::from_str("writeText")) else {
        return false;
    };
    let Some(f) = f.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    f.call1(&clip, &JsValue::from_str(text)).is_ok()
}

#[component]
pub fn Commands(ctx: Ctx) -> impl IntoView {
    let text = Memo::new(move |_| {
        let ko = ctx.lang.get() == lessons::Lang::Ko;
        ctx.model.with(|m| script(m, ko))
    });
    let copied = RwSignal::new(false);
    view! {
            <textarea
                class="mono"
                readonly
                rows="12"
                spellcheck="false"
                aria-label=move || ctx.t(tx::COMMANDS_TEXT)
                prop:value=move || text.get()
            ></textarea>
            <div class="form-row">
                <button
                    type="button"
                    on:click=move |_| {
                        copied.set(copy_to_clipboard(&text.get_untracked()));
                    }
                >
                    {move || ctx.t(tx::COPY)}
                </button>
                <span role="status" class="small">{move || copied.get().then(|| ctx.t(tx::COPIED))}</span>
            </div>
    }
}
