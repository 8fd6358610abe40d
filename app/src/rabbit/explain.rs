//! The engine's structured reasons in words, in Korean and English: a sentence per notable event
//! (for the page's live region), every error with RabbitMQ's reply code, and the "why?" of a
//! routing decision, a headers comparison or a dead-lettering (for the inspector).

use engine::rabbit::routing::headers::{HeaderCheck, HeadersWhy, XMatch};
use engine::rabbit::routing::topic::{self, PatternWord, WordSpan};
use engine::rabbit::{
    ArgProblem, BindingMatch, CloseCause, DeadLetterOutcome, Death, DeathReason, Error, Event,
    ExchangeDeleteCause, FieldTable, FieldValue, Inequivalent, Limit, MatchReason, ObjectKind,
    QueueDeleteCause, RequeueCause, RestartLoss, StreamStop, Unsupported, ValueKind,
};
use lessons::Lang;

/// `ko` or `en` by language.
fn say(lang: Lang, ko: String, en: String) -> String {
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

/// A name as learners read it: the default exchange has no name.
pub fn exchange_name(name: &str, lang: Lang) -> String {
    if name.is_empty() {
        say(
            lang,
            "기본 exchange(\"\")".into(),
            "the default exchange (\"\")".into(),
        )
    } else {
        format!("`{name}`")
    }
}

pub fn kind_word(kind: ObjectKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ObjectKind::Exchange, _) => "exchange",
        (ObjectKind::Queue, Lang::Ko) => "큐",
        (ObjectKind::Queue, Lang::En) => "queue",
    }
}

pub fn reason_word(r: DeathReason, lang: Lang) -> String {
    let (ko, en) = match r {
        DeathReason::Rejected => (
            "거절됨(reject/nack, requeue 없음)",
            "rejected (reject/nack without requeue)",
        ),
        DeathReason::Expired => ("TTL 만료", "its TTL ran out"),
        DeathReason::Maxlen => ("큐 길이 제한 초과", "the queue's length limit"),
        DeathReason::DeliveryLimit => ("전달 횟수 제한 초과", "the delivery limit"),
    };
    format!("{} ({})", say(lang, ko.into(), en.into()), r.as_str())
}

fn close_cause(c: CloseCause, lang: Lang) -> String {
    let (ko, en) = match c {
        CloseCause::Client => ("클라이언트가 닫음", "closed by the client"),
        CloseCause::Crash => ("클라이언트가 죽음", "the client crashed"),
        CloseCause::BrokerRestart => ("브로커 재시작", "the broker restarted"),
        CloseCause::Error(rc) => {
            return say(
                lang,
                format!("오류로 브로커가 닫음 ({} {})", rc.code(), rc.name()),
                format!(
                    "closed by the broker on an error ({} {})",
                    rc.code(),
                    rc.name()
                ),
            );
        }
    };
    say(lang, ko.into(), en.into())
}

fn requeue_cause(c: RequeueCause, lang: Lang) -> String {
    match c {
        RequeueCause::Nack => "nack (requeue)".into(),
        RequeueCause::Reject => "reject (requeue)".into(),
        RequeueCause::Recover => "basic.recover".into(),
        RequeueCause::ChannelClosed(c) => say(
            lang,
            format!("채널 닫힘: {}", close_cause(c, lang)),
            format!("channel closed: {}", close_cause(c, lang)),
        ),
    }
}

fn join(names: &[impl AsRef<str>]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A short sentence for the notable events; `None` for bookkeeping ones.
pub fn event(e: &Event, lang: Lang) -> Option<String> {
    use Event as E;
    let s = match e {
        E::ExchangeDeclared {
            name,
            created: true,
        } => say(
            lang,
            format!("`{name}` exchange를 만들었습니다."),
            format!("Exchange `{name}` declared."),
        ),
        E::ExchangeDeleted { name, cause } => {
            let (ko, en) = match cause {
                ExchangeDeleteCause::Client => ("", ""),
                ExchangeDeleteCause::AutoDelete => (
                    " (auto-delete: 마지막 바인딩이 사라짐)",
                    " (auto-delete: its last binding went away)",
                ),
                ExchangeDeleteCause::Restart => (
                    " (durable이 아니라 재시작에 사라짐)",
                    " (not durable, gone with the restart)",
                ),
            };
            say(
                lang,
                format!("`{name}` exchange가 삭제되었습니다{ko}."),
                format!("Exchange `{name}` deleted{en}."),
            )
        }
        E::QueueDeclared {
            name,
            created: true,
            ..
        } => say(
            lang,
            format!("`{name}` 큐를 만들었습니다."),
            format!("Queue `{name}` declared."),
        ),
        E::QueueDeleted {
            name,
            cause,
            messages,
        } => {
            let (ko, en) = match cause {
                QueueDeleteCause::Client => ("", ""),
                QueueDeleteCause::AutoDelete => (
                    " (auto-delete: 마지막 컨슈머가 떠남)",
                    " (auto-delete: its last consumer left)",
                ),
                QueueDeleteCause::Expired => (
                    " (x-expires: 오래 쓰이지 않음)",
                    " (x-expires: unused too long)",
                ),
                QueueDeleteCause::OwnerClosed => (
                    " (exclusive: 주인 연결이 닫힘)",
                    " (exclusive: its connection closed)",
                ),
                QueueDeleteCause::Restart => (
                    " (durable이 아니라 재시작에 사라짐)",
                    " (not durable, gone with the restart)",
                ),
            };
            say(
                lang,
                format!("`{name}` 큐가 메시지 {messages}개와 함께 삭제되었습니다{ko}."),
                format!("Queue `{name}` deleted with {messages} messages{en}."),
            )
        }
        E::QueuePurged { name, messages } => say(
            lang,
            format!("큐 `{name}`에서 메시지 {messages}개를 비웠습니다."),
            format!("Purged {messages} messages from `{name}`."),
        ),
        E::Bound {
            source,
            destination,
            routing_key,
        } => say(
            lang,
            format!(
                "{} → `{destination}` 바인딩 (키 `{routing_key}`)을 만들었습니다.",
                exchange_name(source, lang)
            ),
            format!(
                "Bound {} → `{destination}` with key `{routing_key}`.",
                exchange_name(source, lang)
            ),
        ),
        E::Unbound {
            source,
            destination,
            routing_key,
        } => say(
            lang,
            format!(
                "{} → `{destination}` 바인딩 (키 `{routing_key}`)을 지웠습니다.",
                exchange_name(source, lang)
            ),
            format!(
                "Unbound {} → `{destination}` (key `{routing_key}`).",
                exchange_name(source, lang)
            ),
        ),
        E::ChannelOpened { channel } => say(
            lang,
            format!("채널 {}번을 열었습니다.", channel.0),
            format!("Channel {} opened.", channel.0),
        ),
        E::ChannelClosed { channel, cause } => say(
            lang,
            format!(
                "채널 {}번이 닫혔습니다: {}.",
                channel.0,
                close_cause(*cause, lang)
            ),
            format!(
                "Channel {} closed: {}.",
                channel.0,
                close_cause(*cause, lang)
            ),
        ),
        E::QosSet {
            channel,
            prefetch_count,
        } => say(
            lang,
            format!(
                "채널 {}의 prefetch를 {prefetch_count}(으)로 정했습니다. 이후 시작하는 컨슈머에 적용됩니다.",
                channel.0
            ),
            format!(
                "Channel {} prefetch set to {prefetch_count}; it applies to consumers started from now on.",
                channel.0
            ),
        ),
        E::ConfirmsEnabled { channel } => say(
            lang,
            format!(
                "채널 {}번을 confirm 모드로 바꿨습니다 (confirm.select). 이제부터 보내는 메시지에 1부터 번호가 붙고, 브로커가 메시지마다 그 번호로 확인을 돌려줍니다.",
                channel.0
            ),
            format!(
                "Channel {} is in confirm mode (confirm.select): from now on its publishes are numbered from 1, and the broker answers each one with its number.",
                channel.0
            ),
        ),
        E::Confirmed { channel, seq, ack } => {
            if *ack {
                say(
                    lang,
                    format!(
                        "브로커가 채널 {}번의 {seq}번 메시지를 받았다고 확인했습니다 (basic.ack, delivery tag {seq}).",
                        channel.0
                    ),
                    format!(
                        "The broker confirmed publish {seq} on channel {} (basic.ack, delivery tag {seq}).",
                        channel.0
                    ),
                )
            } else {
                say(
                    lang,
                    format!(
                        "브로커가 채널 {}번의 {seq}번 메시지를 큐가 거절했다고 알렸습니다 (basic.nack, delivery tag {seq}). 다시 보낼지는 보낸 쪽이 정합니다.",
                        channel.0
                    ),
                    format!(
                        "The broker nacked publish {seq} on channel {} (basic.nack, delivery tag {seq}): a queue refused it, and the sender decides whether to send it again.",
                        channel.0
                    ),
                )
            }
        }
        E::Published { msg, routing, .. } => {
            if routing.queues.is_empty() {
                return None;
            }
            say(
                lang,
                format!(
                    "메시지 #{}번을 {}에 보냈습니다 (라우팅 키 `{}`). 도착한 큐: {}.",
                    msg.0,
                    exchange_name(&routing.exchange, lang),
                    routing.routing_key,
                    join(&routing.queues)
                ),
                format!(
                    "Message #{} published to {} with key `{}`: routed to {}.",
                    msg.0,
                    exchange_name(&routing.exchange, lang),
                    routing.routing_key,
                    join(&routing.queues)
                ),
            )
        }
        E::Returned {
            msg,
            reply,
            exchange,
            routing_key,
            ..
        } => say(
            lang,
            format!(
                "메시지 #{}번은 {}에서 라우팅 키 `{routing_key}`에 맞는 큐가 없어 publisher에게 돌아왔습니다 ({} {}).",
                msg.0,
                exchange_name(exchange, lang),
                reply.code(),
                reply.name()
            ),
            format!(
                "Message #{} returned to the publisher: no queue matched key `{routing_key}` on {} ({} {}).",
                msg.0,
                exchange_name(exchange, lang),
                reply.code(),
                reply.name()
            ),
        ),
        E::DroppedUnroutable {
            msg,
            exchange,
            routing_key,
        } => say(
            lang,
            format!(
                "메시지 #{}번은 {}에서 라우팅 키 `{routing_key}`에 맞는 바인딩이 없어 버려졌습니다 (mandatory 아님).",
                msg.0,
                exchange_name(exchange, lang)
            ),
            format!(
                "Message #{} dropped: no binding on {} matched key `{routing_key}` (not mandatory).",
                msg.0,
                exchange_name(exchange, lang)
            ),
        ),
        E::RefusedByOverflow { msg, queue, policy } => say(
            lang,
            format!(
                "`{queue}` 큐가 가득 차서 메시지 #{}번을 받지 않았습니다 ({}).",
                msg.0,
                policy.as_str()
            ),
            format!(
                "Queue `{queue}` is full and refused message #{} ({}).",
                msg.0,
                policy.as_str()
            ),
        ),
        E::ConsumerStarted {
            tag,
            queue,
            prefetch,
            ..
        } => say(
            lang,
            format!("`{tag}` 컨슈머가 `{queue}` 큐를 구독합니다 (prefetch {prefetch})."),
            format!("Consumer `{tag}` subscribed to `{queue}` (prefetch {prefetch})."),
        ),
        E::ConsumerCancelled {
            tag,
            queue,
            by_broker,
            ..
        } => {
            let (ko, en) = if *by_broker {
                (" (브로커가 취소)", " (by the broker)")
            } else {
                ("", "")
            };
            say(
                lang,
                format!("컨슈머 `{tag}`의 `{queue}` 구독이 취소되었습니다{ko}."),
                format!("Consumer `{tag}` on `{queue}` cancelled{en}."),
            )
        }
        E::Delivered {
            msg,
            queue,
            consumer,
            delivery_tag,
            redelivered,
            auto_ack,
            channel,
        } => {
            let who = consumer
                .as_ref()
                .map(|c| format!("`{c}`"))
                .unwrap_or_else(|| "basic.get".into());
            let (rk, re) = if *redelivered {
                (", redelivered", ", redelivered")
            } else {
                ("", "")
            };
            let (ak, ae) = if *auto_ack {
                (", auto-ack", ", auto-ack")
            } else {
                ("", "")
            };
            say(
                lang,
                format!(
                    "메시지 #{}번을 `{queue}` 큐에서 {who}에게 전달했습니다 (채널 {}, delivery tag {delivery_tag}{rk}{ak}).",
                    msg.0, channel.0
                ),
                format!(
                    "Message #{} delivered from `{queue}` to {who} (channel {}, delivery tag {delivery_tag}{re}{ae}).",
                    msg.0, channel.0
                ),
            )
        }
        E::GetEmpty { queue, .. } => say(
            lang,
            format!("basic.get: `{queue}` 큐가 비어 있습니다."),
            format!("basic.get: `{queue}` is empty."),
        ),
        E::Acked {
            msg,
            queue,
            delivery_tag,
            ..
        } => say(
            lang,
            format!(
                "메시지 #{}번을 ack했습니다 (delivery tag {delivery_tag}). `{queue}` 큐에서 지워졌습니다.",
                msg.0
            ),
            format!(
                "Message #{} acked (delivery tag {delivery_tag}) and removed from `{queue}`.",
                msg.0
            ),
        ),
        E::Requeued { msg, queue, cause } => say(
            lang,
            format!(
                "메시지 #{}번이 `{queue}` 큐로 돌아갔습니다 ({}). 다음 전달에는 redelivered 표시가 붙습니다.",
                msg.0,
                requeue_cause(*cause, lang)
            ),
            format!(
                "Message #{} went back to `{queue}` ({}); its next delivery is marked redelivered.",
                msg.0,
                requeue_cause(*cause, lang)
            ),
        ),
        E::DeadLettered {
            msg,
            queue,
            reason,
            outcome,
        } => {
            let what = dead_letter_outcome(outcome, lang);
            say(
                lang,
                format!(
                    "메시지 #{}번이 `{queue}` 큐에서 죽었습니다: {}. {what}",
                    msg.0,
                    reason_word(*reason, lang)
                ),
                format!(
                    "Message #{} died in `{queue}`: {}. {what}",
                    msg.0,
                    reason_word(*reason, lang)
                ),
            )
        }
        E::LostOnRestart { msg, queue, reason } => {
            let (ko, en) = match reason {
                RestartLoss::QueueNotDurable => ("큐가 durable이 아님", "the queue is not durable"),
                RestartLoss::ExclusiveQueue => ("exclusive 큐", "an exclusive queue"),
                RestartLoss::TransientMessage => (
                    "transient 메시지(delivery mode 1)",
                    "a transient message (delivery mode 1)",
                ),
            };
            say(
                lang,
                format!(
                    "재시작으로 `{queue}` 큐의 메시지 #{}번을 잃었습니다: {ko}.",
                    msg.0
                ),
                format!("Message #{} in `{queue}` lost in the restart: {en}.", msg.0),
            )
        }
        E::BrokerRestarted { .. } => say(
            lang,
            "브로커가 재시작했습니다. 연결은 모두 끊겼고 durable한 것만 남았습니다.".into(),
            "The broker restarted: every connection dropped, only durable things survived.".into(),
        ),
        E::StreamStarted { spec } => say(
            lang,
            format!(
                "계속 보내기: 채널 {}번에서 {}에 초당 {}개씩, 틱마다 보냅니다.",
                spec.channel.0,
                exchange_name(&spec.exchange, lang),
                spec.rate
            ),
            format!(
                "Steady stream: {} messages a second to {} on channel {}, published on every tick.",
                spec.rate,
                exchange_name(&spec.exchange, lang),
                spec.channel.0
            ),
        ),
        E::StreamStopped { reason } => {
            let (ko, en) = match reason {
                StreamStop::Stopped => ("멈췄습니다", "stopped"),
                StreamStop::ChannelClosed => {
                    ("채널이 닫혀서 멈췄습니다", "stopped: its channel closed")
                }
                StreamStop::Refused => (
                    "브로커가 메시지를 거절해 채널이 닫혔고, 그래서 멈췄습니다",
                    "stopped: the broker refused a message and closed the channel",
                ),
            };
            say(
                lang,
                format!("계속 보내기를 {ko}."),
                format!("Steady stream {en}."),
            )
        }
        _ => return None,
    };
    Some(s)
}

/// What dead-lettering did with a message, as a sentence.
pub fn dead_letter_outcome(o: &DeadLetterOutcome, lang: Lang) -> String {
    match o {
        DeadLetterOutcome::Discarded => say(
            lang,
            "큐에 x-dead-letter-exchange가 없어 메시지는 버려졌습니다.".into(),
            "The queue has no x-dead-letter-exchange, so the message is gone.".into(),
        ),
        DeadLetterOutcome::Routed {
            exchange,
            routing_key,
            queues,
            cycles_dropped,
        } => {
            let mut s = say(
                lang,
                format!(
                    "DLX {} 경유 → {} (라우팅 키 `{routing_key}`).",
                    exchange_name(exchange, lang),
                    join(queues)
                ),
                format!(
                    "The DLX {} routed it with key `{routing_key}` to {}.",
                    exchange_name(exchange, lang),
                    join(queues)
                ),
            );
            if !cycles_dropped.is_empty() {
                s.push(' ');
                s.push_str(&say(
                    lang,
                    format!("순환이라 {}에는 보내지 않았습니다.", join(cycles_dropped)),
                    format!("Not to {}: that would be a cycle.", join(cycles_dropped)),
                ));
            }
            s
        }
        DeadLetterOutcome::ExchangeMissing { exchange } => say(
            lang,
            format!("DLX로 지정한 `{exchange}` exchange가 없어 메시지를 잃었습니다."),
            format!("The DLX `{exchange}` does not exist, so the message was lost."),
        ),
        DeadLetterOutcome::Unroutable {
            exchange,
            routing_key,
        } => say(
            lang,
            format!(
                "DLX `{exchange}`에 키 `{routing_key}`에 맞는 바인딩이 없어 메시지를 잃었습니다."
            ),
            format!(
                "The DLX `{exchange}` had no binding for key `{routing_key}`, so the message was lost."
            ),
        ),
        DeadLetterOutcome::Cycle { exchange, queues } => say(
            lang,
            format!(
                "DLX `{exchange}`에서 갈 수 있는 큐({})가 모두 자동 순환이라 메시지를 버렸습니다.",
                join(queues)
            ),
            format!(
                "Every queue the DLX `{exchange}` reaches ({}) is an automatic cycle, so it was dropped.",
                join(queues)
            ),
        ),
    }
}

fn value_kind(k: ValueKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (ValueKind::Void, _) => "void",
        (ValueKind::Bool, Lang::Ko) => "불리언",
        (ValueKind::Bool, Lang::En) => "a boolean",
        (ValueKind::Int, Lang::Ko) => "정수",
        (ValueKind::Int, Lang::En) => "an integer",
        (ValueKind::Float, Lang::Ko) => "실수",
        (ValueKind::Float, Lang::En) => "a float",
        (ValueKind::Str, Lang::Ko) => "문자열",
        (ValueKind::Str, Lang::En) => "a string",
        (ValueKind::Timestamp, Lang::Ko) => "타임스탬프",
        (ValueKind::Timestamp, Lang::En) => "a timestamp",
        (ValueKind::Array, Lang::Ko) => "배열",
        (ValueKind::Array, Lang::En) => "an array",
        (ValueKind::Table, Lang::Ko) => "테이블",
        (ValueKind::Table, Lang::En) => "a table",
    }
}

fn arg_problem(p: &ArgProblem, lang: Lang) -> String {
    match p {
        ArgProblem::WrongType { expected, got } => say(
            lang,
            format!(
                "{} 값이어야 하는데 {} 값입니다",
                value_kind(*expected, lang),
                value_kind(*got, lang)
            ),
            format!(
                "must be {}, got {}",
                value_kind(*expected, lang),
                value_kind(*got, lang)
            ),
        ),
        ArgProblem::Negative(v) => say(
            lang,
            format!("음수({v})는 안 됩니다"),
            format!("must not be negative (got {v})"),
        ),
        ArgProblem::NotPositive(v) => say(
            lang,
            format!("0보다 커야 합니다 ({v})"),
            format!("must be greater than zero (got {v})"),
        ),
        ArgProblem::TooLarge { value, max } => say(
            lang,
            format!("최대값 {max}보다 큰 값({value})입니다"),
            format!("{value} is above the maximum {max}"),
        ),
        ArgProblem::UnknownValue(v) => say(
            lang,
            format!("알 수 없는 값 `{v}`입니다"),
            format!("unknown value `{v}`"),
        ),
        ArgProblem::UnsupportedForQueueType => say(
            lang,
            "이 큐 타입에서는 쓸 수 없습니다".into(),
            "is not supported by this queue type".into(),
        ),
        ArgProblem::RequiresDeadLetterExchange => say(
            lang,
            "x-dead-letter-exchange 없이 쓸 수 없습니다".into(),
            "needs x-dead-letter-exchange as well".into(),
        ),
    }
}

fn inequivalent(d: &Inequivalent) -> String {
    match d {
        Inequivalent::Type => "type".into(),
        Inequivalent::Durable => "durable".into(),
        Inequivalent::AutoDelete => "auto_delete".into(),
        Inequivalent::Internal => "internal".into(),
        Inequivalent::Exclusive => "exclusive".into(),
        Inequivalent::Argument(a) => a.clone(),
    }
}

fn limit(l: Limit, lang: Lang) -> &'static str {
    match (l, lang) {
        (Limit::NameLength, Lang::Ko) => "이름 길이(바이트)",
        (Limit::NameLength, Lang::En) => "name length (bytes)",
        (Limit::Exchanges, Lang::Ko) => "exchange 수",
        (Limit::Exchanges, Lang::En) => "number of exchanges",
        (Limit::Queues, Lang::Ko) => "큐 수",
        (Limit::Queues, Lang::En) => "number of queues",
        (Limit::Bindings, Lang::Ko) => "바인딩 수",
        (Limit::Bindings, Lang::En) => "number of bindings",
        (Limit::Channels, Lang::Ko) => "채널 수",
        (Limit::Channels, Lang::En) => "number of channels",
        (Limit::ConsumersPerChannel, Lang::Ko) => "채널당 컨슈머 수",
        (Limit::ConsumersPerChannel, Lang::En) => "consumers per channel",
        (Limit::MessageSize, Lang::Ko) => "메시지 크기(바이트)",
        (Limit::MessageSize, Lang::En) => "message size (bytes)",
        (Limit::MessagesStored, Lang::Ko) => "저장된 메시지 수",
        (Limit::MessagesStored, Lang::En) => "messages stored",
        (Limit::RoutingKeyLength, Lang::Ko) => "라우팅 키 길이(바이트)",
        (Limit::RoutingKeyLength, Lang::En) => "routing key length (bytes)",
        (Limit::AdvanceMs, Lang::Ko) => "한 번에 흘릴 시간(ms)",
        (Limit::AdvanceMs, Lang::En) => "time advanced at once (ms)",
        (Limit::StreamRate, Lang::Ko) => "계속 보내기의 초당 메시지 수",
        (Limit::StreamRate, Lang::En) => "steady stream messages per second",
        (Limit::StreamMessages, Lang::Ko) => "한 번에 흘린 시간 동안 계속 보내기가 보낼 메시지 수",
        (Limit::StreamMessages, Lang::En) => "messages the steady stream sends within one advance",
    }
}

/// Every error, in words, prefixed by the AMQP reply code a real RabbitMQ would send.
pub fn error(e: &Error, lang: Lang) -> String {
    use Error as X;
    let rc = e.reply_code();
    let body = match e {
        X::ExchangeNotFound { name } => say(
            lang,
            format!("`{name}` exchange가 없습니다."),
            format!("no exchange `{name}`."),
        ),
        X::QueueNotFound { name } => {
            say(lang, format!("`{name}` 큐가 없습니다."), format!("no queue `{name}`."))
        }
        X::ReservedName { kind, name } => say(
            lang,
            format!("`{name}`: `amq.`로 시작하는 {} 이름은 RabbitMQ가 예약해 두어 쓸 수 없습니다.", kind_word(*kind, lang)),
            format!("`{name}`: {} names starting with `amq.` are reserved by RabbitMQ.", kind_word(*kind, lang)),
        ),
        X::DefaultExchangeAccess => say(
            lang,
            "기본 exchange(\"\")는 선언, 삭제, 바인딩할 수 없습니다. 모든 큐가 자기 이름으로 이미 묶여 있습니다.".into(),
            "the default exchange (\"\") cannot be declared, deleted, bound or unbound: every queue is already bound to it by name.".into(),
        ),
        X::InternalExchange { name } => say(
            lang,
            format!("`{name}` exchange는 internal이라 publisher가 직접 보낼 수 없습니다. 다른 exchange의 바인딩을 통해서만 받습니다."),
            format!("exchange `{name}` is internal: publishers cannot publish to it, only other exchanges can route into it."),
        ),
        X::Inequivalent { kind, name, differs } => say(
            lang,
            format!("`{name}` {}가 이미 다른 설정으로 있습니다: `{}` 설정이 다릅니다. 지우고 다시 만들어야 합니다.", kind_word(*kind, lang), inequivalent(differs)),
            format!("{} `{name}` already exists with a different `{}`; delete it first to redeclare.", kind_word(*kind, lang), inequivalent(differs)),
        ),
        X::InvalidArgument { kind, name, argument, problem } => say(
            lang,
            format!("{} `{name}`의 인자 `{argument}`: {}.", kind_word(*kind, lang), arg_problem(problem, lang)),
            format!("{} `{name}`, argument `{argument}`: {}.", kind_word(*kind, lang), arg_problem(problem, lang)),
        ),
        X::UnknownExchangeType { name } => say(
            lang,
            format!("없는 exchange 타입입니다: `{name}` (direct, fanout, topic, headers 중 하나)."),
            format!("there is no exchange type `{name}` (direct, fanout, topic, headers)."),
        ),
        X::ExclusiveQueueLocked { name } => say(
            lang,
            format!("`{name}` 큐는 다른 연결의 exclusive 큐라 쓸 수 없습니다."),
            format!("queue `{name}` is exclusive to another connection."),
        ),
        X::InUse { kind, name } => say(
            lang,
            format!("`{name}` {}가 아직 쓰이고 있습니다 (if-unused).", kind_word(*kind, lang)),
            format!("{} `{name}` is still in use (if-unused).", kind_word(*kind, lang)),
        ),
        X::NotEmpty { name } => say(
            lang,
            format!("큐 `{name}`에 메시지가 남아 있습니다 (if-empty)."),
            format!("queue `{name}` still holds messages (if-empty)."),
        ),
        X::QuorumQueueProperty { name } => say(
            lang,
            format!("`{name}` quorum 큐는 durable이어야 하고 exclusive나 auto-delete일 수 없습니다."),
            format!("quorum queue `{name}` must be durable, and cannot be exclusive or auto-delete."),
        ),
        X::ChannelNotOpen { channel } => say(
            lang,
            format!("채널 {channel}번이 열려 있지 않습니다. 먼저 채널을 여세요."),
            format!("channel {channel} is not open; open a channel first."),
        ),
        X::UnknownDeliveryTag { channel, delivery_tag } => say(
            lang,
            format!("채널 {channel}번에는 ack를 기다리는 delivery tag {delivery_tag}번이 없습니다. delivery tag는 채널마다 따로 셉니다."),
            format!("channel {channel} has no unacknowledged delivery tag {delivery_tag}; delivery tags are counted per channel."),
        ),
        X::ConsumerTagInUse { tag } => say(
            lang,
            format!("`{tag}` 컨슈머 태그가 이 채널에서 이미 쓰이고 있습니다."),
            format!("consumer tag `{tag}` is already used on this channel."),
        ),
        X::UnknownConsumerTag { tag } => say(
            lang,
            format!("`{tag}` 컨슈머 태그가 없습니다."),
            format!("no consumer tagged `{tag}`."),
        ),
        X::ExclusiveConsumer { queue } => say(
            lang,
            format!("큐 `{queue}`에 exclusive 컨슈머가 있거나, 이미 쓰이는 큐에 exclusive로 붙으려 했습니다."),
            format!("queue `{queue}` has an exclusive consumer, or is already in use by others."),
        ),
        X::InvalidExpiration { value } => say(
            lang,
            format!("expiration 값 `{value}`: 0 이상의 정수(밀리초)를 담은 문자열이어야 합니다."),
            format!("expiration `{value}` must be a non-negative whole number of milliseconds."),
        ),
        X::NotImplemented { what } => {
            let (ko, en) = match what {
                Unsupported::GlobalQos => ("global qos는 이 시뮬레이터에서 지원하지 않습니다.", "global qos is not supported here."),
                Unsupported::ExchangeType => ("이 exchange 타입은 지원하지 않습니다.", "this exchange type is not supported."),
            };
            say(lang, ko.into(), en.into())
        }
        X::LimitExceeded { what, limit: max } => say(
            lang,
            format!("{} 한도({max})를 넘었습니다.", limit(*what, lang)),
            format!("{} is limited to {max}.", limit(*what, lang)),
        ),
    };
    format!("{} {}: {body}", rc.code(), rc.name())
}

/// A field value as a client library would print it.
pub fn value(v: &FieldValue) -> String {
    match v {
        FieldValue::Void => "(void)".into(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Int(i) => i.to_string(),
        FieldValue::Float(f) => f.to_string(),
        FieldValue::Str(s) => s.clone(),
        FieldValue::Timestamp(t) => format!("{t}s"),
        FieldValue::Array(a) => format!("[{}]", a.iter().map(value).collect::<Vec<_>>().join(", ")),
        FieldValue::Table(t) => table(t),
    }
}

pub fn table(t: &FieldTable) -> String {
    format!(
        "{{{}}}",
        t.iter()
            .map(|(k, v)| format!("{k}: {}", value(v)))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Why one binding matched, in words.
pub fn binding_match(m: &BindingMatch, routing_key: &str, lang: Lang) -> String {
    let dest = &m.destination;
    let src = exchange_name(&m.source, lang);
    match &m.reason {
        MatchReason::DefaultExchange => say(
            lang,
            format!(
                "{src}: 라우팅 키가 큐 이름과 같아서(`{routing_key}`) 그 큐로 갑니다 → `{dest}`"
            ),
            format!("{src}: the routing key `{routing_key}` is the name of queue `{dest}`."),
        ),
        MatchReason::DirectKeyEqual => say(
            lang,
            format!(
                "direct {src}: 라우팅 키가 바인딩 키와 같습니다(`{routing_key}` = `{}`) → `{dest}`",
                m.binding_key
            ),
            format!(
                "direct {src}: routing key `{routing_key}` equals binding key `{}`, so it goes to `{dest}`.",
                m.binding_key
            ),
        ),
        MatchReason::Fanout => say(
            lang,
            format!("fanout {src}: 라우팅 키와 상관없이 묶인 `{dest}`에 복사본을 보냅니다."),
            format!(
                "fanout {src}: every bound destination gets a copy, whatever the key; so `{dest}` does."
            ),
        ),
        MatchReason::Topic { spans } => {
            let took = topic_spans(&m.binding_key, routing_key, spans, lang);
            say(
                lang,
                format!(
                    "topic {src}: 패턴 `{}` 일치 (라우팅 키 `{routing_key}`){took} → `{dest}`",
                    m.binding_key
                ),
                format!(
                    "topic {src}: pattern `{}` matched `{routing_key}`{took} → `{dest}`",
                    m.binding_key
                ),
            )
        }
        MatchReason::Headers(why) => {
            format!("headers {src} → `{dest}`: {}", headers_why(why, true, lang))
        }
    }
}

/// `: `*` took `football`, `#` took nothing` for the wildcards of a matched pattern.
pub fn topic_spans(pattern: &str, key: &str, spans: &[WordSpan], lang: Lang) -> String {
    let p = topic::parse_pattern(pattern);
    let k = topic::split_words(key);
    let mut parts = Vec::new();
    for s in spans {
        let Some(w) = p.get(s.pattern_word as usize) else {
            continue;
        };
        let from = s.first_key_word as usize;
        let to = (from + s.key_words as usize).min(k.len());
        let words = k.get(from..to).unwrap_or_default().join(".");
        match w {
            PatternWord::Star => parts.push(say(
                lang,
                format!("`*` 자리에 `{words}`"),
                format!("`*` took `{words}`"),
            )),
            PatternWord::Hash if s.key_words == 0 => parts.push(say(
                lang,
                "`#` 자리에는 단어 없음(0개)".into(),
                "`#` took no words".into(),
            )),
            PatternWord::Hash => parts.push(say(
                lang,
                format!("`#` 자리에 `{words}`"),
                format!("`#` took `{words}`"),
            )),
            PatternWord::Literal(_) => {}
        }
    }
    if parts.is_empty() {
        say(
            lang,
            ": 단어가 모두 그대로 같습니다".into(),
            ": every word is equal".into(),
        )
    } else {
        format!(": {}", parts.join(", "))
    }
}

/// Why a topic pattern does not match a key.
pub fn topic_miss(pattern: &str, key: &str, lang: Lang) -> String {
    let p = topic::parse_pattern(pattern);
    let k = topic::split_words(key);
    let has_hash = p.contains(&PatternWord::Hash);
    if !has_hash && p.len() != k.len() {
        return say(
            lang,
            format!(
                "패턴 `{pattern}`: {}단어, 키 `{key}`: {}단어입니다. `*`는 정확히 한 단어에만 맞고 `#`도 없으니, 단어 수가 같아야 합니다.",
                p.len(),
                k.len()
            ),
            format!(
                "pattern `{pattern}` has {} words and key `{key}` has {}; `*` takes exactly one word and there is no `#`, so the counts must be equal.",
                p.len(),
                k.len()
            ),
        );
    }
    if !has_hash {
        for (i, (pw, kw)) in p.iter().zip(&k).enumerate() {
            if let PatternWord::Literal(l) = pw
                && l != kw
            {
                return say(
                    lang,
                    format!("{}번째 단어가 다릅니다: 패턴 `{l}`, 키 `{kw}`.", i + 1),
                    format!(
                        "word {} differs: the pattern has `{l}`, the key has `{kw}`.",
                        i + 1
                    ),
                );
            }
        }
    }
    say(
        lang,
        format!(
            "패턴 `{pattern}`의 단어들을 `{key}`에 순서대로 맞출 방법이 없습니다. `*`는 한 단어, `#`는 0개 이상의 단어입니다."
        ),
        format!(
            "the words of `{pattern}` cannot be lined up with `{key}` in order; `*` is one word, `#` zero or more."
        ),
    )
}

/// A headers comparison in words.
pub fn headers_why(why: &HeadersWhy, matched: bool, lang: Lang) -> String {
    let mode = match why.x_match {
        XMatch::All => "x-match=all",
        XMatch::Any => "x-match=any",
        XMatch::AllWithX => "x-match=all-with-x",
        XMatch::AnyWithX => "x-match=any-with-x",
    };
    let checks: Vec<String> = why
        .checks
        .iter()
        .map(|c| match c {
            HeaderCheck::Equal { key } => {
                say(lang, format!("`{key}` 같음 ✓"), format!("`{key}` equal ✓"))
            }
            HeaderCheck::Present { key } => say(
                lang,
                format!("`{key}` 있음 ✓"),
                format!("`{key}` present ✓"),
            ),
            HeaderCheck::Differs {
                key,
                expected,
                actual,
            } => say(
                lang,
                format!(
                    "`{key}`: 기대값 `{}`, 실제 `{}` ✗",
                    value(expected),
                    value(actual)
                ),
                format!(
                    "`{key}`: expected `{}`, got `{}` ✗",
                    value(expected),
                    value(actual)
                ),
            ),
            HeaderCheck::Missing { key } => say(
                lang,
                format!("`{key}` 헤더 없음 ✗"),
                format!("`{key}` missing ✗"),
            ),
            HeaderCheck::IgnoredX { key } => say(
                lang,
                format!("`{key}`: x- 인자라 비교하지 않음"),
                format!("`{key}` ignored (x- argument)"),
            ),
        })
        .collect();
    let verdict = match (why.x_match, matched) {
        (XMatch::All | XMatch::AllWithX, true) => say(
            lang,
            "모두 맞아서 통과".into(),
            "all matched, so it passes".into(),
        ),
        (XMatch::All | XMatch::AllWithX, false) => say(
            lang,
            "하나라도 틀리면 안 되므로 탈락".into(),
            "one mismatch is enough to fail".into(),
        ),
        (_, true) => say(
            lang,
            "하나만 맞으면 되므로 통과".into(),
            "one match is enough, so it passes".into(),
        ),
        (_, false) => say(
            lang,
            "맞는 것이 하나도 없어 탈락".into(),
            "nothing matched, so it fails".into(),
        ),
    };
    format!("{mode}: {} → {verdict}", checks.join("; "))
}

/// One `x-death` entry in words.
pub fn death(d: &Death, lang: Lang) -> String {
    let keys = join(&d.routing_keys);
    let times = if d.count == 1 {
        say(lang, "1번".into(), "once".into())
    } else {
        say(lang, format!("{}번", d.count), format!("{} times", d.count))
    };
    let mut s = say(
        lang,
        format!(
            "큐 `{}`에서 {} 이유로 {times} 죽었습니다 (당시 exchange: {}, 라우팅 키: {keys}).",
            d.queue,
            reason_word(d.reason, lang),
            exchange_name(&d.exchange, lang)
        ),
        format!(
            "Died in `{}` {times}, because of {}. It had been published to {} with {keys}.",
            d.queue,
            reason_word(d.reason, lang),
            exchange_name(&d.exchange, lang)
        ),
    );
    if let Some(e) = &d.original_expiration {
        s.push(' ');
        s.push_str(&say(
            lang,
            format!("원래 expiration(`{e}`)은 데드 레터가 되면서 지워지고 original-expiration에 남았습니다."),
            format!("Its expiration `{e}` was removed and kept as original-expiration."),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::rabbit::ChannelId;

    #[test]
    fn the_star_takes_one_word() {
        let spans = topic::explain("sport.*.goal", "sport.football.goal").expect("matches");
        let s = topic_spans("sport.*.goal", "sport.football.goal", &spans, Lang::En);
        assert_eq!(s, ": `*` took `football`");
        let miss = topic_miss("sport.*.goal", "sport.football.final.goal", Lang::En);
        assert!(miss.contains("has 3 words"), "{miss}");
    }

    #[test]
    fn errors_carry_the_reply_code_in_both_languages() {
        let errors = [
            Error::ReservedName {
                kind: ObjectKind::Exchange,
                name: "amq.x".into(),
            },
            Error::InvalidExpiration {
                value: "soon".into(),
            },
            Error::UnknownDeliveryTag {
                channel: 2,
                delivery_tag: 9,
            },
            Error::ChannelNotOpen { channel: 7 },
            Error::NotImplemented {
                what: Unsupported::GlobalQos,
            },
        ];
        for e in &errors {
            let code = e.code().to_string();
            for lang in [Lang::Ko, Lang::En] {
                let s = error(e, lang);
                assert!(s.starts_with(&code), "{s}");
            }
            assert_ne!(error(e, Lang::Ko), error(e, Lang::En));
        }
    }

    #[test]
    fn notable_events_are_worded() {
        let e = Event::ChannelClosed {
            channel: ChannelId(2),
            cause: CloseCause::Crash,
        };
        assert_eq!(
            event(&e, Lang::En).as_deref(),
            Some("Channel 2 closed: the client crashed.")
        );
        assert!(event(&Event::TimeAdvanced { now: 100 }, Lang::Ko).is_none());
    }
}
