//! 会议工作台 (/meetings/:id), the meeting page: status and transitions, readiness, the
//! five-category agenda, preparation, submissions, attendance, minutes, conclusions and
//! escalations. Here: the page, its shared state [`Ws`] and the header with the transition
//! buttons; one module per panel.

mod agenda;
mod attendance;
mod conclusions;
mod readiness;
mod submission_tracker;
mod text;

use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{AgendaItem, Meeting, MeetingDetail, MeetingStatus, Participant, Role, Unit};

use crate::api::{self, AppError, use_auth};
use crate::components::params::id_param;
use crate::components::submission::UnitSubmissionPanel;
use crate::components::units::active_units;
use crate::components::{FormMessages, FormState, Section, TextArea, run, set_title, status_badge};
use crate::i18n::{kind_name, t, tm, trigger_name};
use crate::load::Res;
use crate::time::fmt_datetime;
use agenda::AgendaCard;
use attendance::AttendanceCard;
use conclusions::ConclusionsCard;
use readiness::ReadinessCard;
use submission_tracker::SubmissionTrackerCard;
use text::MeetingText;

/// The meeting page's shared state.
#[derive(Clone, Copy)]
struct Ws {
    id: Uuid,
    m: RwSignal<Meeting>,
    etag: RwSignal<String>,
    agenda: RwSignal<Vec<AgendaItem>>,
    parts: RwSignal<Vec<Participant>>,
    units: RwSignal<Vec<Unit>>,
    role: Option<Role>,
    /// Bumped after changes that affect readiness and conclusions.
    tick: RwSignal<u32>,
}

impl Ws {
    fn organiser(&self) -> bool {
        matches!(self.role, Some(Role::Convener | Role::Analyst))
    }
    fn convener(&self) -> bool {
        self.role == Some(Role::Convener)
    }
    fn status(&self) -> MeetingStatus {
        self.m.with(|m| m.status)
    }
    /// Organisers may still change the meeting.
    fn editable(&self) -> bool {
        self.organiser() && !self.status().is_locked()
    }
    fn bump(&self) {
        self.tick.update(|t| *t += 1);
    }
    async fn reload_agenda(self) -> Result<(), AppError> {
        let id = self.id;
        let a = api::call(ops::list_agenda(id)).await?;
        self.agenda.set(a);
        self.bump();
        Ok(())
    }
    fn unit_name(&self, id: Uuid) -> String {
        self.units.with(|us| {
            us.iter()
                .find(|u| u.id == id)
                .map(|u| u.name.clone())
                .unwrap_or_default()
        })
    }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    set_title(tm().workspace);
    let id = id_param();
    let detail = Res::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_meeting(id)).await,
                None => Err(AppError::not_found()),
            }
        }
    });
    view! {
        {detail.view(true, true, move |d| page(d.value, d.etag).into_any())}
    }
}

fn page(d: MeetingDetail, etag: String) -> impl IntoView {
    let auth = use_auth();
    let ws = Ws {
        id: d.meeting.id,
        m: RwSignal::new(d.meeting),
        etag: RwSignal::new(etag),
        agenda: RwSignal::new(d.agenda),
        parts: RwSignal::new(d.participants),
        units: RwSignal::new(vec![]),
        role: auth.role(),
        tick: RwSignal::new(0),
    };
    set_title(&ws.m.with_untracked(|m| m.title.clone()));
    if ws.organiser() {
        crate::components::spawn(async move { ws.units.set(active_units().await) });
    }
    let mt = tm();
    let is_rep = ws.role == Some(Role::UnitRep);
    let overseer = !is_rep && ws.role.is_some();
    view! {
        <section class="page" data-testid="workspace">
            <Header ws=ws/>
            <div class="grid-2">
                <ReadinessCard ws=ws/>
                <MeetingText ws=ws title=mt.preparation section="prep" fields=&[("main_reporter", false), ("preliminary_analysis", true)]/>
            </div>
            <AgendaCard ws=ws/>
            {overseer.then(|| view! { <SubmissionTrackerCard ws=ws/> })}
            {is_rep.then(|| {
                let open = matches!(ws.status(), MeetingStatus::Draft | MeetingStatus::Scheduled);
                view! { <Section title=mt.my_submission id="my-submission"><UnitSubmissionPanel meeting_id=ws.id open=open/></Section> }
            })}
            <AttendanceCard ws=ws/>
            <MeetingText ws=ws title=mt.minutes section="minutes" fields=&[("minutes", true)]/>
            <ConclusionsCard ws=ws/>
        </section>
    }
}

/// Who may move a meeting to `to` (the API checks it too).
/// The server's own rule (`MeetingStatus::movers`), so the page offers exactly what it allows.
fn may_transition(role: Option<Role>, to: MeetingStatus) -> bool {
    role.is_some_and(|r| to.movers().contains(&r))
}

#[component]
fn Header(ws: Ws) -> impl IntoView {
    let mt = tm();
    let form = FormState::new(&["reason"]);
    let cancelling = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let go = move |to: MeetingStatus| {
        let id = ws.id;
        let r = (to == MeetingStatus::Cancelled).then(|| reason.get_untracked().trim().to_owned());
        run(form, async move {
            let r = r.as_deref();
            let m = api::call(ops::transition_meeting(id, to, r)).await?;
            ws.etag.set(m.etag.clone());
            ws.m.set(m.value);
            cancelling.set(false);
            ws.bump();
            Ok(())
        });
    };
    let facts = move || {
        let m = ws.m.get();
        let tx = mt;
        view! {
            <dl class="facts">
                <dt>{tx.kind}</dt><dd>{kind_name(m.kind)}</dd>
                <dt>{tx.starts_at}</dt><dd>{format!("{} – {}", fmt_datetime(&m.starts_at), &fmt_datetime(&m.ends_at)[11..])}</dd>
                <dt>{tx.place}</dt><dd>{m.place.clone()}</dd>
                <dt>{tx.chair}</dt><dd>{m.chair.clone()}</dd>
                {m.period.clone().map(|p| view! { <dt>{tx.period}</dt><dd>{p}</dd> })}
                {m.trigger.map(|tr| view! { <dt>{tx.trigger}</dt><dd>{trigger_name(tr)}"：" {m.trigger_reason.clone()}</dd> })}
                <dt>{tx.submission_due}</dt><dd>{fmt_datetime(&m.submission_due_at)}</dd>
                {m.cancel_reason.clone().map(|r| view! { <dt>{tx.cancel_reason}</dt><dd>{r}</dd> })}
            </dl>
        }
    };
    view! {
        <header class="page-head">
            <p class="crumbs"><A href="/meetings">{mt.meetings_title}</A></p>
            <h1 data-testid="meeting-title">{move || ws.m.with(|m| m.title.clone())}" " {move || status_badge(ws.status())}</h1>
            {facts}
            <FormMessages form=form/>
            <div class="btn-row" data-testid="transitions">
                {move || ws.status().next().iter().copied().filter(|to| may_transition(ws.role, *to)).map(|to| {
                    let primary = to != MeetingStatus::Cancelled;
                    view! {
                        <button type="button" class=if primary { "btn btn-primary" } else { "btn btn-danger" } disabled=move || form.busy.get()
                            on:click=move |_| if primary { go(to) } else { cancelling.set(true) }>
                            {crate::i18n::transition_name(to)}
                        </button>
                    }
                }).collect_view()}
            </div>
            <Show when=move || cancelling.get()>
                <div class="card inline-form">
                    <TextArea id="reason" label=mt.cancel_reason value=reason error=form.error("reason") required=true rows=2/>
                    <button type="button" class="btn btn-danger" on:click=move |_| go(MeetingStatus::Cancelled)>{mt.confirm_cancel}</button>
                    <button type="button" class="btn" on:click=move |_| cancelling.set(false)>{t().cancel}</button>
                </div>
            </Show>
        </header>
    }
}
