//! Engine reasons and errors in words, in Korean and English: the live region's sentences, the
//! inline errors, and the inspector's "why".

use engine::kafka::{
    Acks, BrokerDownReason, CustomRule, ElectionReason, Error, Event, IsrShrinkReason, LeaveReason,
    Limit, LossReason, PartitionReason, ProduceError, RebalanceReason, SendTrigger, StreamStop,
    to_positive,
};
use engine::sim::SimError;
use lessons::Lang;

fn pick(lang: Lang, ko: String, en: String) -> String {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

/// Bytes as the learner typed them (lossy UTF-8).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn list(ids: &[u32]) -> String {
    let v: Vec<String> = ids.iter().map(u32::to_string).collect();
    format!("[{}]", v.join(", "))
}

fn acks_name(a: Acks) -> &'static str {
    match a {
        Acks::None => "0",
        Acks::Leader => "1",
        Acks::All => "all",
    }
}

/// A short sentence for the notable events (faults, elections, ISR changes, rebalances); `None`
/// for the steady flow of produce, replicate and poll events.
pub fn event(e: &Event, lang: Lang) -> Option<String> {
    use Event as E;
    Some(match e {
        E::ControllerElected {
            broker,
            epoch,
            previous: Some(prev),
        } => pick(
            lang,
            format!(
                "브로커 {prev} 대신 브로커 {broker}가 새 컨트롤러가 되었습니다 (에포크 {epoch})."
            ),
            format!(
                "Broker {broker} became the controller instead of broker {prev} (epoch {epoch})."
            ),
        ),
        E::TopicCreated {
            topic,
            partitions,
            replication_factor,
            ..
        } => pick(
            lang,
            format!(
                "토픽 {topic}을(를) 만들었습니다: 파티션 {partitions}개, 복제 계수 {replication_factor}."
            ),
            format!(
                "Created topic {topic}: {partitions} partitions, replication factor {replication_factor}."
            ),
        ),
        E::TopicDeleted {
            topic,
            records,
            buffered,
        } => pick(
            lang,
            format!(
                "토픽 {topic}을(를) 삭제했습니다. 저장돼 있던 레코드 {records}개와 프로듀서 버퍼에 남아 있던 {buffered}개가 함께 사라졌고, 구독하던 그룹은 리밸런스합니다."
            ),
            format!(
                "Deleted topic {topic}: its {records} stored records and {buffered} still buffered in producers are gone; groups subscribed to it rebalance."
            ),
        ),
        E::PartitionsAdded { topic, from, to } => pick(
            lang,
            format!(
                "토픽 {topic}의 파티션을 {from}개에서 {to}개로 늘렸습니다. 같은 키가 이제 다른 파티션으로 갈 수 있습니다."
            ),
            format!(
                "Topic {topic} grew from {from} to {to} partitions; a key may now map to a different partition."
            ),
        ),
        E::SendBlocked {
            producer,
            buffered_bytes,
            buffer_memory,
            ..
        } => pick(
            lang,
            format!(
                "프로듀서 {producer}의 버퍼가 가득 찼습니다 ({buffered_bytes}/{buffer_memory} 바이트, buffer.memory): 보내기가 막혔습니다 (백프레셔)."
            ),
            format!(
                "Producer {producer}'s buffer is full ({buffered_bytes}/{buffer_memory} bytes, buffer.memory): send blocked (back pressure)."
            ),
        ),
        E::ProduceFailed {
            topic,
            partition,
            records,
            error,
            will_retry,
            ..
        } => {
            let why = produce_error(error, lang);
            let retry = match (lang, will_retry) {
                (Lang::Ko, true) => " 다시 시도합니다.",
                (Lang::Ko, false) => " 포기합니다.",
                (Lang::En, true) => " It will retry.",
                (Lang::En, false) => " Given up.",
            };
            pick(
                lang,
                format!("{topic}-{partition}에 레코드 {records}개 보내기 실패: {why}{retry}"),
                format!("Sending {records} records to {topic}-{partition} failed: {why}{retry}"),
            )
        }
        E::BrokerSaturated { broker, .. } => pick(
            lang,
            format!("브로커 {broker}가 처리 한계에 도달했습니다. 배치가 프로듀서에서 기다립니다."),
            format!("Broker {broker} is at its append capacity; batches wait in the producers."),
        ),
        E::IsrShrunk {
            topic,
            partition,
            broker,
            isr,
            reason,
        } => pick(
            lang,
            format!(
                "{topic}-{partition}의 ISR에서 브로커 {broker}가 빠졌습니다 ({}): ISR {}.",
                isr_reason(reason, lang),
                list(isr)
            ),
            format!(
                "Broker {broker} left the ISR of {topic}-{partition} ({}): ISR {}.",
                isr_reason(reason, lang),
                list(isr)
            ),
        ),
        E::IsrExpanded {
            topic,
            partition,
            broker,
            isr,
        } => pick(
            lang,
            format!(
                "브로커 {broker}가 {topic}-{partition}을(를) 따라잡아 ISR에 돌아왔습니다: ISR {}.",
                list(isr)
            ),
            format!(
                "Broker {broker} caught up and rejoined the ISR of {topic}-{partition}: ISR {}.",
                list(isr)
            ),
        ),
        E::LeaderElected {
            topic,
            partition,
            leader,
            previous,
            reason,
            ..
        } => {
            if matches!(reason, ElectionReason::Initial) {
                return None;
            }
            let _ = previous;
            pick(
                lang,
                format!("{topic}-{partition}: {}", election(reason, *leader, lang)),
                format!("{topic}-{partition}: {}", election(reason, *leader, lang)),
            )
        }
        E::Truncated {
            topic,
            partition,
            broker,
            to_offset,
            records,
        } => pick(
            lang,
            format!(
                "브로커 {broker}가 {topic}-{partition}의 로그를 offset {to_offset}까지 잘라냈습니다 (레코드 {records}개, 새 리더에 없는 것)."
            ),
            format!(
                "Broker {broker} truncated {topic}-{partition} to offset {to_offset} ({records} records the new leader does not have)."
            ),
        ),
        E::RecordsLost {
            topic,
            partition,
            records,
            reason,
            ..
        } => pick(
            lang,
            format!(
                "{topic}-{partition}에서 레코드 {records}개를 잃었습니다: {}",
                loss(reason, lang)
            ),
            format!(
                "{records} records of {topic}-{partition} were lost: {}",
                loss(reason, lang)
            ),
        ),
        E::BrokerDown { broker, reason } => match reason {
            BrokerDownReason::Killed => pick(
                lang,
                format!("브로커 {broker}: 강제 종료되었습니다."),
                format!("Broker {broker} was killed."),
            ),
            BrokerDownReason::Isolated => pick(
                lang,
                format!(
                    "브로커 {broker}가 네트워크에서 격리되었습니다. 세션 타임아웃이 지나면 컨트롤러가 펜싱합니다."
                ),
                format!(
                    "Broker {broker} is cut off the network; the controller fences it after the session timeout."
                ),
            ),
        },
        E::BrokerFenced {
            broker,
            session_timeout_ms,
        } => pick(
            lang,
            format!(
                "컨트롤러가 {session_timeout_ms} ms 동안 소식이 없는 브로커 {broker}를 펜싱했습니다."
            ),
            format!(
                "The controller fenced broker {broker} after {session_timeout_ms} ms without a heartbeat."
            ),
        ),
        E::BrokerUp { broker } => pick(
            lang,
            format!("브로커 {broker}가 돌아왔습니다. 팔로워로서 따라잡기 시작합니다."),
            format!("Broker {broker} is back; its replicas start catching up as followers."),
        ),
        E::BrokerAdded { broker } => pick(
            lang,
            format!(
                "브로커 {broker}를 추가했습니다. 기존 파티션은 재할당 전까지 옮겨지지 않으니, 새로 만드는 토픽과 파티션부터 이 브로커에 배치됩니다."
            ),
            format!(
                "Added broker {broker}. Existing partitions stay where they are until reassigned; only new topics and partitions can be placed on it."
            ),
        ),
        E::ConsumerSlowed {
            group,
            member,
            max_poll_records,
        } => pick(
            lang,
            format!(
                "{group}의 컨슈머 {member}가 이제 poll 한 번에 최대 {max_poll_records}개만 가져옵니다 (max.poll.records). 프로듀서가 더 빠르면 lag이 쌓입니다."
            ),
            format!(
                "Consumer {member} of {group} now takes at most {max_poll_records} records per poll (max.poll.records); if producers are faster, lag grows."
            ),
        ),
        E::SlowFollower {
            broker,
            fetch_interval_ms,
        } => pick(
            lang,
            format!("브로커 {broker}의 팔로워가 이제 {fetch_interval_ms} ms마다 가져옵니다."),
            format!("Broker {broker}'s followers now fetch every {fetch_interval_ms} ms."),
        ),
        E::RecordsRemoved {
            topic,
            partition,
            records,
            log_start_offset,
            ..
        } => pick(
            lang,
            format!(
                "보존 정책이 {topic}-{partition}에서 레코드 {records}개를 지웠습니다. 로그 시작 offset은 {log_start_offset}."
            ),
            format!(
                "Retention removed {records} records of {topic}-{partition}; the log now starts at offset {log_start_offset}."
            ),
        ),
        E::MemberJoined { group, member, .. } => pick(
            lang,
            format!("컨슈머 {member}가 그룹 {group}에 들어왔습니다."),
            format!("Consumer {member} joined group {group}."),
        ),
        E::MemberLeft {
            group,
            member,
            reason,
        } => pick(
            lang,
            format!(
                "컨슈머 {member}가 그룹 {group}에서 나갔습니다 ({}).",
                leave_reason(reason, lang)
            ),
            format!(
                "Consumer {member} left group {group} ({}).",
                leave_reason(reason, lang)
            ),
        ),
        E::MemberCrashed { group, member } => pick(
            lang,
            format!(
                "그룹 {group}의 컨슈머 {member}가 크래시했습니다. session.timeout.ms가 지나야 그룹이 알아챕니다."
            ),
            format!(
                "Consumer {member} of group {group} crashed; the group notices after session.timeout.ms."
            ),
        ),
        E::Rebalanced {
            group,
            generation,
            strategy,
            assignment,
            reason,
            ..
        } => {
            let parts: Vec<String> = assignment
                .iter()
                .map(|(m, tps)| {
                    let v: Vec<String> = tps.iter().map(|tp| tp.to_string()).collect();
                    format!(
                        "{m}: {}",
                        if v.is_empty() {
                            "-".into()
                        } else {
                            v.join(", ")
                        }
                    )
                })
                .collect();
            pick(
                lang,
                format!(
                    "그룹 {group} 리밸런스 (세대 {generation}, {}, {}): {}.",
                    strategy.name(),
                    rebalance_reason(reason, lang),
                    parts.join("; ")
                ),
                format!(
                    "Group {group} rebalanced (generation {generation}, {}, {}): {}.",
                    strategy.name(),
                    rebalance_reason(reason, lang),
                    parts.join("; ")
                ),
            )
        }
        E::Seeked {
            member,
            topic,
            partition,
            offset,
            ..
        } => pick(
            lang,
            format!(
                "컨슈머 {member}가 {topic}-{partition}의 offset {offset}으로 이동했습니다 (다시 읽기)."
            ),
            format!("Consumer {member} moved to offset {offset} of {topic}-{partition} (replay)."),
        ),
        E::StreamStarted { topic, rate, .. } => pick(
            lang,
            format!("스트림이 {topic}에 초당 {rate}건씩 보내기 시작했습니다."),
            format!("The stream started sending {rate} records a second to {topic}."),
        ),
        E::StreamStopped { topic, reason } => match reason {
            StreamStop::Stopped => pick(
                lang,
                format!("{topic}로 가던 스트림을 멈췄습니다."),
                format!("The stream to {topic} stopped."),
            ),
            StreamStop::TopicDeleted => pick(
                lang,
                format!("토픽 {topic}이(가) 삭제되어 스트림이 멈췄습니다."),
                format!("The stream stopped: topic {topic} was deleted."),
            ),
            StreamStop::Refused(e) => pick(
                lang,
                format!(
                    "프로듀서가 레코드를 거부해 스트림이 멈췄습니다: {}",
                    error(e, lang)
                ),
                format!(
                    "The stream stopped: the producer refused a record: {}",
                    error(e, lang)
                ),
            ),
        },
        _ => return None,
    })
}

/// Why a produce request failed, in words.
pub fn produce_error(e: &ProduceError, lang: Lang) -> String {
    match e {
        ProduceError::NotEnoughReplicas {
            isr,
            min_insync_replicas,
        } => pick(
            lang,
            format!(
                "NOT_ENOUGH_REPLICAS: acks=all인데 ISR {}이(가) min.insync.replicas={min_insync_replicas}보다 작습니다.",
                list(isr)
            ),
            format!(
                "NOT_ENOUGH_REPLICAS: acks=all and ISR {} is smaller than min.insync.replicas={min_insync_replicas}.",
                list(isr)
            ),
        ),
        ProduceError::NotLeaderOrFollower { new_leader } => pick(
            lang,
            format!(
                "NOT_LEADER_OR_FOLLOWER: 리더가 바뀌었습니다 (새 리더: {}).",
                opt(*new_leader, lang)
            ),
            format!(
                "NOT_LEADER_OR_FOLLOWER: the leader changed (new leader: {}).",
                opt(*new_leader, lang)
            ),
        ),
        ProduceError::MessageTooLarge {
            batch_bytes,
            max_message_bytes,
        } => pick(
            lang,
            format!(
                "MESSAGE_TOO_LARGE: 브로커가 {batch_bytes}바이트짜리 배치를 거절했습니다. 토픽의 max.message.bytes({max_message_bytes}바이트)보다 큽니다. 프로듀서는 RecordTooLargeException으로 실패 처리하고, 로그에는 아무것도 남지 않습니다."
            ),
            format!(
                "MESSAGE_TOO_LARGE: the broker refused a batch of {batch_bytes} bytes, over the topic's max.message.bytes ({max_message_bytes} bytes). The producer fails it with RecordTooLargeException; nothing is stored."
            ),
        ),
        ProduceError::DeliveryTimeout {
            waited_ms,
            delivery_timeout_ms,
        } => pick(
            lang,
            format!(
                "delivery.timeout.ms({delivery_timeout_ms} ms)가 지났습니다 ({waited_ms} ms 기다림)."
            ),
            format!(
                "delivery.timeout.ms ({delivery_timeout_ms} ms) passed after waiting {waited_ms} ms."
            ),
        ),
    }
}

fn opt(b: Option<u32>, lang: Lang) -> String {
    match b {
        Some(b) => b.to_string(),
        None => pick(lang, "없음".into(), "none".into()),
    }
}

pub fn isr_reason(r: &IsrShrinkReason, lang: Lang) -> String {
    match r {
        IsrShrinkReason::Lagging {
            behind_ms,
            replica_lag_time_max_ms,
        } => pick(
            lang,
            format!(
                "{behind_ms} ms 동안 따라잡지 못함, replica.lag.time.max.ms={replica_lag_time_max_ms}"
            ),
            format!(
                "not caught up for {behind_ms} ms, replica.lag.time.max.ms={replica_lag_time_max_ms}"
            ),
        ),
        IsrShrinkReason::BrokerOffline => pick(
            lang,
            "브로커가 내려갔거나 펜싱됨".into(),
            "its broker is down or fenced".into(),
        ),
    }
}

pub fn election(r: &ElectionReason, leader: Option<u32>, lang: Lang) -> String {
    let l = opt(leader, lang);
    match r {
        ElectionReason::Initial => pick(
            lang,
            format!(
                "토픽을 만들 때 레플리카 목록의 첫 번째(선호 리더)인 브로커 {l}가 리더가 되었습니다."
            ),
            format!(
                "At creation, broker {l}, the first replica of the assignment (the preferred leader), became leader."
            ),
        ),
        ElectionReason::Clean { isr, failed_leader } => pick(
            lang,
            format!(
                "리더 {}가 실패해서, 컨트롤러가 ISR {} 중 살아 있는 첫 레플리카인 브로커 {l}를 새 리더로 뽑았습니다.",
                opt(*failed_leader, lang),
                list(isr)
            ),
            format!(
                "Leader {} failed, so the controller promoted broker {l}, the first live replica in the ISR {}.",
                opt(*failed_leader, lang),
                list(isr)
            ),
        ),
        ElectionReason::Unclean { isr, lost_records } => pick(
            lang,
            format!(
                "ISR {}에 살아 있는 레플리카가 없어 unclean 선출로 브로커 {l}가 리더가 되었습니다. 레코드 {lost_records}개를 잃었습니다.",
                list(isr)
            ),
            format!(
                "No ISR member {} was alive; unclean election made broker {l} leader and {lost_records} records were lost.",
                list(isr)
            ),
        ),
        ElectionReason::NoEligibleReplica { isr } => pick(
            lang,
            format!(
                "ISR {}에 살아 있는 레플리카가 없고 unclean 선출이 꺼져 있어 파티션이 오프라인입니다.",
                list(isr)
            ),
            format!(
                "No ISR member {} is alive and unclean election is off: the partition is offline.",
                list(isr)
            ),
        ),
        ElectionReason::ReplicaReturned => pick(
            lang,
            format!("ISR에 있던 브로커 {l}가 돌아와 오프라인 파티션의 리더가 되었습니다."),
            format!("Broker {l}, an ISR member, came back and leads the offline partition again."),
        ),
    }
}

fn loss(r: &LossReason, lang: Lang) -> String {
    match r {
        LossReason::UncleanElection {
            new_leader,
            old_high_watermark,
            new_log_end_offset,
        } => pick(
            lang,
            format!(
                "unclean 선출로 브로커 {new_leader}가 리더가 되었는데, 그 로그는 {new_log_end_offset}까지뿐입니다 (이전 하이 워터마크 {old_high_watermark})."
            ),
            format!(
                "unclean election made broker {new_leader} leader with a log ending at {new_log_end_offset} (old high watermark {old_high_watermark})."
            ),
        ),
        LossReason::AcknowledgedBeforeReplication {
            acks,
            failed_leader,
            new_leader,
        } => pick(
            lang,
            format!(
                "acks={}라 리더 {failed_leader}가 팔로워 복제 전에 응답했고, 그 뒤 죽었습니다. 새 리더 {new_leader}에는 없습니다.",
                acks_name(*acks)
            ),
            format!(
                "with acks={} leader {failed_leader} acknowledged before followers copied, then failed; new leader {new_leader} never had them.",
                acks_name(*acks)
            ),
        ),
    }
}

pub fn leave_reason(r: &LeaveReason, lang: Lang) -> String {
    match r {
        LeaveReason::Left => pick(
            lang,
            "close()로 LeaveGroup을 보냄".into(),
            "close() sent LeaveGroup".into(),
        ),
        LeaveReason::SessionTimeout { session_timeout_ms } => pick(
            lang,
            format!("{session_timeout_ms} ms 동안 하트비트 없음 (session.timeout.ms)"),
            format!("no heartbeat for {session_timeout_ms} ms (session.timeout.ms)"),
        ),
        LeaveReason::PollTimeout {
            max_poll_interval_ms,
        } => pick(
            lang,
            format!("{max_poll_interval_ms} ms 동안 poll 없음 (max.poll.interval.ms)"),
            format!("no poll for {max_poll_interval_ms} ms (max.poll.interval.ms)"),
        ),
    }
}

pub fn rebalance_reason(r: &RebalanceReason, lang: Lang) -> String {
    match r {
        RebalanceReason::MemberJoined { member } => pick(
            lang,
            format!("{member}가 들어옴"),
            format!("{member} joined"),
        ),
        RebalanceReason::MemberLeft { member, why } => pick(
            lang,
            format!("{member}가 나감: {}", leave_reason(why, lang)),
            format!("{member} left: {}", leave_reason(why, lang)),
        ),
        RebalanceReason::StaticMemberRejoined { member, instance } => pick(
            lang,
            format!("정적 멤버 {instance}({member})가 다시 들어옴: 재할당 없음"),
            format!("static member {instance} ({member}) rejoined: no reassignment"),
        ),
        RebalanceReason::CooperativeFollowUp => pick(
            lang,
            "cooperative 프로토콜의 후속 라운드".into(),
            "the cooperative protocol's follow-up round".into(),
        ),
        RebalanceReason::MetadataChanged => pick(
            lang,
            "구독한 토픽의 파티션 수가 바뀜".into(),
            "the subscribed topics' partitions changed".into(),
        ),
    }
}

fn trigger(t: SendTrigger, lang: Lang) -> String {
    match t {
        SendTrigger::Full => pick(
            lang,
            "배치가 batch.size만큼 참".into(),
            "the batch reached batch.size".into(),
        ),
        SendTrigger::Linger => pick(lang, "linger.ms가 지남".into(), "linger.ms passed".into()),
        SendTrigger::Flush => pick(lang, "flush() 호출".into(), "flush() was called".into()),
        SendTrigger::Retry => pick(
            lang,
            "retry.backoff.ms 뒤 재시도".into(),
            "a retry after retry.backoff.ms".into(),
        ),
    }
}

/// Why a batch was sent (for the inspector).
pub fn sent(
    t: SendTrigger,
    records: u32,
    bytes: u32,
    compressed: u32,
    codec: &str,
    lang: Lang,
) -> String {
    let how = trigger(t, lang);
    if codec == "none" {
        return pick(
            lang,
            format!("레코드 {records}개를 한 배치로 보냄 ({how}), 압축 없이 {bytes} 바이트."),
            format!("Sent in a batch of {records} records ({how}), {bytes} bytes, uncompressed."),
        );
    }
    pick(
        lang,
        format!(
            "레코드 {records}개를 한 배치로 보냄 ({how}), {bytes} 바이트 → {codec} 압축 후 {compressed} 바이트."
        ),
        format!(
            "Sent in a batch of {records} records ({how}), {bytes} bytes → {compressed} bytes with {codec}."
        ),
    )
}

/// Why a record went to its partition: the partitioner's structured reason, in words.
pub fn partition_reason(
    r: &PartitionReason,
    key: Option<&[u8]>,
    partition: u32,
    lang: Lang,
) -> String {
    match r {
        PartitionReason::Explicit { partition } => pick(
            lang,
            format!(
                "레코드가 파티션 {partition}을(를) 직접 지정했습니다. 지정된 파티션은 어떤 파티셔너보다 우선합니다."
            ),
            format!(
                "The record named partition {partition} itself; an explicit partition wins over every partitioner."
            ),
        ),
        PartitionReason::KeyHash {
            murmur2,
            partitions,
        } => {
            let k = key.map(text).unwrap_or_default();
            let pos = to_positive(*murmur2);
            pick(
                lang,
                format!(
                    "키 `{k}` → murmur2 = {murmur2} → toPositive(0x7fffffff로 마스킹) = {pos} → {pos} mod {partitions} = {} → 파티션 {partition}. 같은 키는 파티션 수가 그대로인 한 늘 같은 파티션으로 가므로 순서가 지켜집니다.",
                    pos % partitions.max(&1)
                ),
                format!(
                    "key `{k}` → murmur2 = {murmur2} → toPositive (mask 0x7fffffff) = {pos} → {pos} mod {partitions} = {} → partition {partition}. The same key always lands here while the partition count stays, so its order is kept.",
                    pos % partitions.max(&1)
                ),
            )
        }
        PartitionReason::Custom {
            rule,
            hashed,
            murmur2,
            partitions,
        } => {
            let h = text(hashed);
            let pos = to_positive(*murmur2);
            let what = match (rule, lang) {
                (CustomRule::ByHeader { header }, Lang::Ko) => {
                    format!("커스텀 파티셔너: 헤더 `{header}`의 값")
                }
                (CustomRule::ByHeader { header }, Lang::En) => {
                    format!("custom partitioner: the value of header `{header}`")
                }
                (CustomRule::RandomSalt { salt, salts }, Lang::Ko) => {
                    format!("커스텀 파티셔너: 키에 랜덤 salt {salt} (0..{salts} 중) 붙임")
                }
                (CustomRule::RandomSalt { salt, salts }, Lang::En) => {
                    format!("custom partitioner: the key with random salt {salt} (of 0..{salts})")
                }
                (CustomRule::CompoundKey { header }, Lang::Ko) => {
                    format!("커스텀 파티셔너: 키와 헤더 `{header}` 값을 합친 복합 키")
                }
                (CustomRule::CompoundKey { header }, Lang::En) => {
                    format!("custom partitioner: compound of the key and header `{header}`")
                }
            };
            pick(
                lang,
                format!(
                    "{what} `{h}` → murmur2 = {murmur2} → toPositive = {pos} → {pos} mod {partitions} = {partition} → 파티션 {partition}."
                ),
                format!(
                    "{what} `{h}` → murmur2 = {murmur2} → toPositive = {pos} → {pos} mod {partitions} = {partition} → partition {partition}."
                ),
            )
        }
        PartitionReason::Sticky {
            switched,
            produced_bytes,
            batch_size,
            available,
        } => {
            if *switched {
                pick(
                    lang,
                    format!(
                        "키가 없습니다. sticky 파티셔너가 이전 파티션에 batch.size({batch_size} 바이트)만큼 보낸 뒤, 사용 가능한 {available}개 중 파티션 {partition}을(를) 새로 골랐습니다."
                    ),
                    format!(
                        "No key. The sticky partitioner had sent batch.size ({batch_size} bytes) to the previous partition, so it picked partition {partition} among {available} available ones."
                    ),
                )
            } else {
                pick(
                    lang,
                    format!(
                        "키가 없습니다. sticky 파티셔너는 batch.size({batch_size} 바이트)를 채울 때까지 한 파티션에 붙어 보냅니다: 지금까지 {produced_bytes} 바이트 → 파티션 {partition}. 키가 없으니 파티션 사이 순서는 보장되지 않습니다."
                    ),
                    format!(
                        "No key. The sticky partitioner keeps sending to one partition until batch.size ({batch_size} bytes) went there: {produced_bytes} bytes so far → partition {partition}. Without a key there is no order across partitions."
                    ),
                )
            }
        }
        PartitionReason::RoundRobin { counter, available } => pick(
            lang,
            format!(
                "키가 없습니다. 라운드 로빈: 카운터 {counter} mod 사용 가능한 파티션 {available}개 → 파티션 {partition}. 키가 없으니 파티션 사이 순서는 보장되지 않습니다."
            ),
            format!(
                "No key. Round-robin: counter {counter} mod {available} available partitions → partition {partition}. Without a key there is no order across partitions."
            ),
        ),
    }
}

/// Every refusal of the Kafka model, in words.
pub fn error(e: &Error, lang: Lang) -> String {
    use Error as X;
    match e {
        X::InvalidTopicName => pick(
            lang,
            "토픽 이름이 잘못되었습니다: 영문자, 숫자, `.`, `_`, `-`로 1~249자여야 하고 `.`이나 `..`은 안 됩니다.".into(),
            "Invalid topic name: use 1 to 249 of letters, digits, `.`, `_` and `-`, and not `.` or `..`.".into(),
        ),
        X::TopicExists => pick(lang, "같은 이름의 토픽이 이미 있습니다.".into(), "A topic with this name already exists.".into()),
        X::UnknownTopic => pick(lang, "그런 토픽이 없습니다.".into(), "No such topic.".into()),
        X::UnknownPartition { partitions } => pick(
            lang,
            format!("그런 파티션이 없습니다: 이 토픽의 파티션은 0부터 {}까지입니다.", partitions.saturating_sub(1)),
            format!("No such partition: this topic has partitions 0 to {}.", partitions.saturating_sub(1)),
        ),
        X::PartitionCountOutOfRange { max } => pick(
            lang,
            format!("파티션 수는 1부터 {max}까지여야 합니다."),
            format!("The partition count must be between 1 and {max}."),
        ),
        X::PartitionCountCannotShrink { current } => pick(
            lang,
            format!("파티션 수는 늘릴 수만 있습니다: 지금 {current}개보다 커야 합니다."),
            format!("Partitions can only grow: the new count must be above the current {current}."),
        ),
        X::InvalidReplicationFactor {
            requested,
            available,
        } => pick(
            lang,
            format!("복제 계수 {requested}이(가) 사용 가능한 브로커 수 {available}보다 큽니다."),
            format!("Replication factor {requested} is larger than the {available} available brokers."),
        ),
        X::TooMany { what, max } => {
            let w = match (what, lang) {
                (Limit::Topics, Lang::Ko) => "토픽",
                (Limit::Producers, Lang::Ko) => "프로듀서",
                (Limit::Groups, Lang::Ko) => "컨슈머 그룹",
                (Limit::Members, Lang::Ko) => "그룹 멤버",
                (Limit::Brokers, Lang::Ko) => "브로커",
                (Limit::Topics, Lang::En) => "topics",
                (Limit::Producers, Lang::En) => "producers",
                (Limit::Groups, Lang::En) => "consumer groups",
                (Limit::Members, Lang::En) => "group members",
                (Limit::Brokers, Lang::En) => "brokers",
            };
            pick(
                lang,
                format!("{w}은(는) 최대 {max}개까지입니다."),
                format!("At most {max} {w}."),
            )
        }
        X::BrokerCountOutOfRange { max } => pick(
            lang,
            format!("브로커 수는 1부터 {max}까지여야 합니다."),
            format!("A cluster has 1 to {max} brokers."),
        ),
        X::UnknownBroker => pick(lang, "그런 브로커가 없습니다.".into(), "No such broker.".into()),
        X::BrokerAlreadyDown => pick(lang, "브로커가 이미 내려가 있습니다.".into(), "The broker is already down.".into()),
        X::BrokerAlreadyUp => pick(lang, "브로커가 이미 동작 중입니다.".into(), "The broker is already up.".into()),
        X::RecordTooLarge { size, limit } => pick(
            lang,
            format!("메시지가 너무 큽니다: {size}바이트 > 프로듀서의 max.request.size {limit}바이트 (RecordTooLargeException). 브로커에 보내기 전에 프로듀서가 막았습니다. 큰 파일은 다른 저장소에 두고 위치만 보내세요."),
            format!("Message too large: {size} bytes > the producer's max.request.size of {limit} bytes (RecordTooLargeException); the producer stopped it before any broker. Store big files elsewhere and send a pointer."),
        ),
        X::KeyRequiredForCompactedTopic => pick(
            lang,
            "compact 토픽에는 키 없는 메시지를 보낼 수 없습니다.".into(),
            "A compacted topic cannot accept a message without a key.".into(),
        ),
        X::ValueRequired => pick(
            lang,
            "key와 value가 둘 다 비어 있습니다. key만 있고 value가 비어 있으면 tombstone입니다.".into(),
            "Neither a key nor a value. A key with no value is a tombstone.".into(),
        ),
        X::UnknownProducer => pick(lang, "그런 프로듀서가 없습니다.".into(), "No such producer.".into()),
        X::ProducerExists => pick(lang, "같은 이름의 프로듀서가 이미 있습니다.".into(), "A producer with this name already exists.".into()),
        X::InvalidGroupId => pick(lang, "그룹 이름(group.id)이 잘못되었습니다.".into(), "Invalid group.id.".into()),
        X::UnknownGroup => pick(lang, "그런 컨슈머 그룹이 없습니다.".into(), "No such consumer group.".into()),
        X::UnknownMember => pick(lang, "그룹에 그런 컨슈머가 없습니다.".into(), "No such consumer in the group.".into()),
        X::MemberExists => pick(lang, "같은 이름의 컨슈머가 이미 그룹에 있습니다.".into(), "A consumer with this name is already in the group.".into()),
        X::FencedInstanceId => pick(
            lang,
            "다른 살아 있는 멤버가 이미 이 group.instance.id를 쓰고 있습니다 (FENCED_INSTANCE_ID).".into(),
            "Another live member already uses this group.instance.id (FENCED_INSTANCE_ID).".into(),
        ),
        X::PartitionNotAssigned => pick(
            lang,
            "이 컨슈머에 할당되지 않은 파티션입니다. 할당된 파티션만 seek할 수 있습니다.".into(),
            "This partition is not assigned to this consumer; it can only seek its own partitions.".into(),
        ),
        X::InconsistentGroupProtocol => pick(
            lang,
            "그룹의 모든 멤버가 지원하는 assignor가 없습니다 (INCONSISTENT_GROUP_PROTOCOL).".into(),
            "No assignor that every member of the group supports (INCONSISTENT_GROUP_PROTOCOL).".into(),
        ),
        X::OffsetOutOfRange {
            log_start_offset,
            high_watermark,
        } => pick(
            lang,
            format!("offset이 범위를 벗어났습니다: {log_start_offset}부터 {high_watermark}까지(로그 시작 offset ~ 하이 워터마크)만 가능합니다."),
            format!("Offset out of range: only {log_start_offset} to {high_watermark} (log start offset to high watermark)."),
        ),
        X::MemberNotRunning => pick(
            lang,
            "이 컨슈머는 멈췄습니다 (크래시 또는 종료). 다시 구독해야 합니다.".into(),
            "This consumer has stopped (crashed or closed); subscribe it again first.".into(),
        ),
        X::UnknownConfig { name } => pick(
            lang,
            format!("알 수 없는 설정입니다: `{name}`."),
            format!("Unknown config: `{name}`."),
        ),
        X::InvalidConfigValue { name, value } => pick(
            lang,
            format!("`{name}`에 `{value}` 값은 쓸 수 없습니다."),
            format!("`{value}` is not a valid value for `{name}`."),
        ),
        X::AdvanceTooLong { max } => pick(
            lang,
            format!("한 번에 {max} ms보다 오래 진행할 수 없습니다."),
            format!("Cannot advance more than {max} ms at once."),
        ),
        X::StreamRateOutOfRange { max } => pick(
            lang,
            format!("스트림 속도는 초당 1건부터 {max}건까지 정할 수 있습니다."),
            format!("The stream's rate must be between 1 and {max} records per second."),
        ),
        X::NoStream => pick(
            lang,
            "돌고 있는 스트림이 없습니다.".into(),
            "No stream is running.".into(),
        ),
    }
}

/// A refused action of the stage, in words.
pub fn sim_error(e: &SimError, lang: Lang) -> String {
    match e {
        SimError::Kafka(k) => error(k, lang),
        SimError::Rabbit(_) => pick(
            lang,
            "RabbitMQ 쪽 오류입니다.".into(),
            "A RabbitMQ error.".into(),
        ),
        SimError::TooManyTicks { max } => pick(
            lang,
            format!("한 번에 최대 {max}틱까지입니다."),
            format!("At most {max} ticks at once."),
        ),
        SimError::OverLimit(o) => crate::refusal::over_limit(*o, lang),
    }
}
