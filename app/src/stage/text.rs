//! Every word the stage shows, in Korean and English. Templates name their parameters
//! (`{n}`), filled by [`fill`].

use lessons::{Lang, Text};

const fn t(ko: &'static str, en: &'static str) -> Text {
    Text::new(ko, en)
}

pub const KAFKA_STAGE: Text = t("Kafka 클러스터 그림", "The Kafka cluster, drawn");
pub const RABBIT_STAGE: Text = t("RabbitMQ 브로커 그림", "The RabbitMQ broker, drawn");
pub const WIDE_HINT: Text = t(
    "그림을 옆으로 밀어 보세요 →",
    "Swipe the picture sideways →",
);

// ---- Kafka ----------------------------------------------------------------------------------
pub const PRODUCE_FROM: Text = t("{p}: 레코드 전송 (키 {k})", "{p}: send a record (key {k})");
pub const PRODUCE_SHORT: Text = t("전송 ▶", "Send ▶");
pub const BUFFERED: Text = t("버퍼 {n}", "buffer {n}");
pub const ACKED: Text = t("ack {n}", "acked {n}");
pub const BROKER_N: Text = t("브로커 {n}", "broker {n}");
pub const CONTROLLER_MARK: Text = t("★ 컨트롤러", "★ controller");
pub const DOWN: Text = t("✕ 중단", "✕ down");
pub const ISOLATED_MARK: Text = t("⚡ 격리", "⚡ isolated");
pub const KILL_BROKER: Text = t("브로커 {n}: 강제 종료", "Broker {n}: kill");
pub const RESTART_BROKER: Text = t("브로커 {n}: 재시작", "Broker {n}: restart");
pub const ISOLATE_BROKER: Text = t(
    "브로커 {n}: 네트워크 격리",
    "Broker {n}: isolate from the network",
);
pub const HEAL_BROKER: Text = t("브로커 {n}: 네트워크 복구", "Broker {n}: heal the network");
pub const KILL_SHORT: Text = t("강제 종료", "kill");
pub const RESTART_SHORT: Text = t("재시작", "restart");
pub const ISOLATE_SHORT: Text = t("격리", "isolate");
pub const HEAL_SHORT: Text = t("복구", "heal");
pub const LANE: Text = t(
    "{title}, ISR {isr}/{rf}, 하이 워터마크 {hw}, 로그 시작 offset {lso}",
    "{title}, ISR {isr}/{rf}, high watermark {hw}, log start offset {lso}",
);
/// A lane on a step that does not draw replicas: no ISR to tell.
pub const LANE_LEADER_ONLY: Text = t(
    "{title}, 하이 워터마크 {hw}, 로그 시작 offset {lso}",
    "{title}, high watermark {hw}, log start offset {lso}",
);
pub const LANE_TITLE: Text = t(
    "{topic}-{p} · 리더 B{leader}",
    "{topic}-{p} · leader B{leader}",
);
pub const NO_LEADER_TITLE: Text = t("{topic}-{p} · 리더 없음", "{topic}-{p} · no leader");
pub const ROW: Text = t("B{b}", "B{b}");
pub const OUT_OF_ISR: Text = t("ISR 밖", "out of ISR");
pub const RECORD: Text = t(
    "offset {o}, 키 {k}: 인스펙터에서 보기",
    "offset {o}, key {k}: show in the inspector",
);
pub const NO_KEY: Text = t("없음", "none");
pub const GROUP_TITLE: Text = t("그룹 {g}", "group {g}");
pub const MEMBER_POS: Text = t("{m}: {parts}", "{m}: {parts}");
pub const POLL_MEMBER: Text = t("{m}: poll", "{m}: poll");
pub const COMMIT_MEMBER: Text = t("{m}: 커밋", "{m}: commit");
pub const CRASH_MEMBER: Text = t("{m}: 크래시", "{m}: crash");
pub const ADD_MEMBER: Text = t("{g}: 컨슈머 추가", "{g}: add a consumer");
pub const POLL_SHORT: Text = t("poll", "poll");
pub const COMMIT_SHORT: Text = t("커밋", "commit");
pub const CRASH_SHORT: Text = t("크래시", "crash");
pub const ADD_SHORT: Text = t("+ 컨슈머", "+ consumer");
pub const CRASHED_MARK: Text = t("(멈춤)", "(stopped)");
pub const LAG_N: Text = t("lag {n}", "lag {n}");
pub const COMMITTED_MARK: Text = t("커밋됨", "committed");
pub const AGGREGATED: Text = t(
    "파티션 {n}개: 레코드 수는 막대로, 메시지는 묶어서(×N) 그립니다",
    "{n} partitions: records as bars, messages drawn in bundles (×N)",
);

// ---- RabbitMQ -------------------------------------------------------------------------------
pub const PUBLISHERS: Text = t("프로듀서", "Publishers");
pub const EXCHANGES: Text = t("exchange", "Exchanges");
pub const QUEUES: Text = t("큐", "Queues");
pub const CONSUMERS: Text = t("컨슈머", "Consumers");
pub const CHANNEL_N: Text = t("채널 {n}", "channel {n}");
pub const PUBLISH_TO: Text = t(
    "채널 {c}에서 {x}로 발행 (routing key {k})",
    "Publish on channel {c} to {x} (routing key {k})",
);
pub const PUBLISH_SHORT: Text = t("발행 ▶", "Publish ▶");
pub const EXCHANGE_LABEL: Text = t("{x}: {kind} exchange", "{x}: {kind} exchange");
pub const DEFAULT_EXCHANGE: Text = t("(기본)", "(default)");
pub const QUEUE_LABEL: Text = t(
    "{q}: 대기 {ready}, ack 대기 {unacked} {badges}",
    "{q}: {ready} ready, {unacked} unacked {badges}",
);
pub const MORE: Text = t("+{n}", "+{n}");
pub const CONSUMER_LABEL: Text = t(
    "{tag} (채널 {c}): prefetch {used}/{prefetch}",
    "{tag} (channel {c}): prefetch {used}/{prefetch}",
);
pub const UNLIMITED: Text = t("무제한", "unlimited");
pub const ACK_MSG: Text = t("메시지 {m}: ack", "Message {m}: ack");
pub const NACK_MSG: Text = t(
    "메시지 {m}: nack (다시 큐로)",
    "Message {m}: nack (requeue)",
);
pub const REJECT_MSG: Text = t(
    "메시지 {m}: reject (다시 넣지 않음)",
    "Message {m}: reject (no requeue)",
);
pub const ACK_SHORT: Text = t("ack", "ack");
pub const NACK_SHORT: Text = t("nack", "nack");
pub const REJECT_SHORT: Text = t("reject", "reject");
pub const DEAD_LETTER_EDGE: Text = t("데드 레터 → {x}", "dead letter → {x}");
pub const ALTERNATE_EDGE: Text = t("대체 → {x}", "alternate → {x}");
pub const DROPPED: Text = t("버려짐", "dropped");
pub const REDELIVERED_MARK: Text = t("재전달", "redelivered");
pub const X_DEATH: Text = t("x-death {n}", "x-death {n}");

/// `text` in `lang` with each `{name}` replaced by its value.
pub fn fill(text: Text, lang: Lang, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut s = text.get(lang).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), &value.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_in_both_languages() {
        let n = 3;
        assert_eq!(fill(KILL_BROKER, Lang::En, &[("n", &n)]), "Broker 3: kill");
        assert_eq!(
            fill(KILL_BROKER, Lang::Ko, &[("n", &n)]),
            "브로커 3: 강제 종료"
        );
    }
}
