//! The wires of the diagram: each binding to its queue (or exchange), each queue to its
//! consumers, and each queue back to its dead-letter exchange. Drawn over the columns from the
//! cards' measured positions; the path of the latest change is lit and, for those who do not
//! ask for reduced motion, marches in the direction the message travelled.

use super::Ctx;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Clone, Debug, PartialEq)]
struct Wire {
    d: String,
    class: &'static str,
}

#[derive(Clone, Copy, Debug)]
struct Box4 {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let Ok(f) = js_sys::Reflect::get(root, &"querySelectorAll".into()) else {
        return Vec::new();
    };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else {
        return Vec::new();
    };
    let Ok(list) = f.call1(root, &selector.into()) else {
        return Vec::new();
    };
    let n = js_sys::Reflect::get(&list, &"length".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32;
    (0..n)
        .filter_map(|i| js_sys::Reflect::get_u32(&list, i).ok())
        .filter_map(|e| e.dyn_into::<web_sys::Element>().ok())
        .collect()
}

fn rect(e: &web_sys::Element, origin: &web_sys::DomRect) -> Box4 {
    let r = e.get_bounding_client_rect();
    Box4 {
        left: r.left() - origin.left(),
        right: r.right() - origin.left(),
        top: r.top() - origin.top(),
        bottom: r.bottom() - origin.top(),
    }
}

fn attr(e: &web_sys::Element, name: &str) -> String {
    e.get_attribute(name).unwrap_or_default()
}

/// A curve from `(x1, y1)` leaving rightwards to `(x2, y2)` arriving from the left.
fn forward(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let dx = ((x2 - x1) / 2.0).max(12.0);
    format!(
        "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
        x1 + dx,
        x2 - dx
    )
}

/// A loop leaving rightwards and coming back to another right edge (exchange to exchange).
fn loop_right(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let out = x1.max(x2) + 18.0;
    format!("M{x1:.1},{y1:.1} C{out:.1},{y1:.1} {out:.1},{y2:.1} {x2:.1},{y2:.1}")
}

fn measure(ctx: Ctx, root: &web_sys::Element) -> Vec<Wire> {
    let origin = root.get_bounding_client_rect();
    let single_column = {
        let cols = all(root, ":scope > .rb-col");
        cols.len() >= 2 && {
            let a = rect(&cols[0], &origin);
            let b = rect(&cols[1], &origin);
            (a.left - b.left).abs() < 1.0
        }
    };
    if single_column {
        return Vec::new();
    }
    let queues: Vec<(String, String, Box4)> = all(root, "section.rb-queue")
        .iter()
        .map(|e| (attr(e, "data-q"), attr(e, "data-dlx"), rect(e, &origin)))
        .collect();
    let exchanges: Vec<(String, Box4)> = all(root, "section.rb-exchange")
        .iter()
        .map(|e| (attr(e, "data-x"), rect(e, &origin)))
        .collect();
    let (fired, died) = ctx
        .flash
        .with_untracked(|f| (f.bindings.clone(), f.died_in.clone()));
    let mut wires = Vec::new();
    for b in all(root, "li.rb-binding") {
        let r = rect(&b, &origin);
        let (src, dest, key) = (
            attr(&b, "data-src"),
            attr(&b, "data-dest"),
            attr(&b, "data-key"),
        );
        let lit = fired.contains(&(src, dest.clone(), key));
        let y1 = (r.top + r.bottom) / 2.0;
        if attr(&b, "data-dkind") == "exchange" {
            if let Some((_, x)) = exchanges.iter().find(|(n, _)| *n == dest) {
                wires.push(Wire {
                    d: loop_right(r.right, y1, x.right, x.top + 14.0),
                    class: if lit { "wire bind fired" } else { "wire bind" },
                });
            }
        } else if let Some((_, _, q)) = queues.iter().find(|(n, _, _)| *n == dest) {
            wires.push(Wire {
                d: forward(r.right, y1, q.left, q.top + 14.0),
                class: if lit { "wire bind fired" } else { "wire bind" },
            });
        }
    }
    for c in all(root, "section.rb-consumer") {
        let r = rect(&c, &origin);
        let q = attr(&c, "data-cq");
        if let Some((_, _, qb)) = queues.iter().find(|(n, _, _)| *n == q) {
            wires.push(Wire {
                d: forward(qb.right, qb.top + 14.0, r.left, r.top + 14.0),
                class: "wire consume",
            });
        }
    }
    for (q, dlx, qb) in &queues {
        if dlx.is_empty() {
            continue;
        }
        if let Some((_, x)) = exchanges.iter().find(|(n, _)| n == dlx) {
            // Leaves the queue's left edge, arrives at the DLX's right edge: backwards in the flow.
            let (x1, y1, x2, y2) = (qb.left, qb.bottom - 12.0, x.right, x.top + 14.0);
            let d = format!(
                "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
                x1 - 14.0,
                x2 + 14.0
            );
            wires.push(Wire {
                d,
                class: if died.contains(q) {
                    "wire dead fired"
                } else {
                    "wire dead"
                },
            });
        }
    }
    wires
}

#[component]
pub(crate) fn Wires(ctx: Ctx, cols: NodeRef<Div>) -> impl IntoView {
    let wires = RwSignal::new(Vec::<Wire>::new());
    let size = RwSignal::new((0.0f64, 0.0f64));
    let redraw = move || {
        request_animation_frame(move || {
            if let Some(root) = cols.get_untracked() {
                let root: &web_sys::Element = root.as_ref();
                let r = root.get_bounding_client_rect();
                size.set((r.width(), r.height()));
                wires.set(measure(ctx, root));
            }
        })
    };
    Effect::new(move |_| {
        ctx.stage.timeline.track();
        ctx.flash.track();
        ctx.lang.track();
        ctx.sel.track();
        redraw();
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| redraw());
    on_cleanup(move || handle.remove());
    view! {
        <svg
            class="rb-wires"
            aria-hidden="true"
            width=move || size.get().0.to_string()
            height=move || size.get().1.to_string()
        >
            {move || wires.get().into_iter().map(|w| view! { <path d=w.d class=w.class /> }).collect_view()}
        </svg>
    }
}
