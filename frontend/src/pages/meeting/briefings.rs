//! 会议简报 (Art. 7): once the meeting is concluded, its briefings with their state and number,
//! and for organisers 起草简报, which drafts one pre-filled from the meeting (the analysis room's
//! figures, the agenda, the adopted conclusions) and opens it. The meeting is marked 已通报 once
//! one of them is issued.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use yanpan_client::ops;
use yanpan_types::{BriefingKind, BriefingQuery, BriefingStatus, CreateBriefing, PageParams};

use super::Ws;
use crate::api;
use crate::components::{FormMessages, FormState, Section, run};
use crate::i18n::{briefing_kind_name, briefing_status_name, tbr};
use crate::load::Res;

#[component]
pub(super) fn BriefingsCard(ws: Ws) -> impl IntoView {
    let s = tbr();
    let list = Res::new(move || {
        ws.tick.track();
        let q = BriefingQuery {
            kind: None,
            status: None,
            meeting_id: Some(ws.id),
        };
        async move {
            let q = &q;
            api::call(ops::list_briefings(q, PageParams::new(1, 50))).await
        }
    });
    let form = FormState::new(&[]);
    let navigate = use_navigate();
    let draft = move |_| {
        let navigate = navigate.clone();
        run(form, async move {
            let body = CreateBriefing {
                kind: BriefingKind::Briefing,
                meeting_id: Some(ws.id),
                corrects_id: None,
                title: None,
            };
            let b = api::call(ops::create_briefing(&body)).await?;
            navigate(&format!("/briefings/{}", b.value.id), Default::default());
            Ok(())
        });
    };
    view! {
        <Section title=s.of_meeting id="meeting-briefings">
            {move || list.get().map(|r| match r {
                Err(e) => view! { <p class="muted">{e.to_string()}</p> }.into_any(),
                Ok(p) if p.items.is_empty() => view! { <p class="muted">{s.none_for_meeting}</p> }.into_any(),
                Ok(p) => view! {
                    <ul class="plain-list" data-testid="meeting-briefings">
                        {p.items.into_iter().map(|b| {
                            let kind = if b.status == BriefingStatus::Issued { "ok" } else { "plan" };
                            view! {
                                <li>
                                    <a href=format!("/briefings/{}", b.id)>{b.title.clone()}</a>" "
                                    <span class="muted">{briefing_kind_name(b.kind)}</span>" "
                                    <span class=format!("badge badge-{kind}")>{briefing_status_name(b.status)}</span>" "
                                    {b.issue_label.clone()}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            })}
            <FormMessages form=form/>
            {ws.organiser().then(|| view! {
                <div class="btn-row no-print">
                    <button type="button" class="btn btn-primary" data-testid="draft-briefing" disabled=move || form.busy.get() on:click=draft.clone()>
                        {s.draft_from_meeting}
                    </button>
                </div>
            })}
        </Section>
    }
}
