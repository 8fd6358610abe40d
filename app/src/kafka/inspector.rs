//! The inspector ("why?"): what the engine recorded about the selected record, partition,
//! broker or consumer, and why, in words.

use super::explain::{self, partition_reason};
use super::text as tx;
use super::{Ctx, Sel};
use engine::kafka::{Event, PartitionReason, murmur2, to_positive};
use leptos::prelude::*;
use lessons::Lang;

fn pick(lang: Lang, ko: String, en: String) -> String {
    if lang == Lang::Ko { ko } else { en }
}

/// One inspector entry: a term and what it says.
type Lines = Vec<(String, String)>;

fn record_lines(ctx: Ctx, topic: &str, p: u32, offset: u64, lang: Lang) -> Option<(String, Lines)> {
    let (rec, part) = ctx.stage.with(|sim| {
        let pv = sim.kafka.partition(topic, p)?;
        let r = pv.get(offset)?;
        let part = (
            pv.replica_state.clone(),
            pv.high_watermark,
            pv.leader,
            pv.isr.to_vec(),
            sim.kafka.topic(topic).map_or(0, |t| t.partitions),
        );
        Some((
            (
                r.id,
                r.key.map(<[u8]>::to_vec),
                r.value.map(explain::text),
                r.headers()
                    .map(|(k, v)| format!("{k}={}", v.map(explain::text).unwrap_or_default()))
                    .collect::<Vec<_>>(),
                r.timestamp,
            ),
            part,
        ))
    })?;
    let (id, key, value, headers, ts) = rec;
    let (replicas, hw, _leader, _isr, partitions) = part;
    let mut lines: Lines = Vec::new();
    let key_s = key.as_deref().map(explain::text);
    lines.push((
        tx::KEY.get(lang).into(),
        key_s.clone().unwrap_or_else(|| tx::NO_KEY.get(lang).into()),
    ));
    lines.push((
        tx::VALUE.get(lang).into(),
        value.unwrap_or_else(|| "∅ (tombstone)".into()),
    ));
    if !headers.is_empty() {
        lines.push((tx::HEADERS.get(lang).into(), headers.join(", ")));
    }
    lines.push((tx::TIMESTAMP.get(lang).into(), format!("{ts} ms")));
    // why this partition
    let why = ctx.why.with(|w| w.partitioned.get(&id).cloned());
    let reason = match why {
        Some((producer, reason)) => {
            let from = pick(
                lang,
                format!("프로듀서 {producer}: "),
                format!("producer {producer}: "),
            );
            format!(
                "{from}{}",
                partition_reason(&reason, key.as_deref(), p, lang)
            )
        }
        None => match &key {
            Some(k) => {
                let m = murmur2(k);
                let r = PartitionReason::KeyHash {
                    murmur2: m,
                    partitions,
                };
                let again = pick(lang, "(다시 계산) ".into(), "(recomputed) ".into());
                let mut s = format!("{again}{}", partition_reason(&r, Some(k), p, lang));
                if to_positive(m) % partitions.max(1) != p {
                    s.push_str(&pick(
                        lang,
                        " 지금 계산과 다른 파티션에 있습니다: 파티션 수가 바뀌었거나, 지정 파티션/커스텀 파티셔너로 보냈습니다.".into(),
                        " It sits elsewhere than this computes: the partition count changed, or it was sent with an explicit partition or a custom partitioner.".into(),
                    ));
                }
                s
            }
            None => pick(
                lang,
                "키가 없습니다: 키 없는 레코드는 sticky나 라운드 로빈으로 흩어집니다.".into(),
                "No key: keyless records are spread (sticky or round-robin).".into(),
            ),
        },
    };
    lines.push((tx::WHY_HERE.get(lang).into(), reason));
    // batch
    let batch = ctx.why.with(|w| {
        w.batches
            .range(..=(topic.to_string(), p, offset))
            .next_back()
            .filter(|((t, q, _), _)| t == topic && *q == p)
            .map(|(_, e)| e.clone())
    });
    if let Some(Event::BatchSent {
        records,
        bytes,
        compressed_bytes,
        compression,
        trigger,
        ..
    }) = batch
    {
        let lang_s = explain::sent(
            trigger,
            records,
            bytes,
            compressed_bytes,
            compression.name(),
            lang,
        );
        lines.push((pick(lang, "배치".into(), "Batch".into()), lang_s));
    }
    // replication and visibility
    let reps: Vec<String> = replicas
        .iter()
        .map(|r| {
            let has = r.log_end_offset > offset;
            let role = if r.leader {
                tx::LEADER.get(lang)
            } else {
                tx::FOLLOWER.get(lang)
            };
            let mark = if has { "✓" } else { "…" };
            format!("B{} ({role}) {mark}", r.broker)
        })
        .collect();
    let vis = if offset < hw {
        tx::VISIBLE.get(lang)
    } else {
        tx::NOT_VISIBLE.get(lang)
    };
    lines.push((
        tx::REPLICATED_TO.get(lang).into(),
        format!("{}. {vis}", reps.join(", ")),
    ));
    // the ack
    let ack = ctx.why.with(|w| {
        w.acked
            .range((topic.to_string(), p, offset)..)
            .next()
            .filter(|((t, q, _), _)| t == topic && *q == p)
            .map(|(_, e)| e.clone())
    });
    let ack_s = match ack {
        Some(Event::Acked {
            offset: first,
            acks,
            isr,
            high_watermark,
            producer,
            ..
        }) if first <= offset => {
            let a = match acks {
                engine::kafka::Acks::None => "0",
                engine::kafka::Acks::Leader => "1",
                engine::kafka::Acks::All => "all",
            };
            let isr: Vec<String> = isr.iter().map(u32::to_string).collect();
            pick(
                lang,
                format!(
                    "프로듀서 {producer}가 acks={a}로 응답을 받았을 때 ISR은 [{}], 하이 워터마크는 {high_watermark}였습니다.",
                    isr.join(", ")
                ),
                format!(
                    "Producer {producer} got its ack with acks={a} when the ISR was [{}] and the high watermark {high_watermark}.",
                    isr.join(", ")
                ),
            )
        }
        _ => tx::NOT_ACKED.get(lang).into(),
    };
    lines.push((tx::ACK_INFO.get(lang).into(), ack_s));
    let title = format!("{topic}-{p} · {} {offset}", tx::OFFSET.get(lang));
    Some((title, lines))
}

fn partition_lines(ctx: Ctx, topic: &str, p: u32, lang: Lang) -> Option<(String, Lines)> {
    let pm = ctx.model.with(|m| m.part(topic, p).cloned())?;
    let mut lines: Lines = Vec::new();
    let leader = pm
        .leader
        .map_or_else(|| tx::NO_LEADER.get(lang).to_string(), |l| format!("B{l}"));
    lines.push((
        tx::LEADER.get(lang).into(),
        format!("{leader} · {} {}", tx::EPOCH.get(lang), pm.epoch),
    ));
    let reps: Vec<String> = pm
        .replicas
        .iter()
        .map(|r| format!("B{} (LEO {})", r.broker, r.log_end_offset))
        .collect();
    lines.push((tx::REPLICAS.get(lang).into(), reps.join(", ")));
    let isr: Vec<String> = pm.isr.iter().map(|b| format!("B{b}")).collect();
    lines.push((
        tx::ISR.get(lang).into(),
        pick(
            lang,
            format!("[{}]: 리더를 따라잡은 레플리카들. 리더가 죽으면 이 중에서 새 리더를 뽑습니다.", isr.join(", ")),
            format!("[{}]: the replicas caught up with the leader; a new leader is chosen among them if it fails.", isr.join(", ")),
        ),
    ));
    lines.push((
        pick(lang, "offset".into(), "Offsets".into()),
        pick(
            lang,
            format!(
                "로그 시작 offset {}: 보존 정책이 지우고 남은 가장 오래된 레코드. 하이 워터마크 {}: ISR 모두가 가진 지점, 컨슈머는 여기 전까지만 읽습니다. LEO {}: 리더 로그에서 다음에 쓸 offset.",
                pm.lso, pm.hw, pm.leo
            ),
            format!(
                "log start offset {}: the oldest record retention kept. High watermark {}: every ISR member has up to here; consumers read only below it. LEO {}: the next offset the leader will write.",
                pm.lso, pm.hw, pm.leo
            ),
        ),
    ));
    if pm.lost > 0 {
        lines.push((
            pick(lang, "잃은 레코드".into(), "Lost records".into()),
            pm.lost.to_string(),
        ));
    }
    let elec = ctx
        .why
        .with(|w| w.elections.get(&(topic.to_string(), p)).cloned());
    if let Some(Event::LeaderElected { leader, reason, .. }) = elec {
        lines.push((
            tx::LAST_ELECTION.get(lang).into(),
            explain::election(&reason, leader, lang),
        ));
    }
    let isr_e = ctx
        .why
        .with(|w| w.isr.get(&(topic.to_string(), p)).cloned());
    if let Some(e) = isr_e.and_then(|e| explain::event(&e, lang)) {
        lines.push((
            pick(lang, "마지막 ISR 변화".into(), "Last ISR change".into()),
            e,
        ));
    }
    let owners: Vec<String> = ctx.model.with(|m| {
        m.groups
            .iter()
            .filter_map(|g| {
                let l = g
                    .lag
                    .iter()
                    .find(|l| *l.topic == *topic && l.partition == p)?;
                Some(format!(
                    "{}: {} {}, {} {}, {} {}",
                    g.name,
                    tx::OWNER.get(lang),
                    l.owner.as_deref().unwrap_or("-"),
                    tx::COMMITTED.get(lang),
                    l.committed.map_or("-".into(), |c| c.to_string()),
                    tx::LAG.get(lang),
                    l.lag
                ))
            })
            .collect()
    });
    if !owners.is_empty() {
        lines.push((tx::GROUPS.get(lang).into(), owners.join(" · ")));
    }
    Some((format!("{} {p} · {topic}", tx::PARTITION.get(lang)), lines))
}

fn broker_lines(ctx: Ctx, id: u32, lang: Lang) -> Option<(String, Lines)> {
    let b = ctx
        .model
        .with(|m| m.brokers.iter().find(|b| b.id == id).cloned())?;
    let mut lines: Lines = Vec::new();
    let state = if !b.up {
        tx::DOWN.get(lang)
    } else if b.isolated {
        tx::ISOLATED.get(lang)
    } else {
        tx::UP.get(lang)
    };
    lines.push((pick(lang, "상태".into(), "State".into()), state.into()));
    if b.controller {
        lines.push((
            tx::CONTROLLER.get(lang).into(),
            pick(
                lang,
                "이 브로커가 컨트롤러입니다: 어떤 브로커가 어떤 파티션의 리더인지 메타데이터를 관리하고, 리더가 죽으면 ISR에서 새 리더를 뽑습니다.".into(),
                "This broker is the controller: it keeps the metadata of which broker leads which partition, and elects a new leader from the ISR when one fails.".into(),
            ),
        ));
    }
    let (leads, holds) = ctx.model.with(|m| {
        let mut leads = vec![];
        let mut holds = vec![];
        for t in &m.topics {
            for p in &t.parts {
                if p.leader == Some(id) {
                    leads.push(format!("{}-{}", t.name, p.p));
                } else if p.replicas.iter().any(|r| r.broker == id) {
                    holds.push(format!("{}-{}", t.name, p.p));
                }
            }
        }
        (leads, holds)
    });
    let short = |v: Vec<String>| {
        if v.len() > 16 {
            format!("{} … (+{})", v[..16].join(", "), v.len() - 16)
        } else if v.is_empty() {
            "-".into()
        } else {
            v.join(", ")
        }
    };
    lines.push((
        pick(lang, "리더인 파티션".into(), "Leads".into()),
        short(leads),
    ));
    lines.push((
        pick(lang, "팔로워인 파티션".into(), "Follows".into()),
        short(holds),
    ));
    if b.fetch_interval_ms > 1 {
        lines.push((
            tx::SLOW.get(lang).into(),
            pick(
                lang,
                format!("팔로워가 {} ms마다만 가져옵니다. replica.lag.time.max.ms가 지나도록 못 따라잡으면 ISR에서 빠집니다.", b.fetch_interval_ms),
                format!("Its followers fetch only every {} ms; not caught up for replica.lag.time.max.ms, they leave the ISR.", b.fetch_interval_ms),
            ),
        ));
    }
    Some((format!("{} {id}", tx::BROKER.get(lang)), lines))
}

fn member_lines(ctx: Ctx, group: &str, member: &str, lang: Lang) -> Option<(String, Lines)> {
    let g = ctx.model.with(|m| m.group(group).cloned())?;
    let m = g.members.iter().find(|m| *m.name == *member)?.clone();
    let mut lines: Lines = Vec::new();
    let assigned: Vec<String> = m
        .assignment
        .iter()
        .map(|(t, p, pos)| {
            let committed = g.lag.iter().find(|l| l.topic == *t && l.partition == *p);
            format!(
                "{t}-{p}: {} {}, {} {}, {} {}",
                tx::POSITION.get(lang),
                pos.map_or("-".into(), |o| o.to_string()),
                tx::COMMITTED.get(lang),
                committed
                    .and_then(|l| l.committed)
                    .map_or("-".into(), |c| c.to_string()),
                tx::LAG.get(lang),
                committed.map_or(0, |l| l.lag)
            )
        })
        .collect();
    lines.push((
        tx::ASSIGNED.get(lang).into(),
        if assigned.is_empty() {
            tx::IDLE.get(lang).into()
        } else {
            assigned.join(" · ")
        },
    ));
    lines.push((
        pick(lang, "설정".into(), "Configs".into()),
        format!(
            "group.id={group} partition.assignment.strategy={} enable.auto.commit={} auto.offset.reset={} max.poll.records={}{}",
            m.config.partition_assignment_strategy.iter().map(|s| s.name()).collect::<Vec<_>>().join(","),
            m.config.enable_auto_commit,
            match m.config.auto_offset_reset {
                engine::kafka::AutoOffsetReset::Earliest => "earliest",
                engine::kafka::AutoOffsetReset::Latest => "latest",
                engine::kafka::AutoOffsetReset::None => "none",
            },
            m.config.max_poll_records,
            m.group_instance_id.as_ref().map(|i| format!(" group.instance.id={i}")).unwrap_or_default()
        ),
    ));
    lines.push((
        pick(lang, "컨슈머 그룹 규칙".into(), "Group rule".into()),
        pick(
            lang,
            "그룹 안에서 한 파티션은 한 컨슈머만 읽습니다. 그래서 평소에는 이벤트 하나를 그룹 안의 한 컨슈머만 처리하지만, 커밋 전에 죽으면 넘겨받은 컨슈머가 다시 처리할 수 있습니다(at-least-once). 파티션보다 컨슈머가 많으면 남는 컨슈머는 쉽니다.".into(),
            "Within a group each partition is read by exactly one consumer, so normally one consumer of the group handles each event; one that dies before committing leaves it to be processed again (at-least-once). Consumers beyond the partition count sit idle.".into(),
        ),
    ));
    let reb = ctx.why.with(|w| w.rebalances.get(group).cloned());
    match reb {
        Some(Event::Rebalanced {
            generation,
            strategy,
            cooperative,
            reason,
            subscriptions,
            partitions_per_topic,
            assignment,
            revoked,
            ..
        }) => {
            let subs: Vec<String> = subscriptions
                .iter()
                .map(|(m, t)| format!("{m} → [{}]", t.join(", ")))
                .collect();
            let ppt: Vec<String> = partitions_per_topic
                .iter()
                .map(|(t, n)| format!("{t}: {n}"))
                .collect();
            let res: Vec<String> = assignment
                .iter()
                .map(|(m, tps)| {
                    format!(
                        "{m}: [{}]",
                        tps.iter()
                            .map(|tp| tp.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })
                .collect();
            let rev: usize = revoked.values().map(Vec::len).sum();
            lines.push((
                tx::LAST_REBALANCE.get(lang).into(),
                pick(
                    lang,
                    format!(
                        "세대 {generation}, 이유: {}. assignor `{}`{} 입력: 구독 {}; 토픽별 파티션 수 {}. 결과: {}. 회수된 파티션 {rev}개.",
                        explain::rebalance_reason(&reason, lang),
                        strategy.name(),
                        if cooperative { " (cooperative)" } else { "" },
                        subs.join("; "),
                        ppt.join(", "),
                        res.join("; ")
                    ),
                    format!(
                        "Generation {generation}, because {}. Assignor `{}`{} with inputs: subscriptions {}; partitions per topic {}. Result: {}. Revoked partitions: {rev}.",
                        explain::rebalance_reason(&reason, lang),
                        strategy.name(),
                        if cooperative { " (cooperative)" } else { "" },
                        subs.join("; "),
                        ppt.join(", "),
                        res.join("; ")
                    ),
                ),
            ));
        }
        _ => lines.push((
            tx::LAST_REBALANCE.get(lang).into(),
            tx::NO_REBALANCE_SEEN.get(lang).into(),
        )),
    }
    Some((format!("{member} · {group}"), lines))
}

#[component]
pub fn Inspector(ctx: Ctx) -> impl IntoView {
    let body = move || {
        let lang = ctx.lang.get();
        let content = match ctx.sel.get() {
            None => None,
            Some(Sel::Record {
                topic,
                partition,
                offset,
            }) => record_lines(ctx, &topic, partition, offset, lang),
            Some(Sel::Partition { topic, partition }) => {
                partition_lines(ctx, &topic, partition, lang)
            }
            Some(Sel::Broker(b)) => broker_lines(ctx, b, lang),
            Some(Sel::Member { group, member }) => member_lines(ctx, &group, &member, lang),
        };
        match content {
            None => view! { <p class="muted">{tx::PICK.get(lang)}</p> }.into_any(),
            Some((title, lines)) => view! {
                <h4 class="mono">{title}</h4>
                <dl>
                    {lines
                        .into_iter()
                        .map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> })
                        .collect_view()}
                </dl>
                <button type="button" on:click=move |_| ctx.sel.set(None)>{tx::CLOSE.get(lang)}</button>
            }
            .into_any(),
        }
    };
    view! {
        <aside class="k-inspector" aria-labelledby="k-insp-h">
            <h3 id="k-insp-h">{move || ctx.t(tx::INSPECTOR)}</h3>
            <div class="insp-body" >{body}</div>
        </aside>
    }
}
