//! The lessons this page has fetched. The first load carries only [`lessons::CATALOG`] (ids,
//! titles, step counts: what the lesson list and deep links need); a lesson's text, scenes and
//! goals come in a wasm chunk of its group of lessons ([`lessons::Chunk`]) the first time one of
//! them is opened, and stay for the visit.

use leptos::wasm_split::SplitLoaderError;
use lessons::{CATALOG, Chunk, Lesson};
use std::cell::RefCell;

thread_local! {
    /// Indexed like [`CATALOG`]; a lesson is leaked once loaded, as `lessons::course()` keeps
    /// its lessons for the whole run.
    static LOADED: RefCell<Vec<Option<&'static Lesson>>> = RefCell::new(vec![None; CATALOG.len()]);
}

/// The lesson at `index` of the catalog, if its chunk is in.
pub fn get(index: usize) -> Option<&'static Lesson> {
    LOADED.with(|l| l.borrow().get(index).copied().flatten())
}

/// The lesson at `index` of the catalog, fetching its chunk first when needed. A failed fetch
/// is not remembered: the next call tries again.
pub async fn load(index: usize) -> Result<&'static Lesson, SplitLoaderError> {
    if let Some(l) = get(index) {
        return Ok(l);
    }
    let lessons = match CATALOG[index].chunk {
        Chunk::Intro => intro().await?,
        Chunk::KafkaBasics => kafka_basics().await?,
        Chunk::KafkaCluster => kafka_cluster().await?,
        Chunk::KafkaScale => kafka_scale().await?,
        Chunk::Rabbit => rabbit().await?,
        Chunk::Compare => compare().await?,
    };
    LOADED.with(|loaded| {
        let mut loaded = loaded.borrow_mut();
        for lesson in lessons {
            if let Some(i) = lessons::catalog::index(lesson.id)
                && loaded[i].is_none()
            {
                loaded[i] = Some(Box::leak(Box::new(lesson)));
            }
        }
    });
    // The catalog's test proves every entry is in the chunk it names.
    Ok(get(index).expect("lessons::CATALOG names the chunk of every lesson"))
}

/// The course as the player indexes it: `course[i]` is a lesson already [`load`]ed (the player
/// moves to a lesson only once it is in).
#[derive(Clone, Copy)]
pub struct Course;

impl Course {
    pub fn len(self) -> usize {
        CATALOG.len()
    }
}

impl std::ops::Index<usize> for Course {
    type Output = Lesson;

    fn index(&self, i: usize) -> &Lesson {
        lesson(i)
    }
}

/// The lesson at `index`, already [`load`]ed.
pub fn lesson(index: usize) -> &'static Lesson {
    get(index).expect("the player moves to a lesson only once it is loaded")
}

macro_rules! chunk {
    ($name:ident, $split:ident) => {
        #[leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name() -> Result<Vec<Lesson>, SplitLoaderError> {
            Ok(lessons::chunks::$name())
        }
    };
}

// The lessons on batching and compression compress: their chunk brings the codecs.
#[leptos::wasm_split::wasm_split(lessons_kafka_scale, wasm_split_path = ::leptos::wasm_split, fallible)]
fn kafka_scale() -> Result<Vec<Lesson>, SplitLoaderError> {
    engine::kafka::install_codecs();
    Ok(lessons::chunks::kafka_scale())
}

chunk!(intro, lessons_intro);
chunk!(kafka_basics, lessons_kafka_basics);
chunk!(kafka_cluster, lessons_kafka_cluster);
chunk!(rabbit, lessons_rabbit);
chunk!(compare, lessons_compare);
