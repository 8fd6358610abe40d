//! Every word the Kafka view shows, in Korean and English.

use lessons::Text;

const fn t(ko: &'static str, en: &'static str) -> Text {
    Text::new(ko, en)
}

// ---- areas ----------------------------------------------------------------------------------
pub const VIEW: Text = t("이벤트 브로커 (Kafka)", "Event broker (Kafka)");
pub const CLUSTER: Text = t("클러스터", "Cluster");
pub const CONTROLS: Text = t("Kafka 조작", "Kafka controls");
pub const PRODUCER: Text = crate::i18n::PRODUCER;
pub const PRODUCERS: Text = t("프로듀서 클라이언트", "Producer clients");
pub const BROKERS: Text = t("브로커", "Brokers");
pub const BROKER: Text = t("브로커", "Broker");
pub const TOPIC: Text = crate::i18n::TOPIC;
pub const TOPICS: Text = t("토픽", "Topics");
pub const PARTITION: Text = crate::i18n::PARTITION;
pub const GROUPS: Text = t("컨슈머 그룹", "Consumer groups");
pub const GROUP: Text = t("컨슈머 그룹", "Consumer group");
pub const INSPECTOR: Text = t("인스펙터: 왜?", "Inspector: why?");
pub const CHARTS: Text = t("차트", "Charts");
pub const COMMANDS: Text = t("실제 Kafka 명령어와 설정", "Equivalent real commands");
pub const SCALE: Text = t("월드컵 규모로", "World Cup at scale");

// ---- produce --------------------------------------------------------------------------------
pub const KEY: Text = crate::i18n::KEY;
pub const VALUE: Text = crate::i18n::VALUE;
pub const VALUE_SIZE: Text = t(
    "value 크기 (바이트, 선택: 적은 value를 이 크기까지 채움)",
    "Value size (bytes, optional: fills the value up to it)",
);
pub const BAD_VALUE_SIZE: Text = t(
    "value 크기는 0부터 4194304(4 MiB)까지의 정수여야 합니다.",
    "The value size must be a whole number from 0 to 4194304 (4 MiB).",
);
// The text above names the simulator's limit on one message.
const _: () = assert!(engine::limits::MAX_MESSAGE_BYTES == 4_194_304);
pub const HEADERS: Text = t("헤더 (k=v, 쉼표로 구분)", "Headers (k=v, comma-separated)");
pub const EXPLICIT_PARTITION: Text = t("파티션 지정 (선택)", "Partition (optional)");
pub const PRODUCE: Text = crate::i18n::PRODUCE;
pub const WAIT_LINGER: Text = t(
    "바로 보내지 않고 linger.ms까지 모으기",
    "Batch: wait for linger.ms instead of sending now",
);
pub const NO_KEY: Text = crate::i18n::NO_KEY;
pub const EMPTY_PARTITION: Text = crate::i18n::EMPTY_PARTITION;
pub const VALUE_REQUIRED: Text = crate::i18n::VALUE_REQUIRED;
pub const BAD_PARTITION_TEXT: Text = t(
    "파티션 번호는 0 이상의 정수여야 합니다.",
    "The partition must be a whole number, 0 or more.",
);
pub const BAD_NUMBER: Text = t("숫자를 입력해야 합니다.", "Enter a number.");
pub const BAD_HEADERS: Text = t(
    "헤더는 `이름=값` 형식으로, 쉼표로 구분해 적어 주세요.",
    "Write headers as `name=value`, separated by commas.",
);
pub const FROM_PRODUCER: Text = t("보낼 프로듀서", "Send from producer");

// ---- producer config ------------------------------------------------------------------------
pub const PRODUCER_CONFIG: Text = t("프로듀서 설정", "Producer configs");
pub const CONFIG_NAME: Text = t("설정 이름", "Config name");
pub const CONFIG_VALUE: Text = t("설정 값", "Config value");
pub const APPLY: Text = t("적용", "Apply");
pub const NEW_PRODUCER: Text = t(
    "새 프로듀서 (partitioner 선택)",
    "New producer (choose the partitioner)",
);
pub const PRODUCER_NAME: Text = t("프로듀서 이름", "Producer name");
pub const PARTITIONER: Text = t("파티셔너", "Partitioner");
pub const P_STICKY: Text = t(
    "기본: 키는 murmur2 해시, 키 없으면 sticky",
    "Default: key → murmur2 hash, keyless → sticky",
);
pub const P_ROUND_ROBIN: Text = t(
    "기본: 키는 murmur2 해시, 키 없으면 라운드 로빈",
    "Default: key → murmur2 hash, keyless → round-robin",
);
pub const P_BY_HEADER: Text = t(
    "커스텀: 헤더 값으로 (예: match-id)",
    "Custom: by a header field (e.g. match-id)",
);
pub const P_SALT: Text = t(
    "커스텀: 랜덤 솔팅 (키#salt)",
    "Custom: random salting (key#salt)",
);
pub const P_COMPOUND: Text = t(
    "커스텀: 복합 키 (키|헤더 값)",
    "Custom: compound key (key|header value)",
);
pub const P_FIELD: Text = t("헤더 이름", "Header name");
pub const P_SALTS: Text = t("salt 개수", "Number of salts");
pub const CREATE_PRODUCER: Text = t("프로듀서 만들기", "Create producer");

// ---- topics ---------------------------------------------------------------------------------
pub const DELETE_TOPIC: Text = t("토픽 삭제", "Delete topic");
pub const TOPIC_ADMIN: Text = t("토픽 관리", "Topics");
pub const TOPIC_NAME: Text = t("토픽 이름", "Topic name");
pub const PARTITIONS: Text = t("파티션 수", "Partitions");
pub const RF: Text = t("복제 계수 (replication factor)", "Replication factor");
pub const TOPIC_CONFIGS: Text = t(
    "토픽 설정 (k=v, 쉼표로 구분)",
    "Topic configs (k=v, comma-separated)",
);
pub const CREATE_TOPIC: Text = t("토픽 만들기", "Create topic");
pub const ADD_PARTITIONS: Text = t("파티션 늘리기", "Add partitions");
pub const NEW_TOTAL: Text = t("새 파티션 수 (전체)", "New partition count (total)");
pub const ALTER_TOPIC: Text = t("토픽 설정 바꾸기", "Alter topic config");

// ---- brokers --------------------------------------------------------------------------------
pub const CONTROLLER: Text = t("컨트롤러", "controller");
pub const UP: Text = t("동작 중", "up");
pub const DOWN: Text = t("중지됨", "down");
pub const ISOLATED: Text = t("네트워크 격리", "isolated");
pub const FENCED: Text = t("펜싱됨", "fenced");
pub const SLOW: Text = t("느린 팔로워", "slow follower");
pub const KILL: Text = t("강제 종료", "Kill");
pub const RESTART: Text = t("재시작", "Restart");
pub const ISOLATE: Text = t("격리", "Isolate");
pub const HEAL: Text = t("복구", "Heal");
pub const SLOW_DOWN: Text = t("느리게", "Slow");
pub const LEADS: Text = t("리더 파티션", "leads");
pub const HOLDS: Text = t("레플리카", "replicas");
pub const NEW_CLUSTER: Text = t("새 클러스터 (브로커 수)", "New cluster (brokers)");
pub const NEW_CLUSTER_GO: Text = t("새로 시작", "Start over");
pub const ADD_BROKER: Text = t("브로커 추가", "Add a broker");
pub const ADD_BROKER_HINT: Text = t(
    "새 브로커는 빈 상태로 합류합니다. 기존 파티션은 재할당 전까지 그대로이고, 이후 만드는 토픽과 파티션만 배치됩니다.",
    "A new broker joins empty: existing partitions stay put until reassigned; only topics and partitions created later are placed on it.",
);
pub const BROKER_CONFIG: Text = t("브로커 설정", "Broker config");

// ---- partitions -----------------------------------------------------------------------------
pub const LEADER: Text = t("리더", "leader");
pub const FOLLOWER: Text = t("팔로워", "follower");
pub const NO_LEADER: Text = t("리더 없음 (오프라인)", "no leader (offline)");
pub const ISR: Text = t("ISR", "ISR");
pub const LSO: Text = t("로그 시작 offset", "log start offset");
pub const LEO: Text = t("LEO", "LEO");
pub const HW: Text = t("하이 워터마크", "high watermark");
pub const EPOCH: Text = t("리더 에포크", "leader epoch");
pub const EARLIER: Text = t("개의 이전 레코드", "earlier records");
pub const REPLICAS: Text = t("레플리카", "Replicas");
pub const OFFSET: Text = crate::i18n::OFFSET;
pub const RECORDS_LIST: Text = t("레코드 목록", "Records");
pub const UNDER_REPLICATED: Text = t("복제 부족", "under-replicated");
pub const AGGREGATED: Text = t(
    "파티션이 많아 레코드 대신 파티션별 개수와 유입량(열 막대)으로 보여 줍니다.",
    "Many partitions: showing per-partition counts and heat bars instead of single records.",
);
pub const HOT: Text = t("핫 파티션", "hot partition");
pub const PER_SEC: Text = t("건/초", "msg/s");

// ---- groups ---------------------------------------------------------------------------------
pub const SUBSCRIBE: Text = t("구독하기", "Subscribe");
pub const GROUP_ID: Text = t("그룹 (group.id)", "Group (group.id)");
pub const MEMBER: Text = t("컨슈머 이름", "Consumer name");
pub const SUB_TOPICS: Text = t("구독할 토픽 (쉼표로 구분)", "Topics (comma-separated)");
pub const ASSIGNOR: Text = t(
    "파티션 할당 전략 (assignor)",
    "Assignor (partition.assignment.strategy)",
);
pub const INSTANCE_ID: Text = t(
    "group.instance.id (정적 멤버, 선택)",
    "group.instance.id (static member, optional)",
);
pub const AUTO_COMMIT: Text = t("enable.auto.commit (자동 커밋)", "enable.auto.commit");
pub const OFFSET_RESET: Text = t("auto.offset.reset", "auto.offset.reset");
pub const POLL: Text = t("poll", "Poll");
pub const COMMIT: Text = t("커밋", "Commit");
pub const LEAVE: Text = t("나가기", "Leave");
pub const SLOW_CONSUMER: Text = t("느리게 소비", "Slow down");
pub const MAX_POLL_RECORDS: Text = t("poll당 최대", "max per poll");
pub const CRASH: Text = t("크래시", "Crash");
pub const SEEK: Text = t("seek (다시 읽기)", "Seek (replay)");
pub const SEEK_TO: Text = t("어디로", "Seek to");
pub const BEGINNING: Text = t("처음 (log start)", "beginning");
pub const END: Text = t("끝 (하이 워터마크)", "end");
pub const AT_OFFSET: Text = t("이 offset으로", "this offset");
pub const SEEK_OFFSET: Text = t("seek할 offset", "Seek offset");
pub const GENERATION: Text = t("generation", "generation");
pub const LAG: Text = t("lag", "Lag");
pub const TOTAL_LAG: Text = t("전체 lag", "total lag");
pub const COMMITTED: Text = t("커밋된 offset", "committed");
pub const POSITION: Text = t("현재 위치", "position");
pub const OWNER: Text = t("담당 컨슈머", "owner");
pub const IDLE: Text = t("할당된 파티션 없음 (대기)", "no partitions (idle)");
pub const CRASHED: Text = t("멈춤 (크래시/종료)", "stopped (crashed or closed)");
pub const ASSIGNED: Text = t("할당", "assigned");
pub const CONSUMED: Text = t("읽은 수", "consumed");
pub const NONE: Text = t("없음", "none");

// ---- stream ---------------------------------------------------------------------------------
pub const STREAM: Text = t("연속 스트림", "Steady stream");
pub const STREAM_ON: Text = t(
    "스트림 켜기 (시간이 흐르는 동안 계속 보냄)",
    "Stream on (produces while time runs)",
);
pub const STREAM_SENT: Text = t(
    "스트림이 보낸 레코드 {n}건",
    "{n} records sent by the stream",
);
pub const STREAM_HELD_BACK: Text = t(
    "버퍼가 가득 차서 {n}건은 보내지 못함 (백프레셔)",
    "{n} held back by a full buffer (back pressure)",
);
pub const STREAM_ORDER_KEPT: Text = t(
    "컨슈머가 읽은 이벤트 {read}건, 경기별 순서 어긋남 없음",
    "{read} events read by the consumers, every match in order",
);
pub const STREAM_OUT_OF_ORDER: Text = t(
    "컨슈머가 읽은 이벤트 {read}건 중 {n}건이 같은 경기의 더 늦은 이벤트보다 나중에 읽힘 ({pct}%)",
    "{n} of {read} events read came after a later event of the same match ({pct}%)",
);
pub const STREAM_OUT_OF_ORDER_LAST: Text = t(
    "최근 사례: {key} #{seq} 이벤트를 #{after} 다음에 읽음 ({topic}-{partition}, offset {offset})",
    "Latest: {key} #{seq} was read after #{after} ({topic}-{partition}, offset {offset})",
);
pub const RATE: Text = t("초당 메시지 수", "Messages per second");
pub const KEY_PATTERN: Text = t("키 패턴", "Key pattern");
pub const KP_MATCH: Text = t("경기 id (match-N)", "match id (match-N)");
pub const KP_NONE: Text = t("키 없음", "no key");
pub const KP_HOT: Text = t("하나의 핫 키 (결승전)", "one hot key (the final)");
pub const KP_SALTED: Text = t("핫 키 + 솔팅", "hot key, salted");
pub const KP_COMPOUND: Text = t("복합 키 (경기|지역)", "compound key (match|region)");
pub const AUTO_CONSUME: Text = t(
    "구독한 컨슈머가 100 ms마다 poll + 커밋",
    "Subscribed consumers poll and commit every 100 ms",
);
pub const STREAM_TOPIC: Text = t("스트림 토픽", "Stream topic");

// ---- scale ----------------------------------------------------------------------------------
pub const WORLD_CUP: Text = t(
    "월드컵 규모 시나리오 불러오기",
    "Load the World Cup at scale",
);
pub const WORLD_CUP_ABOUT: Text = t(
    "경기 1,000개가 킥오프·골·카드·교체 이벤트를 경기 id를 키로 48개 파티션(브로커 6대)에 보내고, 컨슈머 12개로 이루어진 그룹 하나가 읽습니다. 재생을 누르면 초당 약 2,000건이 흐릅니다.",
    "1,000 matches emit kick-offs, goals, cards and substitutions keyed by match id into 48 partitions on 6 brokers, read by a group of 12. Press Play: about 2,000 messages/s flow.",
);
pub const LOAD: Text = t(
    "파티션별 부하 (최근 유입량)",
    "Load per partition (recent messages in)",
);

// ---- charts ---------------------------------------------------------------------------------
pub const THROUGHPUT: Text = t(
    "파티션별 처리량 (건/틱)",
    "Throughput per partition (msgs/tick)",
);
pub const LAG_CHART: Text = t("컨슈머 lag", "Consumer lag");
pub const ISR_CHART: Text = t(
    "ISR 크기 합계 / 전체 레플리카",
    "ISR size (sum) / all replicas",
);
pub const NO_DATA: Text = t(
    "아직 데이터가 없습니다. 재생하거나 한 틱 진행해 보세요.",
    "No data yet: play or step time.",
);
pub const CHART_HOT: Text = t("가장 뜨거운 파티션", "Hottest partition");

// ---- commands -------------------------------------------------------------------------------
pub const COPY: Text = t("복사", "Copy");
pub const COPIED: Text = t("복사했습니다", "Copied");
pub const COMMANDS_TEXT: Text = t("명령어와 설정 파일", "Commands and config files");

// ---- inspector ------------------------------------------------------------------------------
pub const PICK: Text = t(
    "레코드, 파티션, 브로커, 컨슈머를 누르면 엔진이 기록한 내용과 그 이유를 보여 줍니다.",
    "Select a record, partition, broker or consumer to see what the engine recorded and why.",
);
pub const CLOSE: Text = t("닫기", "Close");
pub const WHY_HERE: Text = t("왜 이 파티션에?", "Why this partition?");
pub const ACK_INFO: Text = t("응답(ack) 당시", "At acknowledgement");
pub const NOT_ACKED: Text = t(
    "이 레코드의 ack는 아직 보지 못했습니다 (또는 타임라인 이전에 일어났습니다).",
    "No acknowledgement seen for this record yet (or it happened before this view started).",
);
pub const REPLICATED_TO: Text = t("복제 상태", "Replication");
pub const VISIBLE: Text = t(
    "하이 워터마크 아래에 있으므로 컨슈머가 읽을 수 있습니다.",
    "Below the high watermark: consumers can read it.",
);
pub const NOT_VISIBLE: Text = t(
    "아직 하이 워터마크 위에 있습니다. ISR 모두가 복제하기 전에는 컨슈머에게 보이지 않습니다.",
    "Above the high watermark: consumers cannot see it until every ISR member has copied it.",
);
pub const TIMESTAMP: Text = t("타임스탬프", "timestamp");
pub const LAST_REBALANCE: Text = t("마지막 리밸런스", "Last rebalance");
pub const NO_REBALANCE_SEEN: Text = t(
    "이 화면에서 아직 리밸런스를 보지 못했습니다.",
    "No rebalance seen in this view yet.",
);
pub const LAST_ELECTION: Text = t("마지막 리더 선출", "Last leader election");
