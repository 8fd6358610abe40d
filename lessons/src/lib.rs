//! The course as data: every word a learner reads, in Korean and English, and the scenarios and
//! goals the lessons set on the engine.

pub mod catalog;
mod course;
pub mod glossary;
pub mod model;
pub mod text;

pub use catalog::{CATALOG, Chunk, Entry};
pub use model::{Broker, Goal, Highlight, Lesson, Part, Prediction, Step};
pub use text::{Lang, Text};

use std::sync::LazyLock;

/// Each chunk's lessons, built on their own (the app fetches one chunk at a time, see
/// [`catalog`]).
pub mod chunks {
    pub use crate::course::{compare, intro, kafka_basics, kafka_cluster, kafka_scale, rabbit};
}

static COURSE: LazyLock<Vec<Lesson>> = LazyLock::new(course::build);

/// Every lesson, in course order. Built once, on first use.
pub fn course() -> &'static [Lesson] {
    &COURSE
}

/// What the producer form sends for a value of `size` bytes: the typed `text`, filled up to
/// `size` bytes with dots (a value as large as a video cannot be typed). A `text` already that
/// long is sent as it is.
pub fn sized_value(text: &str, size: usize) -> String {
    let mut v = String::with_capacity(size.max(text.len()));
    v.push_str(text);
    while v.len() < size {
        v.push('.');
    }
    v
}

/// The lesson with this id (`?lesson=ID`).
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    course().iter().find(|l| l.id == id)
}

/// The position of a lesson in the course, for "lesson N of M" and next/previous.
pub fn lesson_index(id: &str) -> Option<usize> {
    course().iter().position(|l| l.id == id)
}
