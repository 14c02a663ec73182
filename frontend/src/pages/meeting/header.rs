//! The meeting page's header: title, status and facts; the transition buttons with what they
//! need (a reason to cancel, a confirmation with a reason to start early); editing the
//! meeting's time, place and chair; and the meeting's documents to download or print.

use leptos::prelude::*;
use leptos_router::components::A;
use yanpan_client::ops;
use yanpan_types::{EarlyStart, MeetingExport, MeetingStatus, Role, UpdateMeeting};

use super::Ws;
use crate::api;
use crate::components::{
    FormMessages, FormState, StaleBanner, TextArea, TextField, run, status_badge,
};
use crate::i18n::{kind_name, t, tm, trigger_name, tw};
use crate::time::{fmt_datetime, fmt_input, now_utc, parse_input};

/// Which panel under the buttons is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Panel {
    None,
    Cancel,
    EarlyStart,
    Edit,
}

/// Who may move a meeting to `to` (the API checks it too).
/// The server's own rule (`MeetingStatus::movers`), so the page offers exactly what it allows.
fn may_transition(role: Option<Role>, to: MeetingStatus) -> bool {
    role.is_some_and(|r| to.movers().contains(&r))
}

/// How early a start would be now (the rule the server applies).
fn early(ws: Ws) -> EarlyStart {
    ws.m.with_untracked(|m| EarlyStart::at(now_utc(), m.starts_at, m.submission_due_at))
}

#[component]
pub(super) fn Header(ws: Ws) -> impl IntoView {
    let (mt, w) = (tm(), tw());
    let form = FormState::new(&["reason"]);
    let panel = RwSignal::new(Panel::None);
    let reason = RwSignal::new(String::new());
    let go = move |to: MeetingStatus| {
        let id = ws.id;
        let r = matches!(panel.get_untracked(), Panel::Cancel | Panel::EarlyStart)
            .then(|| reason.get_untracked().trim().to_owned());
        run(form, async move {
            let m = api::call(ops::transition_meeting(id, to, r.as_deref())).await?;
            ws.etag.set(m.etag.clone());
            ws.m.set(m.value);
            panel.set(Panel::None);
            reason.set(String::new());
            ws.bump();
            Ok(())
        });
    };
    let click = move |to: MeetingStatus| match to {
        MeetingStatus::Cancelled => panel.set(Panel::Cancel),
        MeetingStatus::InProgress if early(ws).is_early() => panel.set(Panel::EarlyStart),
        _ => {
            panel.set(Panel::None);
            go(to)
        }
    };
    let facts = move || {
        let m = ws.m.get();
        let tx = mt;
        view! {
            <dl class="facts">
                <dt>{tx.kind}</dt><dd>{kind_name(m.kind)}</dd>
                <dt>{tx.starts_at}</dt><dd data-testid="meeting-time">{format!("{} – {}", fmt_datetime(&m.starts_at), &fmt_datetime(&m.ends_at)[11..])}</dd>
                <dt>{tx.place}</dt><dd data-testid="meeting-place">{m.place.clone()}</dd>
                <dt>{tx.chair}</dt><dd data-testid="meeting-chair">{m.chair.clone()}</dd>
                {m.period.clone().map(|p| view! { <dt>{tx.period}</dt><dd>{p}</dd> })}
                {m.trigger.map(|tr| view! { <dt>{tx.trigger}</dt><dd>{trigger_name(tr)}"：" {m.trigger_reason.clone()}</dd> })}
                <dt>{tx.submission_due}</dt><dd>{fmt_datetime(&m.submission_due_at)}</dd>
                {m.early_start_reason.clone().map(|r| view! { <dt>{w.early_start_reason}</dt><dd data-testid="early-start-reason">{r}</dd> })}
                {m.cancel_reason.clone().map(|r| view! { <dt>{tx.cancel_reason}</dt><dd>{r}</dd> })}
            </dl>
        }
    };
    // What an early start does, in the words of the confirmation.
    let consequences = move || {
        let e = early(ws);
        let m = ws.m.get_untracked();
        let mut out = Vec::new();
        if e.before_day {
            out.push((w.early_before_day)(&fmt_datetime(&m.starts_at)));
        }
        if e.before_deadline {
            out.push((w.early_before_deadline)(&fmt_datetime(
                &m.submission_due_at,
            )));
        }
        if let Some(p) = m.period {
            out.push((w.early_counts_month)(&p));
        }
        out.into_iter()
            .map(|c| view! { <li>{c}</li> })
            .collect_view()
    };
    view! {
        <header class="page-head">
            <p class="crumbs no-print"><A href="/meetings">{mt.meetings_title}</A></p>
            <h1 data-testid="meeting-title">{move || ws.m.with(|m| m.title.clone())}" " {move || status_badge(ws.status())}</h1>
            {facts}
            <FormMessages form=form/>
            <div class="btn-row no-print" data-testid="transitions">
                {move || ws.status().next().iter().copied().filter(|to| may_transition(ws.role, *to)).map(|to| {
                    let primary = to != MeetingStatus::Cancelled;
                    view! {
                        <button type="button" class=if primary { "btn btn-primary" } else { "btn btn-danger" } disabled=move || form.busy.get()
                            on:click=move |_| click(to)>
                            {crate::i18n::transition_name(to)}
                        </button>
                    }
                }).collect_view()}
                <Show when=move || ws.editable()>
                    <button type="button" class="btn" data-testid="edit-meeting" on:click=move |_| panel.set(Panel::Edit)>{w.edit_meeting}</button>
                </Show>
            </div>
            {move || match panel.get() {
                Panel::Cancel => view! {
                    <div class="card inline-form no-print">
                        <TextArea id="reason" label=mt.cancel_reason value=reason error=form.error("reason") required=true rows=2/>
                        <button type="button" class="btn btn-danger" on:click=move |_| go(MeetingStatus::Cancelled)>{mt.confirm_cancel}</button>
                        <button type="button" class="btn" on:click=move |_| panel.set(Panel::None)>{t().cancel}</button>
                    </div>
                }.into_any(),
                Panel::EarlyStart => view! {
                    <div class="card inline-form no-print" role="alertdialog" aria-labelledby="early-title" data-testid="early-start">
                        <p class="alert-title" id="early-title">{w.early_title}</p>
                        <ul>{consequences}</ul>
                        <TextArea id="reason" label=w.early_reason value=reason error=form.error("reason") required=true rows=2/>
                        <button type="button" class="btn btn-primary" disabled=move || form.busy.get() || reason.with(|r| r.trim().is_empty())
                            on:click=move |_| go(MeetingStatus::InProgress)>{w.early_confirm}</button>
                        <button type="button" class="btn" on:click=move |_| panel.set(Panel::None)>{t().cancel}</button>
                    </div>
                }.into_any(),
                Panel::Edit => view! { <EditMeeting ws=ws on_done=Callback::new(move |()| panel.set(Panel::None))/> }.into_any(),
                Panel::None => ().into_any(),
            }}
            <Documents ws=ws/>
        </header>
    }
}

/// Title, time, place and chair of a meeting that is not yet locked.
#[component]
fn EditMeeting(ws: Ws, on_done: Callback<()>) -> impl IntoView {
    let (mt, w) = (tm(), tw());
    let m = ws.m.get_untracked();
    let title = RwSignal::new(m.title.clone());
    let starts = RwSignal::new(fmt_input(&m.starts_at));
    let ends = RwSignal::new(fmt_input(&m.ends_at));
    let place = RwSignal::new(m.place.clone());
    let chair = RwSignal::new(m.chair.clone());
    let form = FormState::new(&["title", "starts_at", "ends_at", "place", "chair"]);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (s, e) = (
            parse_input(&starts.get_untracked()),
            parse_input(&ends.get_untracked()),
        );
        if s.is_none() {
            form.invalid("starts_at", t().err_required);
        }
        if e.is_none() {
            form.invalid("ends_at", t().err_required);
        }
        let (Some(s), Some(e)) = (s, e) else { return };
        let body = UpdateMeeting {
            title: Some(title.get_untracked().trim().to_owned()),
            starts_at: Some(s),
            ends_at: Some(e),
            place: Some(place.get_untracked().trim().to_owned()),
            chair: Some(chair.get_untracked().trim().to_owned()),
            ..Default::default()
        };
        let tag = ws.etag.get_untracked();
        run(form, async move {
            let m = api::call(ops::update_meeting(ws.id, &tag, &body)).await?;
            ws.etag.set(m.etag.clone());
            ws.m.set(m.value);
            ws.bump();
            on_done.run(());
            Ok(())
        });
    };
    view! {
        <form class="card form inline-form no-print" on:submit=on_submit novalidate=true data-testid="meeting-form">
            <FormMessages form=form/>
            <StaleBanner form=form on_reload=Callback::new(move |()| {
                crate::components::spawn(async move {
                    if let Ok(latest) = api::call(ops::get_meeting(ws.id)).await {
                        ws.etag.set(latest.etag.clone());
                        form.stale_info.set(Some((t().stale_reloaded)(latest.value.meeting.version)));
                    }
                });
            })/>
            <TextField id="m-title" label=w.meeting_title value=title error=form.error("title") required=true maxlength=200/>
            <div class="grid-2">
                <TextField id="m-starts" label=mt.starts_at input_type="datetime-local" value=starts error=form.error("starts_at") required=true/>
                <TextField id="m-ends" label=w.ends_at input_type="datetime-local" value=ends error=form.error("ends_at") required=true/>
            </div>
            <div class="grid-2">
                <TextField id="m-place" label=mt.place value=place error=form.error("place") required=true maxlength=200/>
                <TextField id="m-chair" label=mt.chair value=chair error=form.error("chair") required=true maxlength=100/>
            </div>
            <p class="hint">{w.due_recomputed}</p>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || form.busy.get()>{t().save}</button>
                <button type="button" class="btn" on:click=move |_| on_done.run(())>{t().cancel}</button>
            </div>
        </form>
    }
}

/// The meeting's documents (notice, sign-in sheet, minutes, sheets, the units' materials) and
/// the browser's print of the page.
#[component]
fn Documents(ws: Ws) -> impl IntoView {
    let w = tw();
    let form = FormState::new(&[]);
    let overseer = ws.role.is_some_and(|r| r != Role::UnitRep);
    let save = move |doc: MeetingExport| {
        let name = ws.m.with_untracked(|m| doc.file_name(&m.title));
        run(form, async move {
            api::save_file(ops::export_meeting_document(ws.id, doc), name).await
        });
    };
    view! {
        <div class="btn-row no-print" data-testid="documents" role="group" aria-label=w.documents>
            <span class="muted">{w.documents}"："</span>
            {MeetingExport::ALL.iter().copied()
                .filter(|d| overseer || *d != MeetingExport::SubmissionTracker)
                .map(|d| view! {
                    <button type="button" class="btn btn-small" data-doc=d.segment() disabled=move || form.busy.get()
                        on:click=move |_| save(d)>{d.label()}</button>
                }).collect_view()}
            <button type="button" class="btn btn-small" on:click=move |_| { let _ = window().print(); }>{w.print}</button>
        </div>
        <FormMessages form=form/>
    }
}
