//! 首页: greeting, this month's regular meeting with its readiness, the year's cadence and
//! what the signed-in person should do next.

use chrono::Datelike;
use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{
    EscalationQuery, EscalationStatus, MeetingKind, MeetingQuery, MeetingStatus, PageParams, Role,
    SubmissionState,
};

use crate::api::{self, use_auth};
use crate::components::dashboard::{AnnualRhythm, DashItem, MonthMeetings, Todos};
use crate::components::duties;
use crate::components::set_title;
use crate::i18n::{missing_name, role_name, status_name, t, tfl, tm};
use crate::load::Res;
use crate::time;

#[component]
pub fn HomePage() -> impl IntoView {
    let tx = t();
    let mt = tm();
    set_title(tx.nav_home);
    let auth = use_auth();
    let now = time::now_shanghai();
    let hour = time::hour_shanghai(&now);
    let greeting = move || {
        auth.me.with(|m| {
            m.as_ref()
                .map(|m| (tx.greeting)(hour, &m.display_name))
                .unwrap_or_default()
        })
    };
    let role = move || {
        auth.me.with(|m| {
            m.as_ref()
                .map(|m| (tx.your_role)(role_name(m.role)))
                .unwrap_or_default()
        })
    };
    let unit_id = Memo::new(move |_| auth.me.with(|m| m.as_ref().and_then(|m| m.unit_id)));
    // The unit's name, when the person belongs to one (a missing name is no error here).
    let unit = Res::new(move || {
        let id = unit_id.get();
        async move {
            match id {
                Some(id) => api::call(ops::get_unit(id))
                    .await
                    .ok()
                    .map(|u| u.value.name),
                None => None,
            }
        }
    });
    let period = time::period_of(&now);
    let year = now.year();
    // This month's regular meeting(s), each with its readiness.
    let month = Res::new(move || {
        let q = MeetingQuery {
            kind: Some(MeetingKind::Regular),
            period: Some(period.clone()),
            ..Default::default()
        };
        async move {
            let q = &q;
            let Ok(p) = api::call(ops::list_meetings(q, PageParams::new(1, 10))).await else {
                return vec![];
            };
            let mut out = Vec::new();
            for m in p.items {
                let mut status = status_name(m.status).to_owned();
                if matches!(m.status, MeetingStatus::Draft | MeetingStatus::Scheduled) {
                    let id = m.id;
                    if let Ok(r) = api::call(ops::get_readiness(id)).await {
                        status = if r.ready {
                            format!("{status} · {}", mt.ready)
                        } else {
                            let miss: Vec<&str> =
                                r.missing.iter().map(|c| missing_name(*c)).collect();
                            format!("{status} · {}{}", mt.missing_prefix, miss.join("、"))
                        };
                    }
                }
                out.push(DashItem {
                    title: m.title,
                    when: Some(time::fmt_datetime(&m.starts_at)),
                    href: Some(format!("/meetings/{}", m.id)),
                    status: Some(status),
                });
            }
            out
        }
    });
    let cadence = Res::new(move || async move {
        api::call(ops::get_cadence(year))
            .await
            .map(|c| {
                c.months
                    .into_iter()
                    .map(|m| m.state.as_str().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    });
    let todos = Res::new(move || {
        let role = auth.role();
        let unit = unit_id.get();
        async move { todos(role, unit).await }
    });
    view! {
        <section class="page" data-testid="home">
            <header class="page-head hero">
                <h1 data-testid="greeting">{greeting}</h1>
                <p class="muted">
                    <span data-testid="role">{role}</span>
                    {move || unit.get().flatten().map(|n| view! { <span>" · " {n}</span> })}
                </p>
                <p class="muted">{(tx.today_is)(&time::fmt_long_date(&now))}</p>
                // Marks the to-do list as loaded (an empty list is then an answer, not a wait).
                {move || todos.get().map(|_| view! { <span hidden=true data-testid="todos-loaded"></span> })}
            </header>
            <div class="grid-2">
                <MonthMeetings month=time::fmt_month(&now) items=Signal::derive(move || month.get().unwrap_or_default())/>
                <Todos items=Signal::derive(move || todos.get().unwrap_or_default())/>
            </div>
            <AnnualRhythm year=year current_month=now.month() states=Signal::derive(move || cadence.get().unwrap_or_default())/>
        </section>
    }
}

/// 待办 by role; each item goes away once it is done.
///
/// - A unit representative: 报送 for each scheduled meeting of its unit (submissions close when
///   the meeting starts; drafts have not asked for anything yet) to which the unit has not
///   submitted; 参加会议 for its scheduled and in-progress meetings (the API lists a unit
///   representative only the meetings its unit takes part in).
/// - Conveners and the command center (the organisers): 准备会议 for drafts, 参加会议 for
///   scheduled and in-progress meetings. The command center also 催报 scheduled meetings past
///   their submission deadline with units still missing, and 安排一级督办 accepted escalations;
///   conveners 决定提请督办 pending ones.
/// - Administrators, inspectors and service accounts organise and attend nothing.
/// - Then supervision, referrals and briefings (`components::duties`): a unit representative's
///   tasks and briefings to acknowledge, the command center's tasks to verify, the inspectors'
///   referrals to accept, the conveners' briefings to issue. Administrators: no items.
async fn todos(role: Option<Role>, unit: Option<uuid::Uuid>) -> Vec<DashItem> {
    let mt = tm();
    let ft = tfl();
    let Some(role) = role else {
        return vec![];
    };
    let organiser = matches!(role, Role::Convener | Role::Analyst);
    let rep = role == Role::UnitRep;
    if !organiser && !rep {
        return duties::todos(role, unit).await;
    }
    let statuses: &[MeetingStatus] = if organiser {
        &[
            MeetingStatus::Draft,
            MeetingStatus::Scheduled,
            MeetingStatus::InProgress,
        ]
    } else {
        &[MeetingStatus::Scheduled, MeetingStatus::InProgress]
    };
    let now = time::now_utc();
    let mut out = Vec::new();
    let item = |label: &str, title: &str, when, href: String, status: Option<String>| DashItem {
        title: format!("{label}{title}"),
        when: Some(time::fmt_datetime(&when)),
        href: Some(href),
        status,
    };
    for &st in statuses {
        let q = MeetingQuery {
            status: Some(st),
            sort: Some("starts_at".into()),
            ..Default::default()
        };
        let q = &q;
        let Ok(p) = api::call(ops::list_meetings(q, PageParams::new(1, 20))).await else {
            continue;
        };
        for m in p.items {
            let href = format!("/meetings/{}", m.id);
            if st == MeetingStatus::Draft {
                out.push(item(mt.todo_prepare, &m.title, m.starts_at, href, None));
                continue;
            }
            if st == MeetingStatus::Scheduled && rep {
                // The unit's own versions: none yet means the opinion is still to be sent.
                let id = m.id;
                let submitted = api::call(ops::list_submissions(id))
                    .await
                    .is_ok_and(|l| !l.is_empty());
                if !submitted {
                    let late = (m.submission_due_at < now).then(|| ft.overdue.to_owned());
                    let (label, due) = (mt.todo_submit, m.submission_due_at);
                    out.push(item(label, &m.title, due, href.clone(), late));
                }
            }
            if st == MeetingStatus::Scheduled && role == Role::Analyst && m.submission_due_at < now
            {
                let id = m.id;
                let missing = api::call(ops::submission_tracker(id))
                    .await
                    .map(|rows| {
                        rows.iter()
                            .filter(|r| r.state == SubmissionState::Missing)
                            .count()
                    })
                    .unwrap_or(0);
                if missing > 0 {
                    let status = Some((ft.units_missing)(missing));
                    let due = m.submission_due_at;
                    out.push(item(ft.todo_chase, &m.title, due, href.clone(), status));
                }
            }
            out.push(item(mt.todo_attend, &m.title, m.starts_at, href, None));
        }
    }
    let escalations = match role {
        Role::Convener => Some((EscalationStatus::Pending, mt.todo_decide)),
        Role::Analyst => Some((EscalationStatus::Accepted, ft.todo_schedule_level1)),
        _ => None,
    };
    if let Some((status, label)) = escalations {
        let q = EscalationQuery {
            status: Some(status),
            meeting_id: None,
        };
        let q = &q;
        if let Ok(p) = api::call(ops::list_escalations(q, PageParams::new(1, 20))).await {
            let href = format!("/escalations?status={}", status.as_str());
            out.extend(
                p.items
                    .into_iter()
                    .map(|e| item(label, &e.title, e.created_at, href.clone(), None)),
            );
        }
    }
    if role == Role::Analyst {
        out.extend(briefings_to_draft().await);
    }
    out.extend(duties::todos(role, unit).await);
    out
}

/// The command center's 起草简报: each of the 20 most recent concluded meetings without an
/// issued briefing (Art. 7: a meeting is reported once its briefing is issued), asked at once.
async fn briefings_to_draft() -> Vec<DashItem> {
    let q = MeetingQuery {
        status: Some(MeetingStatus::Concluded),
        sort: Some("-starts_at".into()),
        ..Default::default()
    };
    let q = &q;
    let Ok(p) = api::call(ops::list_meetings(q, PageParams::new(1, 20))).await else {
        return vec![];
    };
    let issued = p.items.iter().map(|m| {
        let q = yanpan_types::BriefingQuery {
            kind: None,
            status: Some(yanpan_types::BriefingStatus::Issued),
            meeting_id: Some(m.id),
        };
        async move {
            let q = &q;
            // Unknown (the request failed) counts as issued: no to-do on a guess.
            api::call(ops::list_briefings(q, PageParams::new(1, 1)))
                .await
                .map_or(true, |b| b.total > 0)
        }
    });
    let issued = futures::future::join_all(issued).await;
    p.items
        .into_iter()
        .zip(issued)
        .filter(|(_, issued)| !issued)
        .map(|(m, _)| DashItem {
            title: format!("{}{}", crate::i18n::tin().todo_draft_briefing, m.title),
            when: Some(time::fmt_datetime(&m.starts_at)),
            href: Some(format!("/meetings/{}", m.id)),
            status: None,
        })
        .collect()
}
