//! 研判 (Yanpan): the single-page app, client-side rendered with Leptos.
//!
//! * [`api`] — the shared typed client with the session (tokens, refresh, 401 → sign-in).
//! * [`pages`] — one module per page; [`app`] maps paths to pages.
//! * [`components`] — the frame, form fields, loading/error/empty views, and what pages share.
//! * [`i18n`] — every user-visible string.
//! * [`time`] — dates and times in Asia/Shanghai.

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod load;
pub mod pages;
pub mod time;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point: runs as soon as the boot script has instantiated the wasm module.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    // The boot page shows a "loading" note until the app replaces it.
    if let Some(el) = leptos::prelude::document().get_element_by_id("boot") {
        el.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
