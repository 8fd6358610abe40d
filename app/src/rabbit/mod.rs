//! The message broker view (RabbitMQ): exchanges, bindings, queues and consumers as the learner
//! sees them, their controls, the inspector that explains why, and the charts.

use crate::stage::Stage;
use engine::sim::Sim;
use leptos::prelude::*;

/// The RabbitMQ sandbox's starting scene.
pub fn sandbox() -> Sim {
    Sim::new(1)
}

#[component]
pub fn RabbitView(stage: Stage) -> impl IntoView {
    let _ = stage;
    view! { <section class="rabbit-view"></section> }
}
