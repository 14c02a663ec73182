//! 首页: greeting, this month's regular meeting with its readiness, the year's cadence and
//! what the signed-in person should do next.

use chrono::Datelike;
use leptos::prelude::*;
use yanpan_client::ops;
use yanpan_types::{
    EscalationQuery, EscalationStatus, MeetingKind, MeetingQuery, MeetingStatus, PageParams, Role,
};

use crate::api::{self, use_auth};
use crate::components::dashboard::{AnnualRhythm, DashItem, MonthMeetings, Todos};
use crate::components::set_title;
use crate::i18n::{missing_name, role_name, status_name, t, tm};
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
        async move { todos(role).await }
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
            </header>
            <div class="grid-2">
                <MonthMeetings month=time::fmt_month(&now) items=Signal::derive(move || month.get().unwrap_or_default())/>
                <Todos items=Signal::derive(move || todos.get().unwrap_or_default())/>
            </div>
            <AnnualRhythm year=year current_month=now.month() states=Signal::derive(move || cadence.get().unwrap_or_default())/>
        </section>
    }
}

/// 待办 by role: a unit's submissions due, escalations to decide, meetings to prepare or attend.
async fn todos(role: Option<Role>) -> Vec<DashItem> {
    let mt = tm();
    let mut out = Vec::new();
    let q = MeetingQuery {
        sort: Some("starts_at".into()),
        from: Some(time::now_utc() - chrono::Duration::days(1)),
        ..Default::default()
    };
    let q = &q;
    if let Ok(p) = api::call(ops::list_meetings(q, PageParams::new(1, 20))).await {
        for m in p.items {
            let (label, href, when) = match (role, m.status) {
                (Some(Role::UnitRep), MeetingStatus::Draft | MeetingStatus::Scheduled) => {
                    (mt.todo_submit, "/my-unit".to_owned(), m.submission_due_at)
                }
                (Some(Role::Analyst | Role::Convener), MeetingStatus::Draft) => {
                    (mt.todo_prepare, format!("/meetings/{}", m.id), m.starts_at)
                }
                (Some(_), MeetingStatus::Scheduled | MeetingStatus::InProgress) => {
                    (mt.todo_attend, format!("/meetings/{}", m.id), m.starts_at)
                }
                _ => continue,
            };
            out.push(DashItem {
                title: format!("{label}{}", m.title),
                when: Some(time::fmt_datetime(&when)),
                href: Some(href),
                status: None,
            });
        }
    }
    if role == Some(Role::Convener) {
        let q = EscalationQuery {
            status: Some(EscalationStatus::Pending),
            meeting_id: None,
        };
        let q = &q;
        if let Ok(p) = api::call(ops::list_escalations(q, PageParams::new(1, 20))).await {
            out.extend(p.items.into_iter().map(|e| DashItem {
                title: format!("{}{}", mt.todo_decide, e.title),
                when: Some(time::fmt_datetime(&e.created_at)),
                href: Some("/escalations".into()),
                status: None,
            }));
        }
    }
    out
}
