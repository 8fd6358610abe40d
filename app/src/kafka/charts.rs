//! Charts drawn as inline SVG from the engine's per-tick metrics: throughput per partition (the
//! hot partition stands out), consumer lag per group, and ISR size over time.

use super::text as tx;
use super::{Ctx, Model};
use leptos::prelude::*;
use std::collections::{BTreeMap, VecDeque};

const W: f64 = 300.0;
const H: f64 = 100.0;
/// Points per line at most (samples are summed into buckets).
const POINTS: usize = 100;

/// One page tick of history (the engine keeps per-millisecond metrics for only a moment, so
/// the view samples its own, once per simulated 100 ms).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Point {
    pub now_ms: u64,
    /// Log end offset per partition, in [`History::parts`] order.
    pub leo: Vec<u64>,
    pub lag: Vec<(String, u64)>,
    pub isr: u64,
    pub replicas: u64,
}

/// Up to [`KEEP`] points, oldest first.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct History {
    pub parts: Vec<(String, u32)>,
    pub points: VecDeque<Point>,
}

/// 30 seconds of simulated time.
pub const KEEP: usize = 300;

impl History {
    fn observe(&mut self, m: &Model) {
        let parts: Vec<(String, u32)> = m
            .topics
            .iter()
            .flat_map(|t| t.parts.iter().map(|p| (t.name.clone(), p.p)))
            .collect();
        if parts != self.parts {
            self.parts = parts;
            self.points.clear();
        }
        while self.points.back().is_some_and(|p| p.now_ms > m.now_ms) {
            self.points.pop_back();
        }
        let point = Point {
            now_ms: m.now_ms,
            leo: m
                .topics
                .iter()
                .flat_map(|t| t.parts.iter().map(|p| p.leo))
                .collect(),
            lag: m
                .groups
                .iter()
                .map(|g| (g.name.to_string(), g.total_lag()))
                .collect(),
            isr: m
                .topics
                .iter()
                .flat_map(|t| t.parts.iter())
                .map(|p| p.isr.len() as u64)
                .sum(),
            replicas: m
                .topics
                .iter()
                .flat_map(|t| t.parts.iter())
                .map(|p| p.replicas.len() as u64)
                .sum(),
        };
        match self.points.back_mut() {
            Some(last) if last.now_ms + engine::sim::TICK_MS > m.now_ms => *last = point,
            _ => {
                self.points.push_back(point);
                if self.points.len() > KEEP {
                    self.points.pop_front();
                }
            }
        }
    }

    /// Records appended per partition over the last `window` points.
    pub fn load(&self, window: usize) -> Vec<u64> {
        let (Some(last), n) = (self.points.back(), self.points.len()) else {
            return Vec::new();
        };
        // Short histories count from an empty log (records produced before time first moved).
        let zeros = vec![0; last.leo.len()];
        let first = if n > window {
            &self.points[n - window - 1].leo
        } else {
            &zeros
        };
        last.leo
            .iter()
            .zip(first.iter().chain(std::iter::repeat(&0)))
            .map(|(a, b)| a.saturating_sub(*b))
            .collect()
    }
}

/// Keeps the history in step with the stage (and forgets the future when the learner scrubs).
pub fn track(model: Memo<Model>) -> RwSignal<History> {
    let hist = RwSignal::new(History::default());
    Effect::new(move |_| {
        model.with(|m| hist.update(|h| h.observe(m)));
    });
    hist
}

#[derive(Clone, Debug, PartialEq, Default)]
struct Data {
    lag: Vec<(String, Vec<u64>)>,
    isr: Vec<(u64, u64)>,
    load: Vec<(String, u32, u64)>,
}

/// Points the load bars sum over (2 s simulated).
const LOAD_WINDOW: usize = 20;

fn data(h: &History) -> Data {
    let mut d = Data::default();
    let n = h.points.len();
    if n == 0 {
        return d;
    }
    let step = n.div_ceil(POINTS).max(1);
    let mut lag: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for p in h.points.iter().step_by(step) {
        for (g, l) in &p.lag {
            lag.entry(g.clone()).or_default().push(*l);
        }
        d.isr.push((p.isr, p.replicas));
    }
    d.lag = lag.into_iter().collect();
    d.load = h
        .parts
        .iter()
        .cloned()
        .zip(h.load(LOAD_WINDOW))
        .map(|((t, p), n)| (t, p, n))
        .collect();
    d
}

fn polyline(values: &[u64], max: u64) -> String {
    let n = values.len().max(2) - 1;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = i as f64 / n as f64 * W;
            let y = H - (*v as f64 / max.max(1) as f64) * (H - 4.0) - 2.0;
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn Charts(ctx: Ctx) -> impl IntoView {
    let d = Memo::new(move |_| ctx.hist.with(data));
    let load = move || {
        let d = d.get();
        let lang = ctx.lang.get();
        if d.load.iter().all(|x| x.2 == 0) {
            return view! { <p class="muted small">{tx::NO_DATA.get(lang)}</p> }.into_any();
        }
        let max = d.load.iter().map(|x| x.2).max().unwrap_or(1).max(1);
        let total: u64 = d.load.iter().map(|x| x.2).sum();
        let hot = d.load.iter().max_by_key(|x| x.2).cloned();
        let n = d.load.len().max(1) as f64;
        let bw = W / n;
        let bars = d
            .load
            .iter()
            .enumerate()
            .map(|(i, (t, p, v))| {
                let h = *v as f64 / max as f64 * (H - 4.0);
                let is_hot = hot.as_ref().is_some_and(|x| x.0 == *t && x.1 == *p)
                    && (*v as f64) > 1.5 * total as f64 / n;
                view! {
                    <rect
                        class=if is_hot { "bar hot" } else { "bar" }
                        x=format!("{:.2}", i as f64 * bw + bw * 0.1)
                        y=format!("{:.2}", H - h)
                        width=format!("{:.2}", bw * 0.8)
                        height=format!("{h:.2}")
                    >
                        <title>{format!("{t}-{p}: {v}")}</title>
                    </rect>
                }
            })
            .collect_view();
        let hot_text = hot.map(|(t, p, v)| {
            let share = v as f64 / total.max(1) as f64 * 100.0;
            format!("{}: {t}-{p} ({share:.0}%)", tx::CHART_HOT.get(lang))
        });
        let label = format!(
            "{}. {}",
            tx::THROUGHPUT.get(lang),
            hot_text.clone().unwrap_or_default()
        );
        view! {
            <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label preserveAspectRatio="none">
                {bars}
            </svg>
            <p class="small">{hot_text}</p>
        }
        .into_any()
    };
    let lag = move || {
        let d = d.get();
        let lang = ctx.lang.get();
        if d.lag.is_empty() {
            return view! { <p class="muted small">{tx::NO_DATA.get(lang)}</p> }.into_any();
        }
        let max = d
            .lag
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .max()
            .unwrap_or(0);
        let summary: Vec<String> = d
            .lag
            .iter()
            .map(|(g, v)| format!("{g}: {}", v.last().copied().unwrap_or(0)))
            .collect();
        let lines = d
            .lag
            .iter()
            .enumerate()
            .map(|(i, (_, v))| {
                view! { <polyline class=format!("line s{}", i % 4) points=polyline(v, max) /> }
            })
            .collect_view();
        let label = format!("{}: {}", tx::LAG_CHART.get(lang), summary.join(", "));
        view! {
            <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label.clone() preserveAspectRatio="none">
                {lines}
            </svg>
            <p class="small">{format!("{} ({} {max})", summary.join(" · "), if lang == lessons::Lang::Ko { "최대" } else { "max" })}</p>
        }
        .into_any()
    };
    let isr = move || {
        let d = d.get();
        let lang = ctx.lang.get();
        if d.isr.is_empty() {
            return view! { <p class="muted small">{tx::NO_DATA.get(lang)}</p> }.into_any();
        }
        let max = d.isr.iter().map(|x| x.1).max().unwrap_or(1);
        let isr: Vec<u64> = d.isr.iter().map(|x| x.0).collect();
        let reps: Vec<u64> = d.isr.iter().map(|x| x.1).collect();
        let (now, all) = d.isr.last().copied().unwrap_or((0, 0));
        let label = format!("{}: {now} / {all}", tx::ISR_CHART.get(lang));
        view! {
            <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label.clone() preserveAspectRatio="none">
                <polyline class="line ref" points=polyline(&reps, max) />
                <polyline class="line s0" points=polyline(&isr, max) />
            </svg>
            <p class="small">{format!("ISR {now} / {all}")}</p>
        }
        .into_any()
    };
    view! {
        <div class="chart-grid">
                <figure>
                    <figcaption>{move || ctx.t(tx::LOAD)}</figcaption>
                    {load}
                </figure>
                <figure>
                    <figcaption>{move || ctx.t(tx::LAG_CHART)}</figcaption>
                    {lag}
                </figure>
                <figure>
                    <figcaption>{move || ctx.t(tx::ISR_CHART)}</figcaption>
                    {isr}
                </figure>
        </div>
    }
}
