//! 简报通报 (/briefings, /briefings/:id, /briefings/:id/print; Art. 7): the briefings and special
//! reports written after the meetings. The list (here), one briefing with its editor, moves,
//! distribution and acknowledgements (`detail`), its print view laid out after GB/T 9704
//! (`print`), and the published briefings that anyone may read without sign-in (`public`).
//! Organisers (the analysis room and the conveners) see every briefing; a unit's representative
//! sees the issued briefings sent to its unit, and inspectors the issued ones.

mod detail;
mod print;
mod public;

pub use detail::BriefingPage;
pub use print::BriefingPrintPage;
pub use public::{PublicBriefingPage, PublicBriefingsPage};

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use yanpan_client::ops;
use yanpan_types::{
    Briefing, BriefingKind, BriefingQuery, BriefingStatus, CreateBriefing, PageParams, Role,
};

use crate::api::{self, use_auth};
use crate::components::flash::use_flash;
use crate::components::options::enum_options;
use crate::components::{
    EmptyState, FormMessages, FormState, PAGE_SIZE, Pagination, Select, run, set_title,
};
use crate::i18n::{briefing_kind_name, briefing_status_name, t, tbr};
use crate::load::Res;
use crate::time::fmt_datetime;

/// Drafting, editing and submitting for review: the analysis room and the conveners.
pub(crate) fn organiser(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Convener | Role::Analyst))
}

pub(crate) fn status_badge(s: BriefingStatus) -> AnyView {
    let kind = match s {
        BriefingStatus::Draft => "plan",
        BriefingStatus::InReview => "warn",
        BriefingStatus::Issued => "ok",
    };
    view! { <span class=format!("badge badge-{kind}") data-testid="briefing-status">{briefing_status_name(s)}</span> }
        .into_any()
}

#[component]
pub fn BriefingsPage() -> impl IntoView {
    let s = tbr();
    set_title(s.nav);
    let auth = use_auth();
    let role = auth.role();
    let query = use_query_map();
    let initial = |key: &str| query.with_untracked(|q| q.get(key)).unwrap_or_default();
    let kind = RwSignal::new(initial("kind"));
    let status = RwSignal::new(initial("status"));
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let q = BriefingQuery {
            kind: kind.get().parse().ok(),
            status: status.get().parse().ok(),
            meeting_id: None,
        };
        let n = page.get();
        async move {
            let q = &q;
            api::call(ops::list_briefings(q, PageParams::new(n, PAGE_SIZE))).await
        }
    });
    let form = FormState::new(&[]);
    let navigate = use_navigate();
    // 专题报告 may stand alone (Art. 7): drafted here, without a meeting.
    let new_special = move |_| {
        let navigate = navigate.clone();
        run(form, async move {
            let body = CreateBriefing {
                kind: BriefingKind::SpecialReport,
                meeting_id: None,
                corrects_id: None,
                title: None,
            };
            let b = api::call(ops::create_briefing(&body)).await?;
            navigate(&format!("/briefings/{}", b.value.id), Default::default());
            Ok(())
        });
    };
    let (_, flash) = use_flash();
    let lead = if auth.is_unit_rep() {
        s.rep_lead
    } else {
        s.lead
    };
    view! {
        <section class="page" data-testid="briefings-page">
            <header class="page-head">
                <h1>{s.nav}</h1>
                <p class="muted">{lead}</p>
                {organiser(role).then(|| view! {
                    <div class="btn-row">
                        <button type="button" class="btn" data-testid="new-special-report" disabled=move || form.busy.get() on:click=new_special>
                            {s.new_special}
                        </button>
                        <a class="btn" href="/public/briefings" target="_blank">{s.public_title}</a>
                    </div>
                })}
            </header>
            {move || flash.get().map(|m| view! { <div class="alert alert-success" role="status">{m}</div> })}
            <FormMessages form=form/>
            <div class="filters" on:change=move |_| page.set(1)>
                <div class="field">
                    <label for="f-br-kind">{s.kind}</label>
                    <Select id="f-br-kind" value=kind options=Signal::derive(|| enum_options(BriefingKind::ALL, true, |k| k.as_str(), briefing_kind_name))/>
                </div>
                {organiser(role).then(|| view! {
                    <div class="field">
                        <label for="f-br-status">{t().status}</label>
                        <Select id="f-br-status" value=status options=Signal::derive(|| enum_options(BriefingStatus::ALL, true, |k| k.as_str(), briefing_status_name))/>
                    </div>
                })}
            </div>
            {list.view(true, true, move |p| {
                let (total, size) = (p.total, p.page_size);
                view! {
                    {if p.items.is_empty() {
                        view! { <EmptyState text=s.none/> }.into_any()
                    } else {
                        table(p.items)
                    }}
                    <Pagination page=page total=total page_size=size/>
                }
            })}
        </section>
    }
}

fn table(items: Vec<Briefing>) -> AnyView {
    let s = tbr();
    view! {
        <div class="table-wrap">
            <table class="table table-cards" data-testid="briefings-table">
                <thead>
                    <tr>
                        <th scope="col">{s.title}</th>
                        <th scope="col">{s.kind}</th>
                        <th scope="col">{s.issue_label}</th>
                        <th scope="col">{t().status}</th>
                        <th scope="col">{s.acknowledged}</th>
                        <th scope="col">{s.issued_at}</th>
                        <th scope="col">{s.public}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|b| {
                        let of = (s.acknowledged_of)(b.acknowledged, b.recipients.len());
                        view! {
                            <tr data-testid="briefing-row">
                                <td><a href=format!("/briefings/{}", b.id)>{b.title.clone()}</a></td>
                                <td data-label=s.kind>{briefing_kind_name(b.kind)}</td>
                                <td data-label=s.issue_label class="nowrap" data-testid="briefing-issue">{b.issue_label.clone().unwrap_or_else(|| "—".into())}</td>
                                <td data-label=t().status>{status_badge(b.status)}</td>
                                <td data-label=s.acknowledged>{(b.status == BriefingStatus::Issued).then_some(of)}</td>
                                <td data-label=s.issued_at class="nowrap">{b.issued_at.as_ref().map(fmt_datetime)}</td>
                                <td data-label=s.public>{if b.public { s.published } else { "—" }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
