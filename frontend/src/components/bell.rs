//! The header's 通知 link with the signed-in person's unread count: asked when the frame loads,
//! every minute, and whenever a page marks notifications read (`UnreadBell::bump`). The
//! notification centre itself (`/notifications`) is a lazy page.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use yanpan_client::ops;

use crate::api;
use crate::i18n::tsv;
use crate::load::Res;

/// How often the count is asked again while a page is open.
const POLL: Duration = Duration::from_secs(60);

/// Asks the unread count again when bumped (the frame provides it; pages that mark
/// notifications read bump it).
#[derive(Clone, Copy)]
pub struct UnreadBell(RwSignal<u32>);

impl UnreadBell {
    pub fn bump(self) {
        self.0.update(|n| *n = n.wrapping_add(1));
    }
}

/// Provides the bell's trigger to the frame and the pages inside it, and bumps it every minute
/// while the frame is shown.
pub fn provide_bell() -> UnreadBell {
    let bell = UnreadBell(RwSignal::new(0));
    provide_context(bell);
    if let Ok(handle) = set_interval_with_handle(move || bell.bump(), POLL) {
        on_cleanup(move || handle.clear());
    }
    bell
}

/// 通知, with the unread count as a badge.
#[component]
pub fn NotificationBell(bell: UnreadBell) -> impl IntoView {
    let s = tsv();
    let count = Res::new(move || {
        bell.0.track();
        async move {
            api::call(ops::unread_notifications())
                .await
                .map(|c| c.unread)
                .ok()
        }
    });
    // The last answer stays while the next one is on its way (no flicker every minute).
    let unread = Memo::new(move |prev: Option<&u64>| {
        count
            .get()
            .flatten()
            .unwrap_or_else(|| prev.copied().unwrap_or(0))
    });
    view! {
        <A href="/notifications" attr:class="btn btn-ghost bell" attr:data-testid="notification-bell">
            {s.notifications}
            {move || {
                let n = unread.get();
                (n > 0).then(|| view! {
                    <span class="bell-count" aria-hidden="true" data-testid="unread-count">{n}</span>
                    <span class="sr-only">{(s.unread_count)(n)}</span>
                })
            }}
        </A>
    }
}
