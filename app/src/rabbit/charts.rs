//! Charts drawn as inline SVG from the engine's metrics: ready and unacked per queue, and the
//! depth of the dead-letter queues, over the last samples (one per tick).

use super::Ctx;
use super::text;
use leptos::prelude::*;

/// Samples shown (one per tick: the last 30 simulated seconds).
const WINDOW: usize = 300;
/// Queues charted (the rest are summarised by the totals).
const MAX_QUEUES: usize = 12;
const W: f64 = 300.0;
const H: f64 = 60.0;

fn points(values: &[u64], max: u64) -> String {
    let n = values.len().max(2) - 1;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!(
                "{:.1},{:.1}",
                i as f64 * W / n as f64,
                H - (*v as f64) * (H - 4.0) / max.max(1) as f64 - 2.0
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

struct Series {
    name: String,
    ready: Vec<u64>,
    unacked: Vec<u64>,
    dlq: bool,
}

#[component]
pub(crate) fn Charts(ctx: Ctx) -> impl IntoView {
    let data = move || {
        ctx.stage.with(|s| {
            let samples: Vec<_> = s.rabbit.metrics().samples().collect();
            let start = samples.len().saturating_sub(WINDOW);
            let recent = &samples[start..];
            let names: Vec<String> = s
                .rabbit
                .queues()
                .into_iter()
                .take(MAX_QUEUES)
                .map(|q| q.name)
                .collect();
            let series: Vec<Series> = names
                .into_iter()
                .map(|name| {
                    let mut ready = Vec::new();
                    let mut unacked = Vec::new();
                    let mut dlq = false;
                    for smp in recent {
                        let q = smp.queues.iter().find(|q| q.name == name);
                        ready.push(q.map_or(0, |q| q.ready));
                        unacked.push(q.map_or(0, |q| q.unacked));
                        dlq |= q.is_some_and(|q| q.dead_letter_queue);
                    }
                    Series {
                        name,
                        ready,
                        unacked,
                        dlq,
                    }
                })
                .collect();
            let dlq: Vec<u64> = recent.iter().map(|s| s.dlq_depth).collect();
            (series, dlq)
        })
    };
    view! {
        <section class="rb-charts" aria-labelledby="rb-charts-h">
            <h2 id="rb-charts-h">{move || ctx.t(text::CHARTS)}</h2>
            {move || {
                let (series, dlq) = data();
                if dlq.len() < 2 {
                    return view! { <p class="empty">{ctx.t(text::CHART_EMPTY)}</p> }.into_any();
                }
                let now = ctx.t(text::CHART_NOW);
                let maxw = ctx.t(text::CHART_MAX);
                let dmax = dlq.iter().copied().max().unwrap_or(0);
                let dnow = dlq.last().copied().unwrap_or(0);
                let dlabel = format!("{}: {now} {dnow}, {maxw} {dmax}", ctx.t(text::DLQ_DEPTH));
                view! {
                    <div class="rb-chart-grid">
                        <figure class="rb-chart dlq">
                            <figcaption>{dlabel.clone()}</figcaption>
                            <svg viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" role="img" aria-label=dlabel>
                                <polyline class="line dlq" points=points(&dlq, dmax) />
                            </svg>
                        </figure>
                        {series.into_iter().map(|s| {
                            let max = s.ready.iter().zip(&s.unacked).map(|(a, b)| (*a).max(*b)).max().unwrap_or(0);
                            let label = format!(
                                "{}: ready {now} {}, unacked {now} {}, {maxw} {max}",
                                s.name,
                                s.ready.last().copied().unwrap_or(0),
                                s.unacked.last().copied().unwrap_or(0)
                            );
                            view! {
                                <figure class=if s.dlq { "rb-chart dlq" } else { "rb-chart" }>
                                    <figcaption>{label.clone()}</figcaption>
                                    <svg viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" role="img" aria-label=label>
                                        <polyline class="line ready" points=points(&s.ready, max) />
                                        <polyline class="line unacked" points=points(&s.unacked, max) />
                                    </svg>
                                </figure>
                            }
                        }).collect_view()}
                    </div>
                    <p class="rb-legend"><span class="key ready"></span>" ready "<span class="key unacked"></span>" unacked "<span class="key dlq"></span>" DLQ"</p>
                }.into_any()
            }}
        </section>
    }
}
