//! Refusals and crashes in words. A link, a file or a message over one of the named limits
//! ([`engine::limits`]) is refused with a banner naming the limit and its value, and the page
//! starts clean; if something still goes wrong (a panic), a banner in both languages offers a
//! reload instead of a dead page.

use engine::limits::{Limit, OverLimit};
use lessons::{Lang, Text};

/// The limit's name, as the banner says it.
pub fn limit_name(limit: Limit) -> Text {
    match limit {
        Limit::StreamRate => Text::new("스트림 속도", "stream rate"),
        Limit::AdvanceLength => Text::new("한 번에 흐르는 시간", "time passed in one step"),
        Limit::TotalSimulatedTime => Text::new("시뮬레이션 시간 합계", "total simulated time"),
        Limit::Inputs => Text::new("입력 개수", "number of inputs"),
        Limit::StreamRecords => {
            Text::new("스트림이 만드는 레코드 수", "records the stream creates")
        }
        Limit::StreamTime => Text::new("스트림이 도는 시간", "time a stream runs"),
        Limit::Partitions => Text::new("파티션 수", "number of partitions"),
        Limit::Brokers => Text::new("브로커 수", "number of brokers"),
        Limit::Queues => Text::new("큐 개수", "number of queues"),
        Limit::MessageSize => Text::new("메시지 크기", "message size"),
        Limit::NestingDepth => Text::new("중첩 깊이", "nesting depth"),
        Limit::LinkLength => Text::new("링크 길이", "link length"),
        Limit::DefinitionsSize => Text::new("정의 파일 크기", "definitions file size"),
        Limit::Step => Text::new("단계 번호", "step number"),
    }
}

/// The limit's value with its unit.
pub fn limit_value(limit: Limit, max: u64, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let time = |ms: u64| {
        let (n, ko_unit, en_unit) = if ms >= 3_600_000 && ms.is_multiple_of(3_600_000) {
            (ms / 3_600_000, "시간", "hour")
        } else if ms >= 1000 && ms.is_multiple_of(1000) {
            (ms / 1000, "초", "second")
        } else {
            (ms, "밀리초", "millisecond")
        };
        if ko {
            format!("{n}{ko_unit}")
        } else {
            format!("{n} {en_unit}{}", if n == 1 { "" } else { "s" })
        }
    };
    let count = |ko_unit: &str, en_unit: &str| {
        if ko {
            format!("{max}{ko_unit}")
        } else {
            format!("{max} {en_unit}")
        }
    };
    match limit {
        Limit::AdvanceLength | Limit::TotalSimulatedTime | Limit::StreamTime => time(max),
        Limit::StreamRate => {
            if ko {
                format!("초당 레코드 {max}개")
            } else {
                format!("{max} records per second")
            }
        }
        Limit::MessageSize | Limit::DefinitionsSize => count("바이트", "bytes"),
        Limit::LinkLength => count("자", "characters"),
        Limit::NestingDepth => count("단계", "levels"),
        Limit::Step => count("", ""),
        _ => count("개", ""),
    }
    .trim_end()
    .to_string()
}

/// "Over the limit: {name} (at most {value})", in one language.
pub fn over_limit(o: OverLimit, lang: Lang) -> String {
    let name = limit_name(o.limit).get(lang);
    let value = limit_value(o.limit, o.max, lang);
    match lang {
        Lang::Ko => format!("한도를 넘었습니다: {name} (최대 {value})"),
        Lang::En => format!("Over a limit: {name} (at most {value})"),
    }
}

const LINK_REFUSED: Text = Text::new(
    "이 공유 링크는 열지 않고 처음 상태로 시작합니다.",
    "This shared link was not opened; the page starts from a clean state.",
);

/// The banner for a shared link refused over a limit.
pub fn link_over_limit(o: OverLimit, lang: Lang) -> String {
    format!("{} {}", over_limit(o, lang), LINK_REFUSED.get(lang))
}

const CRASH: Text = Text::new(
    "문제가 생겨 페이지가 멈췄습니다. 저장된 진행 상황은 그대로 있습니다.",
    "Something went wrong and the page stopped. Your saved progress is untouched.",
);
const RELOAD: Text = Text::new("다시 불러오기", "Reload");
const START_CLEAN: Text = Text::new("처음 상태로 열기", "Open from a clean state");

/// Shows the crash banner on any panic (before the console's report), in both languages: the
/// language signal may be what broke. It only adds elements and links: the page's code may not
/// run again, so the reload is a plain link to this address (and one to the page without its
/// parameters, in case they were the cause). Saved progress (localStorage) is not touched.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_banner();
    }));
}

fn show_crash_banner() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else {
        return;
    };
    if doc.get_element_by_id("crash-banner").is_some() {
        return;
    }
    let location = doc.location();
    let href = location
        .as_ref()
        .and_then(|l| l.href().ok())
        .unwrap_or_default();
    let clean = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_else(|| "./".into());
    let make = |tag: &str| doc.create_element(tag).ok();
    let Some(banner) = make("div") else {
        return;
    };
    let _ = banner.set_attribute("id", "crash-banner");
    let _ = banner.set_attribute("class", "crash-banner");
    let _ = banner.set_attribute("role", "alert");
    for lang in [Lang::Ko, Lang::En] {
        if let Some(p) = make("p") {
            let _ = p.set_attribute("lang", lang.tag());
            p.set_text_content(Some(CRASH.get(lang)));
            let _ = banner.append_child(&p);
        }
    }
    let both = |t: Text| format!("{} / {}", t.get(Lang::Ko), t.get(Lang::En));
    for (text, to, role) in [(RELOAD, href, "button"), (START_CLEAN, clean, "link")] {
        if let Some(a) = make("a") {
            let _ = a.set_attribute("href", &to);
            let _ = a.set_attribute("role", role);
            let _ = a.set_attribute("class", "crash-action");
            a.set_text_content(Some(&both(text)));
            let _ = banner.append_child(&a);
        }
    }
    let _ = body.prepend_with_node_1(&banner);
    let _ = body.set_attribute("data-crashed", "1");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_reads_in_both_languages() {
        for l in Limit::ALL {
            let o = OverLimit {
                limit: l,
                max: l.max(),
            };
            let ko = over_limit(o, Lang::Ko);
            let en = over_limit(o, Lang::En);
            assert!(ko.contains(limit_name(l).get(Lang::Ko)), "{ko}");
            assert!(en.contains(limit_name(l).get(Lang::En)), "{en}");
            assert_ne!(ko, en);
        }
        let hour = OverLimit {
            limit: Limit::AdvanceLength,
            max: 3_600_000,
        };
        assert_eq!(
            over_limit(hour, Lang::En),
            "Over a limit: time passed in one step (at most 1 hour)"
        );
        assert_eq!(
            over_limit(hour, Lang::Ko),
            "한도를 넘었습니다: 한 번에 흐르는 시간 (최대 1시간)"
        );
    }
}
