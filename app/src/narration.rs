//! The live region: what just happened, in a sentence, for screen readers and for anyone who
//! looked away. Learners' own actions and the notable events of time passing are narrated;
//! routine traffic is not, so the region stays readable at full speed.

use crate::stage::Stage;
use crate::{Shell, kafka};
use engine::sim::SimEvent;
use leptos::prelude::*;
use lessons::Lang;

/// How RabbitMQ events are told. It lives in the RabbitMQ view's wasm chunk, which hands it
/// over when it loads ([`tell_rabbit_with`]); only pages with that view have RabbitMQ events.
pub type RabbitTeller = fn(&engine::rabbit::Event, Lang) -> Option<String>;

/// Where [`Narration`] finds the RabbitMQ teller, once there is one (a context of the page).
#[derive(Clone, Copy)]
struct Teller(RwSignal<Option<RabbitTeller>>);

/// Makes room for the RabbitMQ teller; called once, at the top of the page.
pub fn provide_teller() {
    provide_context(Teller(RwSignal::new(None)));
}

/// Called by the RabbitMQ view: from now on its events are narrated too.
pub fn tell_rabbit_with(teller: RabbitTeller) {
    let Teller(slot) = expect_context::<Teller>();
    if slot.get_untracked().is_none() {
        slot.set(Some(teller));
    }
}

/// At most this many sentences per change: the first, then the most recent.
const MAX_LINES: usize = 3;

#[component]
pub fn Narration(stage: Stage) -> impl IntoView {
    let lang = expect_context::<Shell>().lang;
    let Teller(rabbit) = expect_context::<Teller>();
    let tell = move |events: &[SimEvent], l: Lang| -> Vec<String> {
        let rabbit = rabbit.get();
        let told: Vec<(bool, String)> = events
            .iter()
            .filter_map(|e| match e {
                SimEvent::Kafka(e) => kafka::explain::event(e, l).map(|s| (turning_point(e), s)),
                SimEvent::Rabbit(e) => rabbit.and_then(|tell| tell(e, l)).map(|s| (false, s)),
            })
            .collect();
        pick_lines(told)
    };
    // The latest change with something to tell. The quiet ticks that follow an action while it
    // plays out (routine traffic) leave the action's sentences in place instead of blanking them;
    // a new scene starts empty.
    let told = Memo::new(move |prev: Option<&Vec<SimEvent>>| {
        stage.recent.with(|r| {
            let quiet = r.from_time && tell(&r.events, Lang::En).is_empty();
            match prev {
                Some(p) if quiet && r.serial != 0 => p.clone(),
                _ => r.events.clone(),
            }
        })
    });
    let lines = move || told.with(|events| tell(events, lang.get()));
    view! {
        <div class="narration-log" role="log" aria-live="polite" aria-relevant="additions text">
            {move || lines().into_iter().map(|s| view! { <p>{s}</p> }).collect_view()}
        </div>
    }
}

/// Kafka events that change who serves or what is kept: told before routine ones.
fn turning_point(e: &engine::kafka::Event) -> bool {
    use engine::kafka::Event as E;
    matches!(
        e,
        E::LeaderElected { .. } | E::ControllerElected { .. } | E::RecordsLost { .. }
    )
}

/// The first sentence (what the learner's action did), then the turning points, then the most
/// recent of the rest, [`MAX_LINES`] in all, in the order they happened.
fn pick_lines(told: Vec<(bool, String)>) -> Vec<String> {
    if told.len() <= MAX_LINES {
        return told.into_iter().map(|t| t.1).collect();
    }
    let mut rest: Vec<usize> = (1..told.len()).collect();
    // Turning points first, then later before earlier.
    rest.sort_by_key(|&i| (!told[i].0, std::cmp::Reverse(i)));
    let mut keep: Vec<usize> = std::iter::once(0)
        .chain(rest.into_iter().take(MAX_LINES - 1))
        .collect();
    keep.sort_unstable();
    let mut told: Vec<Option<String>> = told.into_iter().map(|t| Some(t.1)).collect();
    keep.into_iter().filter_map(|i| told[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_action_and_the_turning_points_are_kept_in_order() {
        let told = vec![
            (false, "killed".to_string()),
            (false, "isr-0".to_string()),
            (true, "elected-0".to_string()),
            (false, "isr-1".to_string()),
            (false, "isr-2".to_string()),
        ];
        assert_eq!(pick_lines(told), ["killed", "elected-0", "isr-2"]);
        let few = vec![(false, "a".to_string()), (false, "b".to_string())];
        assert_eq!(pick_lines(few), ["a", "b"]);
    }
}
