//! Every word of the interface in Korean and English, and the language the page starts in.

use lessons::Text;

pub const TITLE: Text = Text::new("브로커 플레이그라운드", "Broker Playground");
pub const TAGLINE: Text = Text::new(
    "Kafka와 RabbitMQ를 브라우저에서 직접 돌려 보며 배웁니다.",
    "Learn Kafka and RabbitMQ by running them right in your browser.",
);
pub const LANGUAGE: Text = Text::new("언어", "Language");
pub const TOPIC: Text = Text::new("토픽", "Topic");
pub const PARTITION: Text = Text::new("파티션", "Partition");
pub const OFFSET: Text = Text::new("offset", "offset");
pub const KEY: Text = Text::new("키", "Key");
pub const VALUE: Text = Text::new("값", "Value");
pub const NO_KEY: Text = Text::new("(키 없음)", "(no key)");
pub const PRODUCE: Text = Text::new("보내기", "Produce");
pub const PRODUCER: Text = Text::new("프로듀서", "Producer");
pub const EMPTY_PARTITION: Text = Text::new("아직 메시지가 없습니다", "No messages yet");
pub const VALUE_REQUIRED: Text = Text::new("값은 꼭 입력해야 합니다.", "A value is required.");

pub const OPEN_FULL: Text = Text::new(
    "전체 플레이그라운드에서 열기 ↗",
    "Open in the full playground ↗",
);
pub const PAGES: Text = Text::new("페이지", "Pages");
pub const COURSE: Text = Text::new("코스", "Course");
pub const KAFKA: Text = Text::new("Kafka 샌드박스", "Kafka sandbox");
pub const RABBIT: Text = Text::new("RabbitMQ 샌드박스", "RabbitMQ sandbox");
pub const COMPARE: Text = Text::new("나란히 비교", "Side by side");
