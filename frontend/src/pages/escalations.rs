//! 提请督办: the queue of escalation requests; conveners accept/reject and resolve, the command
//! center schedules accepted ones into a level-1 supervision meeting.
//!
//! After an action the escalation stays in view: the status filter follows it to its new status
//! and it is shown on top with what happened and what comes next, whatever page it lands on.
//! 办结 is offered once its level-1 meeting has been held (`MeetingStatus::has_been_held`, the
//! server's rule); before that the card says why not.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use yanpan_client::ops;
use yanpan_types::{
    Escalation, EscalationQuery, EscalationStatus, MeetingKind, MeetingQuery, MeetingStatus,
    PageParams,
};

use crate::api::{self, use_auth};
use crate::components::flash::use_flash;
use crate::components::options::enum_options;
use crate::components::{
    EmptyState, Forbidden, FormMessages, FormState, PAGE_SIZE, Pagination, Select, TextArea, badge,
    run, set_title, status_badge,
};
use crate::i18n::{esc_status_name, status_name, t, tfl, tm};
use crate::load::Res;
use crate::time::fmt_datetime;
// Resolving with the unit that carries the outcome out (a supervision task).
use crate::components::units::active_units;
use crate::components::{SelectField, TextField};
use crate::i18n::tin;

/// The new-meeting form preset to a level-1 meeting, coming back to the accepted escalations.
const NEW_LEVEL1: &str =
    "/meetings/new?kind=level1_supervision&back=%2Fescalations%3Fstatus%3Daccepted";

/// An escalation that was just acted on, with the sentence that says what happened.
type Changed = (Escalation, String);

#[component]
pub fn EscalationsPage() -> impl IntoView {
    let mt = tm();
    set_title(mt.nav_escalations);
    let auth = use_auth();
    if !auth.is_overseer() {
        return view! { <Forbidden/> }.into_any();
    }
    // `?status=` (from the to-do list or the way back from a new meeting); else conveners start
    // with what awaits their decision.
    let query = use_query_map();
    let initial = query
        .with_untracked(|q| q.get("status"))
        .filter(|s| s.is_empty() || s.parse::<EscalationStatus>().is_ok())
        .unwrap_or_else(|| if auth.is_convener() { "pending" } else { "" }.to_owned());
    let status = RwSignal::new(initial);
    let page = RwSignal::new(1u64);
    let changed = RwSignal::new(None::<Changed>);
    let (_, flash) = use_flash();
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
    // Level-1 meetings that can still take items (draft, scheduled, in progress), for scheduling.
    let level1 = Res::new(move || async move {
        if !use_auth().is_organiser() {
            return vec![];
        }
        let q = MeetingQuery {
            kind: Some(MeetingKind::Level1Supervision),
            sort: Some("starts_at".into()),
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
    let done = Callback::new(move |c: Changed| {
        let to = c.0.status.as_str().to_owned();
        changed.set(Some(c));
        if status.get_untracked() == to {
            list.refetch();
        } else {
            status.set(to);
        }
    });
    Effect::new(move |_| {
        let s = status.get();
        page.set(1);
        // The filter is part of the address: a reload or the way back shows the same list.
        let url = if s.is_empty() {
            "/escalations".to_owned()
        } else {
            format!("/escalations?status={s}")
        };
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    let level1 = Signal::derive(move || level1.get());
    view! {
        <section class="page" data-testid="escalations-page">
            <header class="page-head"><h1>{mt.nav_escalations}</h1><p class="muted">{mt.escalations_lead}</p></header>
            {move || flash.get().map(|m| view! { <div class="alert alert-success" role="status" data-testid="flash">{m}</div> })}
            // A filter chosen by hand ends the "just changed" view.
            <div class="filters" on:change=move |_| changed.set(None)>
                <div class="field">
                    <label for="f-esc-status">{t().status}</label>
                    <Select id="f-esc-status" value=status options=Signal::derive(|| enum_options(EscalationStatus::ALL, true, |k| k.as_str(), esc_status_name))/>
                </div>
            </div>
            {move || changed.get().map(|(e, msg)| view! {
                <div class="alert alert-success" role="status" data-testid="esc-notice">{msg}</div>
                <div class="esc-list" data-testid="esc-changed">
                    <EscalationCard e=e level1=level1 done=done/>
                </div>
            })}
            {list.view(true, false, move |p| {
                        let (total, size) = (p.total, p.page_size);
                        let shown = changed.with_untracked(|c| c.as_ref().map(|(e, _)| e.id));
                        let items: Vec<Escalation> =
                            p.items.into_iter().filter(|e| Some(e.id) != shown).collect();
                        view! {
                            {if items.is_empty() && shown.is_none() {
                                view! { <EmptyState text=mt.no_escalations/> }.into_any()
                            } else {
                                view! { <div class="esc-list">{items.into_iter().map(|e| view! {
                                    <EscalationCard e=e level1=level1 done=done/>
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
    /// `None` while loading.
    level1: Signal<Option<Vec<(String, String)>>>,
    done: Callback<Changed>,
) -> impl IntoView {
    let mt = tm();
    let ft = tfl();
    let auth = use_auth();
    let form = FormState::new(&[
        "note",
        "outcome",
        "level1_meeting_id",
        "responsible_unit_id",
        "deadline",
    ]);
    let note = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    // 办结 may hand the outcome to a unit, with a deadline (both or neither: the server says so).
    let unit = RwSignal::new(String::new());
    let deadline = RwSignal::new(String::new());
    let resolving = e.status == EscalationStatus::Scheduled && auth.is_convener();
    let units = Res::new(move || async move {
        let mut out = vec![(String::new(), tin().resolve_no_unit.to_owned())];
        if resolving {
            out.extend(
                active_units()
                    .await
                    .into_iter()
                    .map(|u| (u.id.to_string(), u.name)),
            );
        }
        out
    });
    let id = e.id;
    let act = move |what: u8| {
        let (n, tgt) = (
            note.get_untracked().trim().to_owned(),
            target.get_untracked(),
        );
        let (unit_v, deadline_v) = (unit.get_untracked(), deadline.get_untracked());
        let unit_name = units
            .get()
            .and_then(|l| l.into_iter().find(|(v, _)| *v == unit_v && !v.is_empty()))
            .map(|(_, name)| name);
        run(form, async move {
            let mut made = None;
            let n = &n;
            let after = match what {
                0 | 1 => api::call(ops::review_escalation(id, what == 0, n)).await?,
                2 => {
                    let Ok(m) = tgt.parse() else {
                        form.invalid("level1_meeting_id", t().err_required);
                        return Ok(());
                    };
                    api::call(ops::schedule_escalation(id, m)).await?
                }
                _ => {
                    let body = yanpan_types::ResolveEscalation {
                        outcome: n.clone(),
                        responsible_unit_id: unit_v.parse().ok(),
                        deadline: crate::time::parse_date(&deadline_v),
                    };
                    if let (Some(u), Some(d)) = (unit_name, body.deadline) {
                        made = Some((tin().resolve_task_made)(&u, &d.to_string()));
                    }
                    let body = &body;
                    api::call(ops::resolve_escalation_with(id, body)).await?
                }
            }
            .value;
            let mut msg = (ft.esc_done)(after.status, &after.title);
            if let Some(m) = made {
                msg.push_str(&m);
            }
            done.run((after, msg));
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
    // The level-1 meeting of a scheduled (or resolved) matter: its title and whether it was held.
    let l1_id = e.level1_meeting_id;
    let l1 = Res::new(move || async move {
        match l1_id {
            Some(l) => api::call(ops::get_meeting(l))
                .await
                .ok()
                .map(|d| (d.value.meeting.title, d.value.meeting.status)),
            None => None,
        }
    });
    let l1_status = move || l1.get().flatten().map(|(_, s)| s);
    view! {
        <article class="card esc" data-testid="escalation" data-status=e.status.as_str()>
            <h2 class="sub">{e.title.clone()}" "<span data-testid="esc-status">{badge(esc_status_name(e.status), kind)}</span></h2>
            <dl class="facts">
                <dt>{mt.source_meeting}</dt><dd><a href=format!("/meetings/{}", e.meeting_id)>{mt.open}</a></dd>
                <dt>{mt.escalation_reason}</dt><dd>{e.reason.clone()}</dd>
                <dt>{t().created_at}</dt><dd>{fmt_datetime(&e.created_at)}</dd>
                {e.decision_note.clone().map(|n| view! { <dt>{mt.decision_note}</dt><dd>{n}</dd> })}
                {l1_id.map(|l| view! {
                    <dt>{mt.level1_meeting}</dt>
                    <dd data-testid="esc-level1">
                        <a href=format!("/meetings/{l}")>{move || l1.get().flatten().map(|(title, _)| title).unwrap_or_else(|| mt.open.to_owned())}</a>
                        " "{move || l1_status().map(status_badge)}
                    </dd>
                })}
                {e.outcome.clone().map(|o| view! { <dt>{mt.outcome}</dt><dd>{o}</dd> })}
            </dl>
            <FormMessages form=form/>
            {match e.status {
                EscalationStatus::Pending if convener => view! {
                    <div class="inline-form">
                        <TextArea id=format!("note-{id}").leak() label=mt.decision_note value=note error=form.error("note") required=true rows=2/>
                        <div class="btn-row">
                            <button type="button" class="btn btn-primary" disabled=move || form.busy.get() on:click=move |_| act(0)>{mt.accept}</button>
                            <button type="button" class="btn btn-danger" disabled=move || form.busy.get() on:click=move |_| act(1)>{mt.reject}</button>
                        </div>
                    </div>
                }.into_any(),
                EscalationStatus::Accepted if organiser => view! {
                    {move || match level1.get() {
                        None => ().into_any(),
                        Some(open) if open.is_empty() => view! {
                            <div class="alert alert-info" data-testid="no-level1">
                                <p>{ft.no_level1}</p>
                                <a class="btn btn-primary" href=NEW_LEVEL1>{ft.new_level1}</a>
                            </div>
                        }.into_any(),
                        Some(open) => view! {
                            <div class="inline-form row-form">
                                <label for=format!("l1-{id}")>{mt.level1_meeting}</label>
                                <select id=format!("l1-{id}") on:change=move |ev| target.set(event_target_value(&ev))>
                                    <option value="">{mt.choose}</option>
                                    {open.into_iter().map(|(v, n)| view! { <option value=v>{n}</option> }).collect_view()}
                                </select>
                                <button type="button" class="btn btn-primary" disabled=move || form.busy.get() on:click=move |_| act(2)>{mt.schedule}</button>
                                <a class="btn" href=NEW_LEVEL1>{ft.new_level1}</a>
                            </div>
                        }.into_any(),
                    }}
                }.into_any(),
                EscalationStatus::Scheduled if convener => view! {
                    {move || match l1_status() {
                        None => ().into_any(),
                        Some(s) if s.has_been_held() => view! {
                            <div class="inline-form">
                                <TextArea id=format!("outcome-{id}").leak() label=mt.outcome value=note error=form.error("outcome") required=true rows=2/>
                                <SelectField id=format!("unit-{id}").leak() label=tin().resolve_unit value=unit
                                    options=Signal::derive(move || units.get().unwrap_or_default()) error=form.error("responsible_unit_id")/>
                                <TextField id=format!("deadline-{id}").leak() label=tin().resolve_deadline value=deadline input_type="date" error=form.error("deadline")/>
                                <p class="hint">{tin().resolve_hint}</p>
                                <button type="button" class="btn btn-primary" disabled=move || form.busy.get() on:click=move |_| act(3)>{mt.resolve}</button>
                            </div>
                        }.into_any(),
                        Some(s) => view! {
                            <p class="hint" data-testid="resolve-blocked">{not_held(s)}</p>
                        }.into_any(),
                    }}
                }.into_any(),
                _ => ().into_any(),
            }}
        </article>
    }
}

/// Why a scheduled matter cannot be resolved yet.
fn not_held(s: MeetingStatus) -> String {
    let ft = tfl();
    if s == MeetingStatus::Cancelled {
        ft.level1_cancelled.to_owned()
    } else {
        (ft.level1_not_held)(status_name(s))
    }
}
