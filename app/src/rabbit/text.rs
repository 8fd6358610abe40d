//! Every word of the RabbitMQ view, in Korean and English.

use engine::rabbit::{AutoSettle, Behaviour};
use lessons::{Lang, Text};

const fn t(ko: &'static str, en: &'static str) -> Text {
    Text::new(ko, en)
}

pub const VIEW: Text = t("RabbitMQ 메시지 브로커", "RabbitMQ message broker");
pub const JUST_NOW: Text = t("방금 일어난 일", "What just happened");
pub const REFUSED: Text = t(
    "이 동작은 받아들여지지 않았습니다.",
    "That action was refused.",
);
pub const TOPOLOGY: Text = t("토폴로지", "Topology");
pub const CHANNELS: Text = t("프로듀서와 채널", "Publishers and channels");
pub const NO_CHANNELS: Text = t("열린 채널이 없습니다.", "No open channel.");
pub const EXCHANGES: Text = t("exchange", "Exchanges");
pub const QUEUES: Text = t("큐", "Queues");
pub const NO_QUEUES: Text = t("큐가 없습니다.", "No queues yet.");
pub const CONSUMERS: Text = t("컨슈머", "Consumers");
pub const NO_CONSUMERS: Text = t("구독 중인 컨슈머가 없습니다.", "No consumer subscribed.");
pub const CHANNEL: Text = t("채널", "Channel");
pub const CLOSE_CHANNEL: Text = t("채널 닫기", "Close channel");
pub const CLOSE: Text = t("닫기", "Close");
pub const CRASH_CHANNEL: Text = t("채널 크래시", "Crash channel");
pub const CRASH: Text = t("크래시", "Crash");
pub const ANY_KEY: Text = t("(모든 키)", "(any key)");
pub const BINDINGS: Text = t("바인딩", "Bindings");
pub const BINDING: Text = t("바인딩", "Binding");
pub const UNBIND: Text = t("바인딩 삭제", "Unbind");
pub const DEFAULT_X: Text = t("기본 exchange (\"\")", "default exchange (\"\")");
pub const QUEUE: Text = t("큐", "Queue");
pub const READY: Text = t("대기", "ready");
pub const READY_MESSAGES: Text = t("대기 중인 메시지", "Ready messages");
pub const CANCEL_CONSUMER: Text = t("구독 취소", "Cancel consumer");
pub const CRASH_CONSUMER: Text = t("컨슈머 크래시", "Crash consumer");
pub const CANCEL: Text = t("구독 취소", "Cancel");
pub const PREFETCH_WINDOW: Text = t("prefetch 창", "Prefetch window");
pub const DELIVERY_TAG: Text = t("delivery tag", "Delivery tag");
pub const ACK: Text = t("ack", "ack");
pub const NACK_REQUEUE: Text = t("nack 후 requeue", "nack and requeue");
pub const NACK_DROP: Text = t(
    "nack, requeue 없음 (DLX로)",
    "nack without requeue (to the DLX)",
);
pub const REJECT: Text = t(
    "reject, requeue 없음 (DLX로)",
    "reject without requeue (to the DLX)",
);

pub const CONTROLS: Text = t("RabbitMQ 조작", "RabbitMQ controls");
pub const PUBLISH: Text = t("메시지 보내기", "Publish");
pub const EXCHANGE: Text = t("exchange", "Exchange");
pub const ROUTING_KEY: Text = t("라우팅 키", "Routing key");
pub const BODY: Text = t("본문", "Body");
pub const PROPERTIES: Text = t("속성", "Properties");
pub const PERSISTENT: Text = t(
    "persistent (delivery mode 2)",
    "Persistent (delivery mode 2)",
);
pub const PRIORITY: Text = t("priority", "Priority");
pub const EXPIRATION: Text = t("expiration (ms)", "Expiration (ms)");
pub const MESSAGE_ID: Text = t("message id", "Message id");
pub const CONTENT_TYPE: Text = t("content type", "Content type");
pub const HEADERS: Text = t("헤더", "Headers");
pub const MANDATORY: Text = t(
    "mandatory (못 가면 돌려받기)",
    "Mandatory (return if unroutable)",
);
pub const TEST_ROUTE: Text = t("보내지 않고 라우팅만 확인", "Test the route (no publish)");
pub const ROUTES_NOWHERE: Text = t(
    "맞는 바인딩이 없어 어느 큐에도 가지 않습니다.",
    "No binding matches: it reaches no queue.",
);
pub const WOULD_REACH: Text = t("도착할 큐:", "Would reach:");
pub const PRIORITY_NUMBER: Text = t(
    "priority는 0부터 255 사이의 정수여야 합니다.",
    "Priority must be a whole number from 0 to 255.",
);
pub const DECLARE_EXCHANGE: Text = t("exchange 선언", "Declare an exchange");
pub const DECLARE_QUEUE: Text = t("큐 선언", "Declare a queue");
pub const DECLARE: Text = t("선언", "Declare");
pub const NAME: Text = t("이름", "Name");
pub const TYPE: Text = t("타입", "Type");
pub const DURABLE: Text = t("durable", "Durable");
pub const AUTO_DELETE: Text = t("auto-delete", "Auto-delete");
pub const INTERNAL: Text = t("internal", "Internal");
pub const EXCLUSIVE: Text = t("exclusive", "Exclusive");
pub const ALTERNATE: Text = t("alternate-exchange", "Alternate exchange");
pub const DLX: Text = t("데드 레터 exchange", "Dead letter exchange");
pub const DLK: Text = t("데드 레터 라우팅 키", "Dead letter routing key");
pub const TTL: Text = t("메시지 TTL (ms)", "Message TTL (ms)");
pub const MORE_ARGS: Text = t("인자 더 보기", "More arguments");
pub const EXPIRES: Text = t("큐 만료 x-expires (ms)", "Queue expiry x-expires (ms)");
pub const MAX_LENGTH: Text = t("최대 길이 (개)", "Max length (messages)");
pub const MAX_BYTES: Text = t("최대 길이 (바이트)", "Max length (bytes)");
pub const OVERFLOW: Text = t("넘칠 때 (x-overflow)", "On overflow (x-overflow)");
pub const MAX_PRIORITY: Text = t("최대 priority", "Max priority");
pub const QUEUE_TYPE: Text = t("큐 타입", "Queue type");
pub const DELIVERY_LIMIT: Text = t("전달 횟수 제한", "Delivery limit");
pub const BIND: Text = t("바인딩 만들기", "Bind");
pub const SOURCE: Text = t("출발 exchange", "Source exchange");
pub const DEST_KIND: Text = t("도착지 종류", "Destination kind");
pub const DESTINATION: Text = t("도착지", "Destination");
pub const BINDING_KEY: Text = t("바인딩 키 (패턴)", "Binding key (pattern)");
pub const BINDING_ARGS: Text = t("바인딩 인자 (headers)", "Binding arguments (headers)");
pub const WILDCARD_WORDS: Text = t(
    "`*`와 `#`는 점 사이의 한 단어 전체일 때만 와일드카드입니다. 단어 안에 섞이면 글자 그대로 비교합니다.",
    "`*` and `#` are wildcards only as a whole word between dots; inside a word they are matched literally.",
);
pub const CONSUME: Text = t("구독 (basic.consume)", "Consume (basic.consume)");
pub const CONSUMER_TAG: Text = t("컨슈머 태그", "Consumer tag");
pub const AUTO_ACK: Text = t("auto-ack (no-ack)", "Auto-ack (no-ack)");
pub const SETTLE: Text = t("처리 방식", "Settling");
pub const AFTER_MS: Text = t("처리 시간 (ms)", "Processing time (ms)");
pub const AFTER_NUMBER: Text = t(
    "처리 시간은 0 이상의 정수(ms)여야 합니다.",
    "Processing time must be a whole number of milliseconds.",
);
pub const CHANNELS_ACKS: Text = t("채널, prefetch, ack", "Channels, prefetch and acks");
pub const OPEN_CHANNEL: Text = t("채널 열기", "Open a channel");
pub const PREFETCH: Text = t("prefetch", "Prefetch");
pub const PREFETCH_NUMBER: Text = t(
    "prefetch는 0부터 65535 사이의 정수여야 합니다 (0은 무제한).",
    "Prefetch must be a whole number from 0 to 65535 (0 is unlimited).",
);
pub const TAG_NUMBER: Text = t(
    "delivery tag는 정수여야 합니다.",
    "A delivery tag is a whole number.",
);
pub const MULTIPLE: Text = t("multiple (이 tag까지 모두)", "Multiple (up to this tag)");
pub const REQUEUE: Text = t("requeue", "Requeue");
pub const STREAM: Text = t("계속 보내기", "Steady stream");
pub const STREAM_NOTE: Text = t(
    "첫 번째 채널에서 틱마다 보냅니다 (재생하거나 한 틱씩 진행할 때). 키 패턴의 {a|b}는 돌아가며, {n}은 번호로 바뀝니다.",
    "Publishes on the first channel on every tick (while playing, or step by step). In the key pattern, {a|b} takes turns and {n} is a counter.",
);
/// `{n}`: messages the stream has published.
pub const STREAM_SENT: Text = t("지금까지 {n}개 보냄", "{n} sent so far");
pub const RATE: Text = t("초당 메시지 수", "Messages per second");
pub const RATE_NUMBER: Text = t(
    "초당 메시지 수는 0 이상의 정수여야 합니다.",
    "The rate must be a whole number, 0 or more.",
);
pub const KEY_PATTERN: Text = t("라우팅 키 패턴", "Routing key pattern");
pub const STREAM_ON: Text = t("계속 보내는 중 (멈추기)", "Streaming (stop)");
pub const STREAM_OFF: Text = t("계속 보내기 시작", "Start the stream");
pub const BROKER: Text = t("브로커", "Broker");
pub const RESTART: Text = t("브로커 재시작", "Restart the broker");
pub const RESTART_NOTE: Text = t(
    "durable 큐와 그 안의 persistent 메시지만 살아남습니다.",
    "Only durable queues, and the persistent messages in them, survive.",
);

pub const INSPECTOR: Text = t("왜? (인스펙터)", "Why? (inspector)");
pub const INSPECT_HINT: Text = t(
    "메시지, 바인딩, exchange, 큐, 컨슈머를 누르면 엔진이 기록한 내용과 그 이유를 보여 줍니다.",
    "Select a message, binding, exchange, queue or consumer to see what the engine recorded and why.",
);
pub const MESSAGE: Text = t("메시지", "Message");
pub const MESSAGE_GONE: Text = t(
    "이 메시지는 이제 브로커에 없습니다 (ack되었거나, 버려졌거나, 다른 시점으로 이동했습니다).",
    "This message is no longer in the broker (acked, dropped, or you moved to another point in time).",
);
pub const REDELIVERED_WHY: Text = t(
    "redelivered: 이 메시지는 전에 한 번 전달됐다가 nack/reject(requeue) 또는 채널 종료로 큐에 돌아왔습니다. 컨슈머는 이미 처리했을 수도 있다고 생각해야 합니다.",
    "Redelivered: it was delivered before and came back to the queue (nack/reject with requeue, or its channel closed). The consumer should assume it may have been processed already.",
);
pub const WHY_HERE: Text = t("왜 여기로 왔나", "Why it went here");
pub const ROUTE_RECORDED: Text = t(
    "보낼 때 엔진이 기록한 라우팅 결정:",
    "The routing decision the engine recorded at publish:",
);
pub const ROUTE_RECOMPUTED: Text = t(
    "지금 바인딩으로 다시 계산한 라우팅 (보낼 때 기록은 이 화면에 없습니다):",
    "Routing recomputed with today's bindings (the publish happened before this view recorded it):",
);
pub const DEAD_LETTERING: Text = t("데드 레터 처리", "Dead-lettering");
pub const MATCHES: Text = t("맞습니다", "matches");
pub const DIRECT_EQUAL: Text = t(
    "라우팅 키가 바인딩 키와 같아서 보냅니다.",
    "The routing key equals the binding key: delivered.",
);
pub const DIRECT_DIFFERENT: Text = t(
    "direct는 글자 그대로 같아야 합니다. 다르므로 보내지 않습니다.",
    "Direct needs the exact same key; this one differs, so nothing is delivered.",
);
pub const FANOUT_ALWAYS: Text = t(
    "fanout은 키와 상관없이 항상 보냅니다.",
    "Fanout always delivers, whatever the key.",
);
pub const TRY_KEY: Text = t("라우팅 키로 시험해 보기", "Try a routing key");
pub const TRY_HEADERS: Text = t("헤더로 시험해 보기 (k=v, …)", "Try headers (k=v, …)");
pub const ABOUT_TOPIC: Text = t(
    "topic: 점으로 나눈 단어를 패턴과 비교합니다. `*`는 정확히 한 단어, `#`는 0개 이상의 단어입니다.",
    "Topic: dot-separated words are compared with the pattern; `*` is exactly one word, `#` zero or more.",
);
pub const ABOUT_DIRECT: Text = t(
    "direct: 라우팅 키가 바인딩 키와 글자 그대로 같을 때만 보냅니다.",
    "Direct: delivers only where the routing key is exactly the binding key.",
);
pub const ABOUT_FANOUT: Text = t(
    "fanout: 라우팅 키를 보지 않고 묶인 모든 곳에 복사본을 보냅니다.",
    "Fanout: ignores the routing key and copies to every bound destination.",
);
pub const ABOUT_HEADERS: Text = t(
    "headers: 라우팅 키 대신 메시지 헤더를 비교합니다. x-match=all은 모두, any는 하나만 맞으면 됩니다.",
    "Headers: compares message headers instead of the key; x-match=all needs every one, any needs one.",
);
pub const ABOUT_INTERNAL: Text = t(
    "internal: 프로듀서는 직접 보낼 수 없고, 다른 exchange가 exchange 간 바인딩으로만 넘겨줄 수 있습니다.",
    "Internal: publishers cannot publish here; only other exchanges can route into it through exchange-to-exchange bindings.",
);
pub const DELETE: Text = t("삭제", "Delete");
pub const PURGE: Text = t("비우기 (purge)", "Purge");
pub const NO_CONSUMER_WAITS: Text = t(
    "컨슈머가 없어서 메시지는 누군가 구독할 때까지 여기서 기다립니다.",
    "No consumer: messages wait here until someone subscribes.",
);
pub const AUTO_ACK_WHY: Text = t(
    "auto-ack: 보내는 순간 ack된 것으로 치므로, 컨슈머가 죽으면 처리 중이던 메시지는 사라집니다.",
    "Auto-ack: a delivery counts as acked the moment it is sent, so if the consumer dies its work is lost.",
);
pub const BY_HAND: Text = t("직접 (ack/nack 버튼)", "By hand (ack/nack buttons)");

pub const CHARTS: Text = t("시간에 따른 변화", "Over time");
pub const CHART_EMPTY: Text = t(
    "시간이 흐르면(재생하거나 한 틱 진행하면) 큐 깊이가 그려집니다.",
    "Let time pass (play or step) to chart the queue depths.",
);
pub const DLQ_DEPTH: Text = t("DLQ 깊이", "DLQ depth");
pub const CHART_NOW: Text = t("지금", "now");
pub const CHART_MAX: Text = t("최대", "max");

pub const DEFINITIONS: Text = t("실제 RabbitMQ와 오가기", "To and from a real RabbitMQ");
pub const EXPORT_JSON: Text = t(
    "definitions JSON (rabbitmqctl import_definitions)",
    "Definitions JSON (rabbitmqctl import_definitions)",
);
pub const EXPORT_CMDS: Text = t("rabbitmqadmin 명령", "rabbitmqadmin commands");
pub const COPY: Text = t("복사", "Copy");
pub const COPIED: Text = t("복사했습니다.", "Copied.");
pub const IMPORT: Text = t("내 브로커 불러오기", "Load your own broker");
pub const IMPORT_NOTE: Text = t(
    "rabbitmqctl export_definitions나 관리 UI의 \"Download broker definitions\"로 받은 JSON을 붙여 넣거나 여기에 끌어다 놓으세요. 지금 샌드박스는 불러온 토폴로지로 바뀝니다.",
    "Paste (or drop here) the JSON from rabbitmqctl export_definitions or the management UI's \"Download broker definitions\". The sandbox is replaced by the imported topology.",
);

pub fn settle_choice(key: &str, lang: Lang) -> &'static str {
    match key {
        "ack" => t("알아서 ack", "acks by itself").get(lang),
        "nack" => t(
            "poison: 항상 nack (requeue)",
            "poison: always nacks (requeue)",
        )
        .get(lang),
        "reject" => t("항상 reject (requeue 없음)", "always rejects (no requeue)").get(lang),
        _ => t("직접 (ack/nack 버튼)", "by hand (ack/nack buttons)").get(lang),
    }
}

pub fn behaviour(b: Behaviour, lang: Lang) -> String {
    let what = match b.action {
        AutoSettle::Ack => t("ack", "acks"),
        AutoSettle::NackRequeue => t("nack (requeue, poison)", "nacks (requeue, poison)"),
        AutoSettle::Reject => t("reject (requeue 없음)", "rejects (no requeue)"),
    };
    match lang {
        Lang::Ko => format!("{} ms 뒤 {}", b.after_ms, what.ko),
        Lang::En => format!("{} after {} ms", what.en, b.after_ms),
    }
}
