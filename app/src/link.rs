//! The page state a learner would share, as it lives in the URL:
//! `?lang=ko&page=course&lesson=ID&step=N&embed=1&readonly=1&autoplay=1&scenario=…`.

/// Which page of the app is showing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    #[default]
    Course,
    Kafka,
    Rabbit,
    SideBySide,
}

impl Page {
    pub fn tag(self) -> &'static str {
        match self {
            Page::Course => "course",
            Page::Kafka => "kafka",
            Page::Rabbit => "rabbit",
            Page::SideBySide => "compare",
        }
    }

    fn from_tag(tag: &str) -> Option<Page> {
        [Page::Course, Page::Kafka, Page::Rabbit, Page::SideBySide]
            .into_iter()
            .find(|p| p.tag() == tag)
    }
}

/// Everything the URL can say; unknown parameters are ignored, bad values fall back to defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    pub lang: Option<String>,
    pub page: Page,
    pub lesson: Option<String>,
    /// 1-based, as people count steps.
    pub step: Option<usize>,
    pub embed: bool,
    pub readonly: bool,
    pub autoplay: bool,
    pub scenario: Option<String>,
    /// A named starting scene of a sandbox page (`worldcup`); the scenario replays on it.
    pub scene: Option<String>,
    /// `cargo xtask bench --browser`'s measuring pages (`engine`, `stream`).
    pub bench: Option<String>,
}

impl Link {
    /// Parses a query string (with or without the leading `?`).
    pub fn parse(query: &str) -> Link {
        let mut link = Link::default();
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v);
            match k {
                "lang" => link.lang = Some(v),
                "page" => link.page = Page::from_tag(&v).unwrap_or_default(),
                "lesson" => {
                    link.lesson = Some(v);
                    link.page = Page::Course;
                }
                "step" => {
                    link.step = v.parse().ok().filter(|&n: &usize| {
                        n > 0 && engine::limits::Limit::Step.check(n as u64).is_ok()
                    })
                }
                "embed" => link.embed = flag(&v),
                "readonly" => link.readonly = flag(&v),
                "autoplay" => link.autoplay = flag(&v),
                "scenario" => link.scenario = Some(v),
                "scene" => link.scene = Some(v),
                "bench" => link.bench = Some(v),
                _ => {}
            }
        }
        link
    }

    /// The query string for this state, with the keys in a fixed order.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(l) = &self.lang {
            parts.push(format!("lang={}", encode(l)));
        }
        if self.page != Page::Course || self.lesson.is_none() {
            parts.push(format!("page={}", self.page.tag()));
        }
        if let Some(l) = &self.lesson {
            parts.push(format!("lesson={}", encode(l)));
        }
        if let Some(s) = self.step {
            parts.push(format!("step={s}"));
        }
        for (on, key) in [
            (self.embed, "embed"),
            (self.readonly, "readonly"),
            (self.autoplay, "autoplay"),
        ] {
            if on {
                parts.push(format!("{key}=1"));
            }
        }
        if let Some(s) = &self.scene {
            parts.push(format!("scene={}", encode(s)));
        }
        if let Some(s) = &self.scenario {
            parts.push(format!("scenario={}", encode(s)));
        }
        format!("?{}", parts.join("&"))
    }
}

fn flag(v: &str) -> bool {
    matches!(v, "" | "1" | "true" | "yes")
}

/// Percent-decoding of a query value (`+` is a space); invalid escapes are kept as they are.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding of everything but unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deep_link_round_trips() {
        let link = Link::parse("?lesson=keys&step=3&lang=ko&embed=1&readonly=1");
        assert_eq!(link.lesson.as_deref(), Some("keys"));
        assert_eq!(link.step, Some(3));
        assert_eq!(link.lang.as_deref(), Some("ko"));
        assert!(link.embed && link.readonly && !link.autoplay);
        assert_eq!(Link::parse(&link.to_query()), link);
    }

    #[test]
    fn a_sandbox_link_names_its_scene() {
        let link = Link::parse("?page=kafka&scene=worldcup&scenario=v1.AA");
        assert_eq!(link.page, Page::Kafka);
        assert_eq!(link.scene.as_deref(), Some("worldcup"));
        assert_eq!(link.to_query(), "?page=kafka&scene=worldcup&scenario=v1.AA");
        assert_eq!(Link::parse(&link.to_query()), link);
    }

    #[test]
    fn bad_values_fall_back() {
        let link = Link::parse("step=0&page=nowhere&x=%zz&scenario=a%2Bb%20c");
        assert_eq!(link.step, None);
        assert_eq!(link.page, Page::Course);
        assert_eq!(link.scenario.as_deref(), Some("a+b c"));
        assert_eq!(Link::parse("step=-4").step, None);
        assert_eq!(Link::parse("step=10000").step, Some(10_000));
        assert_eq!(Link::parse("step=10001").step, None);
        assert_eq!(Link::parse("step=99999999999999999999999").step, None);
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%e"), "%e");
        assert_eq!(decode("%ED%95%9C"), "한");
    }
}
