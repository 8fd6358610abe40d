//! The Kafka view's tools beyond producing and watching: the config and admin forms, the steady
//! stream with the World Cup preset, the charts and the equivalent real commands. Each sits behind
//! a disclosure, and all of them live in one wasm chunk fetched when the first one opens, so a
//! lesson's page loads only what the lesson shows. Sandbox pages open the stream, charts and
//! commands at once; a lesson opens the stream and charts when its scene streams.

use super::text as tx;
use super::{Ctx, charts, commands, controls, scale};
use crate::Shell;
use crate::link::Page;
use leptos::prelude::*;
use lessons::Text;
use lessons::model::Offer;

#[derive(Clone, Copy)]
enum Tool {
    ProducerConfig,
    Topics,
    Subscribe,
    Brokers,
    Stream,
    Charts,
    Commands,
}

#[leptos::wasm_split::wasm_split(kafka_tools, wasm_split_path = ::leptos::wasm_split, fallible)]
fn lazy_tool(ctx: Ctx, tool: Tool) -> crate::lazy::Loaded {
    Ok(match tool {
        Tool::ProducerConfig => view! { <controls::ProducerControls ctx /> }.into_any(),
        Tool::Topics => view! { <controls::TopicControls ctx /> }.into_any(),
        Tool::Subscribe => view! { <controls::ConsumerControls ctx /> }.into_any(),
        Tool::Brokers => view! { <controls::ClusterControls ctx /> }.into_any(),
        Tool::Stream => view! { <scale::ScalePanel ctx /> }.into_any(),
        Tool::Charts => view! { <charts::Charts ctx /> }.into_any(),
        Tool::Commands => view! { <commands::Commands ctx /> }.into_any(),
    })
}

impl Tool {
    fn title(self) -> Text {
        match self {
            Tool::ProducerConfig => tx::PRODUCER_CONFIG,
            Tool::Topics => tx::TOPIC_ADMIN,
            Tool::Subscribe => tx::SUBSCRIBE,
            Tool::Brokers => tx::BROKERS,
            Tool::Stream => tx::STREAM,
            Tool::Charts => tx::CHARTS,
            Tool::Commands => tx::COMMANDS,
        }
    }

    /// What a lesson step must offer for this tool to be there (`None`: always, as the real
    /// commands only explain what the picture shows).
    fn offer(self) -> Option<Offer> {
        match self {
            Tool::ProducerConfig => Some(Offer::ProducerConfig),
            Tool::Topics => Some(Offer::Topics),
            Tool::Subscribe => Some(Offer::AddConsumer),
            Tool::Brokers => Some(Offer::Brokers),
            Tool::Stream | Tool::Charts => Some(Offer::Stream),
            Tool::Commands => None,
        }
    }

    /// One tool behind its disclosure: a form's title is plain, a section's is a heading.
    fn disclosure(self, ctx: Ctx, open: RwSignal<bool>) -> AnyView {
        let title = move || ctx.t(self.title());
        let class = match self {
            Tool::Stream => "k-box k-section",
            Tool::Charts => "k-charts k-section",
            Tool::Commands => "k-commands k-section",
            _ => "k-box",
        };
        let summary = if matches!(self, Tool::Stream | Tool::Charts | Tool::Commands) {
            view! { <h3>{title}</h3> }.into_any()
        } else {
            title.into_any()
        };
        crate::lazy::details(class, summary, open, move || lazy_tool(ctx, self))
    }
}

#[component]
pub fn Tools(ctx: Ctx) -> impl IntoView {
    let sandbox = expect_context::<Shell>().page.get_untracked() != Page::Course;
    let stream = RwSignal::new(sandbox);
    let charts = RwSignal::new(sandbox);
    let streaming = Memo::new(move |_| {
        ctx.stage
            .with(|sim| sim.kafka.stream().is_some_and(|v| v.spec.rate > 0))
    });
    // A streaming scene is about load and lag: show where to steer it and what it does.
    Effect::new(move |_| {
        if streaming.get() {
            stream.set(true);
            charts.set(true);
        }
    });
    let readonly = ctx.stage.readonly;
    let offered = move |tool: Tool| tool.offer().is_none_or(|o| ctx.stage.offers(o));
    let shown = move |tool: Tool, open: RwSignal<bool>| {
        move || offered(tool).then(|| tool.disclosure(ctx, open))
    };
    let closed = move |tool: Tool| shown(tool, RwSignal::new(false));
    let any_form = move || {
        [
            Tool::ProducerConfig,
            Tool::Topics,
            Tool::Subscribe,
            Tool::Brokers,
        ]
        .into_iter()
        .any(offered)
    };
    view! {
        <Show when=move || !readonly>
            <Show when=any_form>
                <section class="k-controls" aria-label=move || ctx.t(tx::CONTROLS)>
                    {closed(Tool::ProducerConfig)}
                    {closed(Tool::Topics)}
                    {closed(Tool::Subscribe)}
                    {closed(Tool::Brokers)}
                </section>
            </Show>
            {shown(Tool::Stream, stream)}
        </Show>
        {shown(Tool::Charts, charts)}
        {Tool::Commands.disclosure(ctx, RwSignal::new(sandbox))}
    }
}
