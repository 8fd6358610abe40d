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
pub const VALUE_REQUIRED: Text = Text::new(
    "key와 value가 둘 다 비어 있습니다. key만 있고 value가 비어 있으면 tombstone으로 보냅니다.",
    "Neither a key nor a value. A key with an empty value is sent as a tombstone.",
);

pub const OPEN_FULL: Text = Text::new(
    "전체 플레이그라운드에서 열기 ↗",
    "Open in the full playground ↗",
);
pub const PAGES: Text = Text::new("페이지", "Pages");
pub const COURSE: Text = Text::new("코스", "Course");
pub const KAFKA: Text = Text::new("Kafka 샌드박스", "Kafka sandbox");
pub const RABBIT: Text = Text::new("RabbitMQ 샌드박스", "RabbitMQ sandbox");
pub const COMPARE: Text = Text::new("나란히 비교", "Side by side");
pub const LESSONS: Text = Text::new("레슨 목록", "Lessons");
pub const STEP_NAV: Text = Text::new("단계 이동", "Step navigation");
pub const BACK: Text = Text::new("이전", "Back");
pub const NEXT: Text = Text::new("다음", "Next");
pub const GOAL: Text = Text::new("목표", "Goal");
pub const GOAL_REACHED: Text = Text::new(
    "달성했습니다! 다음 단계로 넘어가세요.",
    "Reached! Go on to the next step.",
);
pub const GOAL_OPEN: Text = Text::new("아직 달성하지 못했습니다.", "Not reached yet.");
pub const HINT: Text = Text::new("힌트 보기", "Show a hint");
pub const SHOW_ME: Text = Text::new("직접 보여 주세요", "Show me");
/// While "Show me" plays the solution, one press at a time.
pub const SHOWING: Text = Text::new("보여 주는 중…", "Showing…");
/// Under a "Next" that waits for the picture (a step's waiting sentences).
pub const NEXT_WAITS: Text = Text::new(
    "무대에서 위 장면이 일어나면 '다음'이 열립니다.",
    "Next opens once this happens on the stage.",
);
pub const REVEAL: Text = Text::new("정답 확인", "Check my answer");
pub const RIGHT: Text = Text::new("맞았습니다.", "Right.");
pub const NOT_QUITE: Text = Text::new("아쉽지만 틀렸습니다.", "Not quite.");
pub const GLOSSARY: Text = Text::new("용어집 (한국어 ↔ English)", "Glossary (English ↔ 한국어)");
pub const SHARE_EMBED: Text = Text::new("공유 · 블로그에 넣기", "Share · embed in a blog");
pub const SHARE_HINT: Text = Text::new(
    "지금 화면을 그대로 다시 여는 링크와, 블로그 글에 붙여 넣을 코드입니다. 스크립트를 막는 블로그라면 iframe을 쓰세요.",
    "A link that reopens exactly what you see, and code to paste into a blog post. If your blog strips scripts, use the iframe.",
);
pub const SHARE_LINK: Text = Text::new("이 화면 링크", "Link to this view");
pub const EMBED_IFRAME: Text = Text::new("iframe으로 넣기", "Embed with an iframe");
pub const EMBED_LOADER: Text = Text::new(
    "로더 스크립트로 넣기 (높이 자동 조절)",
    "Embed with the loader (sizes itself)",
);
pub const SHARE_FORGOTTEN: Text = Text::new(
    "이 세션은 메모리를 아끼려고 앞부분을 잊었기 때문에, 링크는 시작 장면만 다시 엽니다.",
    "This session forgot its beginning to keep memory bounded, so the link reopens only its starting scene.",
);
pub const SCENE_UNKNOWN: Text = Text::new(
    "링크의 장면 이름을 알 수 없어 기본 샌드박스로 시작합니다.",
    "The scene named in this link is unknown, so this starts from the default sandbox.",
);
pub const SCENARIO_BROKEN: Text = Text::new(
    "공유 링크의 시나리오를 읽을 수 없어 처음 상태로 시작합니다.",
    "The shared scenario in this link could not be read, so this starts from a clean state.",
);
pub const LOADING: Text = Text::new("불러오는 중…", "Loading…");
pub const LOAD_FAILED: Text = Text::new(
    "이 부분을 불러오지 못했습니다. 연결을 확인해 주세요.",
    "This part could not be loaded. Check your connection.",
);
pub const TRY_AGAIN: Text = Text::new("다시 시도", "Try again");
