//! Parts of the app that only some pages need (the RabbitMQ views, …) live in wasm chunks of
//! their own, fetched on first use, so the first page loads less (`#[lazy]` functions, cut out by
//! `cargo xtask wasm`). This shows such a part once its chunk is in.

use crate::{Shell, i18n};
use leptos::prelude::*;
use std::future::Future;

/// The view `load` resolves to; meanwhile a loading note in both languages, which CSS fades in
/// only after a moment, so a quick load shows nothing.
pub fn view(load: impl Future<Output = AnyView> + Send + 'static) -> AnyView {
    let shell = expect_context::<Shell>();
    view! {
        <Suspense fallback=move || {
            view! {
                <p class="chunk-loading" role="status">{move || i18n::LOADING.get(shell.lang.get())}</p>
            }
        }>{Suspend::new(load)}</Suspense>
    }
    .into_any()
}
