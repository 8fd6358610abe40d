//! Bilingual text: a pair that cannot exist without both languages.

/// The two languages of the product.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    Ko,
    #[default]
    En,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>` and URLs.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// Reads `ko`, `ko-KR`, `en-US` ...: Korean for any `ko*`, English for other known tags.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        if tag.starts_with("ko") {
            Some(Lang::Ko)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language to show: `?lang=` first, else the browser's first language (Korean for
    /// `ko*`), else English.
    pub fn choose(query: Option<&str>, browser: Option<&str>) -> Lang {
        query
            .and_then(Lang::from_tag)
            .or_else(|| {
                browser.map(|b| {
                    if b.trim().to_ascii_lowercase().starts_with("ko") {
                        Lang::Ko
                    } else {
                        Lang::En
                    }
                })
            })
            .unwrap_or_default()
    }
}

/// A piece of user-facing text in both languages; a missing translation is a compile error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub ko: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(ko: &'static str, en: &'static str) -> Self {
        Text { ko, en }
    }

    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ko => self.ko,
            Lang::En => self.en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_beats_browser_and_korean_browsers_get_korean() {
        assert_eq!(Lang::choose(Some("en"), Some("ko-KR")), Lang::En);
        assert_eq!(Lang::choose(Some("ko"), Some("en-US")), Lang::Ko);
        assert_eq!(Lang::choose(None, Some("ko-KR")), Lang::Ko);
        assert_eq!(Lang::choose(Some("fr"), Some("ko")), Lang::Ko);
        assert_eq!(Lang::choose(None, Some("de-DE")), Lang::En);
        assert_eq!(Lang::choose(None, None), Lang::En);
    }
}
