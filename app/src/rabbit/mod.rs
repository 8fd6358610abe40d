//! The message broker view (RabbitMQ): exchanges, bindings, queues and consumers as the learner
//! sees them, their controls, the inspector that explains why, and the charts.

use crate::stage::Stage;
use leptos::prelude::*;

#[component]
pub fn RabbitView(stage: Stage) -> impl IntoView {
    let _ = stage;
    view! { <section class="rabbit-view"></section> }
}
