//! The course as data: every word a learner reads, in Korean and English, and the scenarios and
//! goals the lessons set on the engine.

pub mod text;

pub use text::{Lang, Text};
