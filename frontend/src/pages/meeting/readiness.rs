//! 会前准备情况: whether the meeting is ready to be held, and what is still missing.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::Preparation;

use super::Ws;
use crate::api;
use crate::components::{Section, badge};
use crate::i18n::{missing_name, tm};
use crate::load::Res;

#[component]
pub(super) fn ReadinessCard(ws: Ws) -> impl IntoView {
    let mt = tm();
    let r = Res::new(move || {
        ws.tick.track();
        let id = ws.id;
        async move { api::call(ops::get_readiness(id)).await }
    });
    view! {
        <Section title=mt.readiness id="readiness">
            {move || r.get().map(|r| match r {
                Ok(r) => view! {
                    <p>{if r.ready { badge(mt.ready, "ok").into_any() } else { badge(mt.not_ready, "warn").into_any() }}</p>
                    <ul class="checklist" data-testid="readiness">
                        {Preparation::ALL.iter().map(|item| {
                            let ok = !r.missing.contains(item);
                            view! { <li class:done=ok>{if ok { "✓ " } else { "✗ " }}{missing_name(*item)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
            })}
        </Section>
    }
}
