//! 提请督办: the queue of escalation requests; conveners accept/reject and resolve, the command
//! center schedules accepted ones into a level-1 supervision meeting.

use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{
    Escalation, EscalationQuery, EscalationStatus, MeetingKind, MeetingQuery, PageParams,
};

use crate::api::{self, use_auth};
use crate::components::options::enum_options;
use crate::components::{
    EmptyState, Forbidden, FormMessages, FormState, PAGE_SIZE, Pagination, Select, TextArea, badge,
    run, set_title,
};
use crate::i18n::{esc_status_name, t, tm};
use crate::load::Res;
use crate::time::fmt_datetime;

#[component]
pub fn EscalationsPage() -> impl IntoView {
    let mt = tm();
    set_title(mt.nav_escalations);
    let auth = use_auth();
    if !auth.is_overseer() {
        return view! { <Forbidden/> }.into_any();
    }
    let status = RwSignal::new(if auth.is_convener() { "pending" } else { "" }.to_owned());
    let page = RwSignal::new(1u64);
    let list = Res::new(move || {
        let q = EscalationQuery {
            status: status.get().parse().ok(),
            meeting_id: None,
        };
        let p = page.get();
        async move {
            let q = &q;
            api::call(ops::list_escalations(q, PageParams::new(p, PAGE_SIZE))).await
        }
    });
    // Level-1 meetings that can still take items, for scheduling.
    let level1 = Res::new(move || async move {
        if !use_auth().is_organiser() {
            return vec![];
        }
        let q = MeetingQuery {
            kind: Some(MeetingKind::Level1Supervision),
            ..Default::default()
        };
        let q = &q;
        api::call(ops::list_meetings(q, PageParams::new(1, 100)))
            .await
            .map(|p| {
                p.items
                    .into_iter()
                    .filter(|m| !m.status.is_locked())
                    .map(|m| (m.id.to_string(), m.title))
                    .collect()
            })
            .unwrap_or_default()
    });
    let refresh = Callback::new(move |()| list.refetch());
    Effect::new(move |_| {
        status.track();
        page.set(1);
    });
    view! {
        <section class="page" data-testid="escalations-page">
            <header class="page-head"><h1>{mt.nav_escalations}</h1><p class="muted">{mt.escalations_lead}</p></header>
            <div class="filters">
                <div class="field">
                    <label for="f-esc-status">{t().status}</label>
                    <Select id="f-esc-status" value=status options=Signal::derive(|| enum_options(EscalationStatus::ALL, true, |k| k.as_str(), esc_status_name))/>
                </div>
            </div>
            {list.view(true, false, move |p| {
                        let (total, size) = (p.total, p.page_size);
                        view! {
                            {if p.items.is_empty() {
                                view! { <EmptyState text=mt.no_escalations/> }.into_any()
                            } else {
                                view! { <div class="esc-list">{p.items.into_iter().map(|e| view! {
                                    <EscalationCard e=e level1=Signal::derive(move || level1.get().unwrap_or_default()) refresh=refresh/>
                                }).collect_view()}</div> }.into_any()
                            }}
                            <Pagination page=page total=total page_size=size/>
                        }
                    })}
        </section>
    }
    .into_any()
}

#[component]
fn EscalationCard(
    e: Escalation,
    level1: Signal<Vec<(String, String)>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let mt = tm();
    let auth = use_auth();
    let form = FormState::new(&["note", "outcome", "level1_meeting_id"]);
    let note = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let id = e.id;
    let act = move |what: u8| {
        let (n, tgt) = (
            note.get_untracked().trim().to_owned(),
            target.get_untracked(),
        );
        run(form, async move {
            let n = &n;
            match what {
                0 | 1 => {
                    api::call(ops::review_escalation(id, what == 0, n)).await?;
                }
                2 => {
                    let Ok(m) = tgt.parse() else {
                        form.invalid("level1_meeting_id", t().err_required);
                        return Ok(());
                    };
                    api::call(ops::schedule_escalation(id, m)).await?;
                }
                _ => {
                    api::call(ops::resolve_escalation(id, n)).await?;
                }
            }
            refresh.run(());
            Ok(())
        })
    };
    let kind = match e.status {
        EscalationStatus::Pending => "warn",
        EscalationStatus::Rejected => "off",
        EscalationStatus::Resolved => "ok",
        _ => "plan",
    };
    let convener = auth.is_convener();
    let organiser = auth.is_organiser();
    view! {
        <article class="card esc" data-testid="escalation">
            <h2 class="sub">{e.title.clone()}" "{badge(esc_status_name(e.status), kind)}</h2>
            <dl class="facts">
                <dt>{mt.source_meeting}</dt><dd><a href=format!("/meetings/{}", e.meeting_id)>{mt.open}</a></dd>
                <dt>{mt.escalation_reason}</dt><dd>{e.reason.clone()}</dd>
                <dt>{t().created_at}</dt><dd>{fmt_datetime(&e.created_at)}</dd>
                {e.decision_note.clone().map(|n| view! { <dt>{mt.decision_note}</dt><dd>{n}</dd> })}
                {e.level1_meeting_id.map(|l| view! { <dt>{mt.level1_meeting}</dt><dd><a href=format!("/meetings/{l}")>{mt.open}</a></dd> })}
                {e.outcome.clone().map(|o| view! { <dt>{mt.outcome}</dt><dd>{o}</dd> })}
            </dl>
            <FormMessages form=form/>
            {match e.status {
                EscalationStatus::Pending if convener => view! {
                    <div class="inline-form">
                        <TextArea id=format!("note-{id}").leak() label=mt.decision_note value=note error=form.error("note") required=true rows=2/>
                        <div class="btn-row">
                            <button type="button" class="btn btn-primary" on:click=move |_| act(0)>{mt.accept}</button>
                            <button type="button" class="btn btn-danger" on:click=move |_| act(1)>{mt.reject}</button>
                        </div>
                    </div>
                }.into_any(),
                EscalationStatus::Accepted if organiser => view! {
                    <div class="inline-form row-form">
                        <label for=format!("l1-{id}")>{mt.level1_meeting}</label>
                        <select id=format!("l1-{id}") on:change=move |ev| target.set(event_target_value(&ev))>
                            <option value="">{mt.choose}</option>
                            {move || level1.get().into_iter().map(|(v, n)| view! { <option value=v>{n}</option> }).collect_view()}
                        </select>
                        <button type="button" class="btn btn-primary" on:click=move |_| act(2)>{mt.schedule}</button>
                        <a class="btn" href="/meetings/new">{mt.meeting_new}</a>
                    </div>
                }.into_any(),
                EscalationStatus::Scheduled if convener => view! {
                    <div class="inline-form">
                        <TextArea id=format!("outcome-{id}").leak() label=mt.outcome value=note error=form.error("outcome") required=true rows=2/>
                        <button type="button" class="btn btn-primary" on:click=move |_| act(3)>{mt.resolve}</button>
                    </div>
                }.into_any(),
                _ => ().into_any(),
            }}
        </article>
    }
}
