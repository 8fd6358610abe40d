//! What both stages draw alike: paths between places, the tokens travelling them, and numbers
//! written for SVG attributes in integers (no float formatting in the wasm).

use super::Stage;
use super::trips::{Kind, Node, SHOWN_PER_TRIP, progress};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A point in the stage's SVG coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pt {
    pub x: f64,
    pub y: f64,
}

pub const fn pt(x: f64, y: f64) -> Pt {
    Pt { x, y }
}

/// The path a token takes from `a` to `b`: a cubic curve leaving and arriving horizontally (a
/// straight line when they are level or one above the other).
pub fn curve(a: Pt, b: Pt) -> [Pt; 4] {
    let dx = (b.x - a.x) / 2.0;
    [a, pt(a.x + dx, a.y), pt(b.x - dx, b.y), b]
}

/// A path that leaves `a` downwards and comes back up into `b` (a queue's dead-letter edge back
/// to an exchange on its left), `depth` below the lower of the two.
pub fn loop_under(a: Pt, b: Pt, depth: f64) -> [Pt; 4] {
    let y = a.y.max(b.y) + depth;
    [a, pt(a.x + 40.0, y), pt(b.x - 40.0, y), b]
}

/// The point `t` of the way along a cubic curve.
pub fn at(c: &[Pt; 4], t: f64) -> Pt {
    let u = 1.0 - t;
    let (a, b, cc, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    pt(
        a * c[0].x + b * c[1].x + cc * c[2].x + d * c[3].x,
        a * c[0].y + b * c[1].y + cc * c[2].y + d * c[3].y,
    )
}

/// The curve as an SVG path's `d`.
pub fn d(c: &[Pt; 4]) -> String {
    format!(
        "M{} {}C{} {} {} {} {} {}",
        n(c[0].x),
        n(c[0].y),
        n(c[1].x),
        n(c[1].y),
        n(c[2].x),
        n(c[2].y),
        n(c[3].x),
        n(c[3].y)
    )
}

/// A coordinate for an SVG attribute, to a tenth, written with integers.
pub fn n(v: f64) -> String {
    tenths((v * 10.0).round() as i64)
}

fn tenths(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    let t = t.unsigned_abs();
    if t.is_multiple_of(10) {
        format!("{sign}{}", t / 10)
    } else {
        format!("{sign}{}.{}", t / 10, t % 10)
    }
}

/// `translate(x y)` for a group's `transform`.
pub fn translate(p: Pt) -> String {
    format!("translate({} {})", n(p.x), n(p.y))
}

/// Thousandths as a decimal (the scrub bar's value).
pub fn milli(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    format!("{sign}{}.{:03}", v / 1000, v % 1000)
}

/// Parses a non-negative decimal into thousandths (`"3.25"` → 3250), without float parsing.
pub fn parse_milli(s: &str) -> Option<u64> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut f = 0u64;
    for (i, c) in frac.chars().take(3).enumerate() {
        f += u64::from(c.to_digit(10)?) * [100, 10, 1][i];
    }
    int.checked_mul(1000)?.checked_add(f)
}

/// Where a path starts and ends for a trip, given by each stage from its layout: the point a
/// token leaves `from` and reaches `to` (an offset picks the cell of a Kafka log row).
pub trait Anchors: Send + Sync + 'static {
    fn path(&self, from: &Node, to: &Node, offset: Option<u64>, kind: Kind) -> Option<[Pt; 4]>;
}

/// A token's path, its leg and the plan's number of legs.
type Route = Option<([Pt; 4], u8, u8)>;

/// The tokens on screen, each with the translate that places it, its route and its stagger.
type Moving = Vec<(TokenKey, web_sys::SvgTransform, Memo<Route>, f64)>;

/// A token: (plan identity, trip, item).
type TokenKey = (usize, usize, usize);

/// The tokens in flight on `stage`, drawn over the stage's structure. Which tokens there are
/// follows the legs (a token is drawn from its leg's start to its end); where they are follows
/// every frame of the clock, through one effect for all of them rather than one per token.
///
/// They live in an SVG of their own laid exactly over the stage's (the same `view_box`), a
/// compositor layer of its own: a frame repaints the tokens, not the whole picture under them.
pub fn tokens<A: Anchors + Clone + PartialEq>(
    stage: Stage,
    anchors: Memo<A>,
    view_box: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    let visible = Memo::new(move |_| {
        let leg = stage.arrived.get();
        stage.plan.with(|plan| {
            let id = std::sync::Arc::as_ptr(plan) as usize;
            plan.flying(leg)
                .flat_map(|(i, trip)| {
                    let shown = trip.items.len().max(1);
                    let extra = usize::from(trip.count > SHOWN_PER_TRIP as u64);
                    (0..shown + extra).map(move |j| (id, i, j))
                })
                .collect::<Vec<_>>()
        })
    });
    let moving = StoredValue::new_local(Moving::new());
    Effect::new(move |_| {
        let phase = stage.shown_phase();
        moving.with_value(|m| {
            for (_, translate, route, lag) in m {
                if let Some(p) = route.with_untracked(|r| r.as_ref().map(|r| along(r, *lag, phase)))
                {
                    // The SVG DOM holds coordinates as f32.
                    translate.set_translate(p.x as f32, p.y as f32).ok();
                }
            }
        });
    });
    view! {
        <svg class="stage-tokens" viewBox=view_box aria-hidden="true">
            <g class="tokens">
                <For each=move || visible.get() key=|k| *k let:k>
                    <Token stage anchors moving key=k />
                </For>
            </g>
        </svg>
    }
}

/// Tokens of one trip leave a little apart, so a batch reads as several records.
const STAGGER: f64 = 0.06;

/// Where a token of `route` staggered by `lag` is at `phase`.
fn along(route: &([Pt; 4], u8, u8), lag: f64, phase: f64) -> Pt {
    let (c, leg, legs) = route;
    let t = (progress(*leg, *legs, phase) * (1.0 + lag) - lag).clamp(0.0, 1.0);
    at(c, t)
}

#[component]
fn Token<A: Anchors + Clone + PartialEq>(
    stage: Stage,
    anchors: Memo<A>,
    moving: StoredValue<Moving, LocalStorage>,
    key: TokenKey,
) -> impl IntoView {
    let (_, trip, item) = key;
    let look = stage.plan.with_untracked(|p| {
        p.trips.get(trip).map(|t| {
            let it = t.items.get(item);
            let label = match it {
                Some(i) => short(&i.label),
                None if t.items.is_empty() && t.count > 1 => format!("×{}", t.count),
                None if t.items.is_empty() => String::new(),
                None => format!("×{}", t.count - t.items.len() as u64),
            };
            let colour = it.and_then(|i| i.colour);
            let ring = it.is_some_and(|i| i.redelivered);
            (t.kind, label, colour, ring)
        })
    });
    let Some((kind, label, colour, ring)) = look else {
        return ().into_any();
    };
    // The token's path and leg, found once per plan and layout; each frame only walks along it.
    let route = Memo::new(move |_| {
        stage.plan.with(|p| {
            let t = p.trips.get(trip)?;
            let c = anchors.with(|a| a.path(&t.from, &t.to, t.offsets.map(|o| o.0), t.kind))?;
            Some((c, t.leg, p.legs))
        })
    });
    let lag = item as f64 * STAGGER;
    // Drawn where it is now; from then on the stage's one mover sets the group's own translate
    // through the SVG DOM (two floats, no attribute string formatted in the wasm).
    let now = untrack(|| route.with(|r| r.as_ref().map(|r| along(r, lag, stage.shown_phase()))));
    let start = translate(now.unwrap_or(pt(0.0, 0.0)));
    let group = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |_| {
        let Some(g) = group.get() else { return };
        let g: &web_sys::SvgGraphicsElement = g.unchecked_ref();
        if let Ok(t) = g.transform().base_val().get_item(0) {
            moving.try_update_value(|m| {
                m.retain(|e| e.0 != key);
                m.push((key, t, route, lag));
            });
        }
    });
    on_cleanup(move || {
        moving.try_update_value(|m| m.retain(|e| e.0 != key));
    });
    let class = format!(
        "token {} {}",
        kind_class(kind),
        colour.map_or("c-none".to_string(), |c| format!("c{c}"))
    );
    let small = matches!(kind, Kind::Ack | Kind::Nack | Kind::Commit);
    view! {
        <g class=class transform=start node_ref=group>
            {ring.then(|| view! { <circle class="ring" r="11" /> })}
            <circle r=if small { "6" } else { "9" } />
            <text class="token-label" y=if small { "-9" } else { "-12" } text-anchor="middle">{label}</text>
        </g>
    }
    .into_any()
}

/// At most four characters fit on a token.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(4).collect();
    if s.chars().count() > 4 {
        out.pop();
        out.push('…');
    }
    out
}

pub fn kind_class(kind: Kind) -> &'static str {
    match kind {
        Kind::Record => "record",
        Kind::Ack => "ack",
        Kind::Nack => "nack",
        Kind::Commit => "commit",
        Kind::Message => "message",
        Kind::Requeue => "requeue",
        Kind::DeadLetter => "dead",
        Kind::Returned => "returned",
        Kind::Dropped => "dropped",
    }
}

/// An SVG group that acts as a button: focusable, Enter or Space presses it, and it is named.
pub fn on_press(
    f: impl Fn() + Clone + 'static,
) -> (
    impl Fn(leptos::ev::MouseEvent) + Clone,
    impl Fn(leptos::ev::KeyboardEvent) + Clone,
) {
    let g = f.clone();
    (
        move |_| f(),
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Enter" || ev.key() == " " {
                ev.prevent_default();
                g();
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_float_formatting() {
        assert_eq!(n(12.34), "12.3");
        assert_eq!(n(-0.06), "-0.1");
        assert_eq!(n(40.0), "40");
        assert_eq!(milli(3250), "3.250");
        assert_eq!(parse_milli("3.25"), Some(3250));
        assert_eq!(parse_milli("7"), Some(7000));
        assert_eq!(parse_milli("x"), None);
    }

    #[test]
    fn a_curve_runs_from_its_start_to_its_end() {
        let c = curve(pt(0.0, 0.0), pt(100.0, 50.0));
        assert_eq!(at(&c, 0.0), pt(0.0, 0.0));
        assert_eq!(at(&c, 1.0), pt(100.0, 50.0));
        let mid = at(&c, 0.5);
        assert!(mid.x > 40.0 && mid.x < 60.0 && mid.y > 20.0 && mid.y < 30.0);
    }
}
