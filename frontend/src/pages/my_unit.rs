//! 本单位 (unit_rep): the unit's meetings, uploads and submissions; and one submission's page.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{MeetingQuery, MeetingStatus, PageParams};

use crate::api::{self, AppError, use_auth};
use crate::components::params::id_param;
use crate::components::submission::{UnitSubmissionPanel, submission_view};
use crate::components::{EmptyState, Forbidden, Section, set_title, status_badge};
use crate::i18n::{t, tm};
use crate::load::Res;
use crate::time::fmt_datetime;

#[component]
pub fn MyUnitPage() -> impl IntoView {
    let mt = tm();
    set_title(mt.nav_my_unit);
    let auth = use_auth();
    if !auth.is_unit_rep() {
        return view! { <Forbidden/> }.into_any();
    }
    let list = Res::new(|| async {
        let q = MeetingQuery::default();
        let q = &q;
        api::call(ops::list_meetings(q, PageParams::new(1, 50))).await
    });
    let chosen = RwSignal::new(None::<(Uuid, bool, String)>);
    view! {
        <section class="page" data-testid="my-unit-page">
            <header class="page-head"><h1>{mt.nav_my_unit}</h1><p class="muted">{mt.my_unit_lead}</p></header>
            {list.view(true, false, move |p| if p.items.is_empty() {
                        view! { <EmptyState text=mt.no_meetings/> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap"><table class="table table-cards" data-testid="unit-meetings">
                                <thead><tr><th>{mt.meeting_title}</th><th>{t().status}</th><th>{mt.starts_at}</th><th>{mt.submission_due}</th><th>{t().actions}</th></tr></thead>
                                <tbody>{p.items.into_iter().map(|m| {
                                    let open = matches!(m.status, MeetingStatus::Draft | MeetingStatus::Scheduled);
                                    let (id, title) = (m.id, m.title.clone());
                                    view! { <tr>
                                        <td><a href=format!("/meetings/{id}")>{m.title}</a></td>
                                        <td data-label=t().status>{status_badge(m.status)}</td>
                                        <td class="nowrap" data-label=mt.starts_at>{fmt_datetime(&m.starts_at)}</td>
                                        <td class="nowrap" data-label=mt.submission_due>{fmt_datetime(&m.submission_due_at)}</td>
                                        <td><button type="button" class="btn btn-small" on:click=move |_| chosen.set(Some((id, open, title.clone())))>
                                            {if open { mt.submit_opinion } else { mt.history }}
                                        </button></td>
                                    </tr> }
                                }).collect_view()}</tbody>
                            </table></div>
                        }.into_any()
                    })}
            {move || chosen.get().map(|(id, open, title)| view! {
                <Section title=title id="unit-submission">
                    <UnitSubmissionPanel meeting_id=id open=open/>
                </Section>
            })}
        </section>
    }
    .into_any()
}

/// /submissions/:id — one submission (403 for another unit's).
#[component]
pub fn SubmissionPage() -> impl IntoView {
    let mt = tm();
    set_title(mt.submission);
    let id = id_param();
    let sub = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_submission(id)).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    view! {
        {sub.view(false, true, move |s| view! {
                        <section class="page" data-testid="submission-page">
                            <header class="page-head">
                                <p class="crumbs"><a href=format!("/meetings/{}", s.meeting_id)>{mt.workspace}</a></p>
                                <h1>{mt.submission}</h1>
                            </header>
                            <div class="card"><ol class="versions">{submission_view(s)}</ol></div>
                        </section>
                    }.into_any())}
    }
}
