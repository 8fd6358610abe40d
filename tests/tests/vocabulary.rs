//! One vocabulary: every Korean string of the course and of the app (its string tables and every
//! other source file) uses each term in the form the glossary (`lessons::glossary`) prescribes,
//! never one of the forms it lists to avoid; and the glossary's Korean column is Korean, not a
//! copy of the English.

use lessons::glossary::TERMS;
use lessons::{Text, course};

/// Every Rust source of the app, read as text (the app crate builds for the browser), with its
/// path.
fn app_sources() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let src = std::fs::read_to_string(&path).expect("a readable source");
                out.push((path.display().to_string(), src));
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src");
    let mut out = Vec::new();
    walk(&root, &mut out);
    out
}

fn hangul(c: char) -> bool {
    ('가'..='힣').contains(&c)
}

/// The Korean string literals of a Rust source: those that contain Hangul, and the first
/// argument of a `t(ko, en)` pair even without Hangul (escapes kept as written).
fn korean_literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    let mut in_comment = false;
    let mut prev = '\0';
    // The code just before the literal, without whitespace.
    let mut code = String::new();
    while let Some(c) = chars.next() {
        if in_comment {
            in_comment = c != '\n';
        } else if c == '/' && prev == '/' {
            in_comment = true;
        } else if c == '"' && prev != '\'' {
            let first_of_pair = code.ends_with("t(") || code.ends_with("Text::new(");
            let mut lit = String::new();
            while let Some(d) = chars.next() {
                match d {
                    '\\' => {
                        if let Some(e) = chars.next() {
                            lit.push('\\');
                            lit.push(e);
                        }
                    }
                    '"' => break,
                    _ => lit.push(d),
                }
            }
            if lit.chars().any(hangul) || first_of_pair {
                out.push(lit);
            }
            code.clear();
        } else if !c.is_whitespace() {
            code.push(c);
            if code.len() > 64 {
                code.drain(..32);
            }
        }
        prev = c;
    }
    out
}

fn course_korean() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut add = |at: String, t: &Text| out.push((at, t.ko));
    for l in course() {
        add(l.id.to_string(), &l.title);
        add(l.id.to_string(), &l.summary);
        add(l.id.to_string(), &l.part.title());
        for (i, s) in l.steps.iter().enumerate() {
            let at = format!("{} step {i}", l.id);
            add(at.clone(), &s.title);
            add(at.clone(), &s.narration);
            s.beats.iter().for_each(|b| add(at.clone(), &b.text));
            if let Some(g) = &s.goal {
                add(at.clone(), &g.text);
                g.hints.iter().for_each(|h| add(at.clone(), h));
            }
            if let Some(p) = &s.prediction {
                add(at.clone(), &p.question);
                add(at.clone(), &p.explanation);
                p.choices.iter().for_each(|c| add(at.clone(), c));
            }
        }
    }
    for t in TERMS {
        add(format!("glossary {}", t.id), &t.definition);
        add(format!("glossary {}", t.id), &t.term);
    }
    out
}

/// Where `form` occurs in `text` as a word of its own: not inside a longer Latin identifier
/// (`consumer.close()`, `group.protocol=consumer`, `requeue`, a `{producer}` placeholder) nor
/// after a Hangul syllable.
/// Code spans in backticks are skipped.
fn uses(text: &str, form: &str) -> bool {
    let plain: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ");
    let latin = form.is_ascii();
    let ident = |c: char| c.is_ascii_alphanumeric() || "._-=/:#{}".contains(c);
    plain.match_indices(form).any(|(i, _)| {
        let before = plain[..i].chars().next_back();
        let after = plain[i + form.len()..].chars().next();
        if latin {
            !before.is_some_and(ident) && !after.is_some_and(ident)
        } else {
            !before.is_some_and(hangul)
        }
    })
}

#[test]
fn every_korean_string_uses_the_glossarys_forms() {
    let mut strings = course_korean();
    let sources = app_sources();
    assert!(
        sources.iter().any(|(f, _)| f.ends_with("kafka/text.rs")),
        "the app's string tables were not found"
    );
    for (file, src) in &sources {
        for lit in korean_literals(src) {
            strings.push((file.clone(), Box::leak(lit.into_boxed_str())));
        }
    }
    assert!(
        strings.len() > 500,
        "only {} Korean strings found",
        strings.len()
    );
    let mut failures = Vec::new();
    for (at, ko) in &strings {
        for t in TERMS {
            for form in t.avoid {
                if uses(ko, form) {
                    failures.push(format!(
                        "{at}: '{form}' where the glossary writes '{}' ({}): {ko}",
                        t.written, t.id
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n{} strings",
        failures.join("\n"),
        failures.len()
    );
}

#[test]
fn the_glossary_says_each_term_in_korean() {
    for t in TERMS {
        assert_ne!(
            t.term.ko, t.term.en,
            "{}: the Korean column repeats the English",
            t.id
        );
        assert!(
            t.term.ko.chars().any(hangul),
            "{}: no Korean in the Korean column",
            t.id
        );
        assert!(
            t.term.ko.contains(t.written),
            "{}: written form not in its column",
            t.id
        );
        for form in t.avoid {
            assert!(!t.written.contains(form), "{}: avoids its own form", t.id);
        }
    }
}

#[test]
fn the_check_sees_a_wrong_form() {
    assert!(uses("컨슈머 랙이 늘어납니다", "랙"));
    assert!(!uses("블랙 프라이데이", "랙"));
    assert!(uses("consumer가 받습니다", "consumer"));
    assert!(!uses("group.protocol=consumer를 켜면", "consumer"));
    assert!(!uses("`consumer`를 보세요", "consumer"));
    assert!(!uses("nack 후 requeue", "queue"));
    assert!(!uses("프로듀서 {producer}의 버퍼", "producer"));
    assert_eq!(
        korean_literals(r#"t("키 \"a\"", "key")"#),
        vec![r#"키 \"a\""#]
    );
    assert_eq!(
        korean_literals(
            r#"t(
 "consumer", "Consumers")"#
        ),
        vec!["consumer"]
    );
}
