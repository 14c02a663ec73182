//! 会议工作台 (/meetings/:id), the meeting page: status and transitions, readiness, the
//! five-category agenda, preparation, submissions, attendance, minutes, conclusions and
//! escalations. Here: the page, its shared state [`Ws`] and the header with the transition
//! buttons; one module per panel.

mod agenda;
mod attendance;
mod briefings;
mod conclusions;
mod header;
mod readiness;
mod submission_tracker;
mod text;

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{AgendaItem, Meeting, MeetingDetail, MeetingStatus, Participant, Role, Unit};

use crate::api::{self, AppError, use_auth};
use crate::components::params::id_param;
use crate::components::submission::UnitSubmissionPanel;
use crate::components::units::active_units;
use crate::components::{Section, set_title};
use crate::i18n::tm;
use crate::load::Res;
use agenda::AgendaCard;
use attendance::AttendanceCard;
use briefings::BriefingsCard;
use conclusions::ConclusionsCard;
use header::Header;
use readiness::ReadinessCard;
use submission_tracker::SubmissionTrackerCard;
use text::MeetingText;

/// The meeting page's shared state.
#[derive(Clone, Copy)]
struct Ws {
    id: Uuid,
    m: RwSignal<Meeting>,
    /// The meeting's status alone: what may be changed depends on it, and forms must not be
    /// rebuilt (losing what was typed) when another field of the meeting is saved.
    status: Memo<MeetingStatus>,
    etag: RwSignal<String>,
    agenda: RwSignal<Vec<AgendaItem>>,
    parts: RwSignal<Vec<Participant>>,
    units: RwSignal<Vec<Unit>>,
    role: Option<Role>,
    /// Bumped after changes that affect readiness and conclusions.
    tick: RwSignal<u32>,
    /// The preliminary analysis as typed in the preparation form (the agenda draft fills it in).
    prelim: RwSignal<String>,
}

impl Ws {
    fn organiser(&self) -> bool {
        matches!(self.role, Some(Role::Convener | Role::Analyst))
    }
    fn convener(&self) -> bool {
        self.role == Some(Role::Convener)
    }
    fn status(&self) -> MeetingStatus {
        self.status.get()
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
    let prelim = d.meeting.preliminary_analysis.clone().unwrap_or_default();
    let m = RwSignal::new(d.meeting);
    let ws = Ws {
        id: m.with_untracked(|m| m.id),
        m,
        status: Memo::new(move |_| m.with(|m| m.status)),
        etag: RwSignal::new(etag),
        agenda: RwSignal::new(d.agenda),
        parts: RwSignal::new(d.participants),
        units: RwSignal::new(vec![]),
        // Untracked: the page must not re-render (or outlive its data) when the session ends.
        role: auth.me.with_untracked(|m| m.as_ref().map(|m| m.role)),
        tick: RwSignal::new(0),
        prelim: RwSignal::new(prelim),
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
            {move || (overseer && matches!(ws.status(), MeetingStatus::Concluded | MeetingStatus::Reported))
                .then(|| view! { <BriefingsCard ws=ws/> })}
        </section>
    }
}
