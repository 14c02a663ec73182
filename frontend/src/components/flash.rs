//! `Flash`: a message a form leaves for the page it redirects to, shown there once.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// A one-time message for the page at `path` (e.g. "已创建。" after a create redirects to a list).
#[derive(Clone, Copy)]
pub struct Flash(pub RwSignal<Option<(String, String)>>);

impl Flash {
    pub fn set(&self, path: &str, msg: &str) {
        self.0.set(Some((path.to_owned(), msg.to_owned())));
    }
}

/// The flash message for the current page, if any.
pub fn use_flash() -> (Flash, Signal<Option<String>>) {
    let flash = use_context::<Flash>().unwrap_or(Flash(RwSignal::new(None)));
    let loc = use_location();
    let msg = Signal::derive(move || {
        let path = loc.pathname.get();
        flash.0.with(|f| {
            f.as_ref()
                .filter(|(p, _)| *p == path)
                .map(|(_, m)| m.clone())
        })
    });
    (flash, msg)
}
