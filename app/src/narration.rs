//! The live region: what just happened, in a sentence, for screen readers and for anyone who
//! looked away. Learners' own actions and the notable events of time passing are narrated;
//! routine traffic is not, so the region stays readable at full speed.

use crate::stage::Stage;
use crate::{Shell, kafka, rabbit};
use engine::sim::SimEvent;
use leptos::prelude::*;

/// At most this many sentences per change, most recent last.
const MAX_LINES: usize = 3;

#[component]
pub fn Narration(stage: Stage) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let lines = move || {
        let l = lang.get();
        stage.recent.with(|r| {
            let mut out: Vec<String> = r
                .events
                .iter()
                .filter_map(|e| match e {
                    SimEvent::Kafka(e) => kafka::explain::event(e, l),
                    SimEvent::Rabbit(e) => rabbit::explain::event(e, l),
                })
                .collect();
            let skip = out.len().saturating_sub(MAX_LINES);
            out.drain(..skip);
            out
        })
    };
    view! {
        <div class="narration-log" role="log" aria-live="polite" aria-relevant="additions text">
            {move || lines().into_iter().map(|s| view! { <p>{s}</p> }).collect_view()}
        </div>
    }
}
