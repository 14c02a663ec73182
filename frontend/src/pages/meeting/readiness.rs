//! 会前准备情况: whether the meeting is ready to be held, and what is still missing. Readiness
//! is a question before the meeting only (draft, scheduled); afterwards the card says where the
//! meeting stands instead.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{MeetingStatus, Preparation};

use super::Ws;
use crate::api;
use crate::components::{Section, badge};
use crate::i18n::{missing_name, tfl, tm};
use crate::load::Res;

#[component]
pub(super) fn ReadinessCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    let before =
        Memo::new(move |_| matches!(ws.status(), MeetingStatus::Draft | MeetingStatus::Scheduled));
    let r = Res::new(move || {
        ws.tick.track();
        let (id, ask) = (ws.id, before.get());
        async move {
            if ask {
                Some(api::call(ops::get_readiness(id)).await)
            } else {
                None
            }
        }
    });
    view! {
        <Section title=mt.readiness id="readiness">
            {move || if before.get() {
                r.get().flatten().map(|r| match r {
                    Ok(r) => view! {
                        <p data-testid="readiness-state">{if r.ready { badge(mt.ready, "ok").into_any() } else { badge(mt.not_ready, "warn").into_any() }}</p>
                        <ul class="checklist" data-testid="readiness">
                            {Preparation::ALL.iter().map(|item| {
                                let ok = !r.missing.contains(item);
                                view! { <li class:done=ok>{if ok { "✓ " } else { "✗ " }}{missing_name(*item)}</li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                }).into_any()
            } else {
                let (label, kind) = held_state(ws.status());
                view! { <p data-testid="readiness-state">{badge(label, kind)}</p> }.into_any()
            }}
        </Section>
    }
}

/// The meeting's state in words once preparation is over.
fn held_state(s: MeetingStatus) -> (&'static str, &'static str) {
    let ft = tfl();
    match s {
        MeetingStatus::InProgress => (ft.state_in_progress, "live"),
        MeetingStatus::Concluded => (ft.state_concluded, "ok"),
        MeetingStatus::Reported => (ft.state_reported, "ok"),
        MeetingStatus::Cancelled => (ft.state_cancelled, "off"),
        MeetingStatus::Draft | MeetingStatus::Scheduled => ("", "plan"),
    }
}
