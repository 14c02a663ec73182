//! A unit's drill-down (`GET /assessments/{year}/units/{unit_id}`): the counts behind its line,
//! and each record they come from — the meetings (attendance, submission), the supervision tasks
//! and the referrals — each a link to its page.

use leptos::prelude::*;
use uuid::Uuid;
use yanpan_client::ops;
use yanpan_types::{AssessedMeeting, AssessedReferral, AssessedTask, SubmissionState};

use crate::api;
use crate::components::EmptyState;
use crate::i18n::{attendance_name, outcome_name, task_status_name, tm, tsv};
use crate::load::Res;
use crate::time::fmt_datetime;

#[component]
pub fn UnitDetail(year: i32, quarter: Option<u8>, unit: Uuid) -> impl IntoView {
    let s = tsv();
    let detail =
        Res::new(
            move || async move { api::call(ops::get_assessment_unit(year, unit, quarter)).await },
        );
    view! {
        <div class="drill" data-testid="assessment-detail">
            {detail.view(true, true, move |d| view! {
                <h3 class="sub">{(s.detail_title)(&d.row.unit_name)}</h3>
                <p data-testid="detail-counts">{(s.detail_counts)(&d.row.counts)}</p>
                <h4>{s.detail_meetings}</h4>
                {meetings(d.meetings)}
                <h4>{s.detail_tasks}</h4>
                {tasks(d.tasks)}
                <h4>{s.detail_referrals}</h4>
                {referrals(d.referrals)}
            })}
        </div>
    }
}

fn meetings(list: Vec<AssessedMeeting>) -> AnyView {
    let (s, mt) = (tsv(), tm());
    if list.is_empty() {
        return view! { <EmptyState text=s.none_yet/> }.into_any();
    }
    view! {
        <table class="table table-cards" data-testid="detail-meetings">
            <thead><tr>
                <th scope="col">{s.meeting}</th>
                <th scope="col">{s.starts_at}</th>
                <th scope="col">{s.attendance}</th>
                <th scope="col">{s.submission}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|m| {
                    let (sub, kind) = match m.submission {
                        SubmissionState::Submitted => (mt.sub_submitted, "ok"),
                        SubmissionState::Late => (mt.sub_late, "warn"),
                        SubmissionState::Missing => (mt.sub_missing, "off"),
                    };
                    view! {
                        <tr>
                            <td><a href=format!("/meetings/{}", m.meeting_id)>{m.title}</a></td>
                            <td data-label=s.starts_at class="nowrap">{fmt_datetime(&m.starts_at)}</td>
                            <td data-label=s.attendance>{m.attendance.map(attendance_name).unwrap_or(s.unrecorded)}</td>
                            <td data-label=s.submission><span class=format!("badge badge-{kind}")>{sub}</span></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn tasks(list: Vec<AssessedTask>) -> AnyView {
    let s = tsv();
    if list.is_empty() {
        return view! { <EmptyState text=s.none_yet/> }.into_any();
    }
    view! {
        <table class="table table-cards" data-testid="detail-tasks">
            <thead><tr>
                <th scope="col">{s.measure}</th>
                <th scope="col">{s.due_on}</th>
                <th scope="col">{crate::i18n::t().status}</th>
                <th scope="col">{s.on_time}</th>
                <th scope="col" class="num">{s.returned_count}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|task| {
                    let (timely, kind) = if task.overdue {
                        (s.overdue, "danger")
                    } else if task.on_time {
                        (s.on_time, "ok")
                    } else {
                        (s.pending, "off")
                    };
                    view! {
                        <tr>
                            <td><a href=format!("/supervision-tasks/{}", task.task_id)>{task.measure}</a></td>
                            <td data-label=s.due_on class="nowrap">{task.due_on.to_string()}</td>
                            <td data-label=crate::i18n::t().status>{task_status_name(task.status)}</td>
                            <td data-label=s.on_time><span class=format!("badge badge-{kind}")>{timely}</span></td>
                            <td data-label=s.returned_count class="num">{task.returned_count}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn referrals(list: Vec<AssessedReferral>) -> AnyView {
    let s = tsv();
    if list.is_empty() {
        return view! { <EmptyState text=s.none_yet/> }.into_any();
    }
    view! {
        <table class="table table-cards" data-testid="detail-referrals">
            <thead><tr>
                <th scope="col">{s.referred_at}</th>
                <th scope="col">{s.outcome}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|r| view! {
                    <tr>
                        <td><a href=format!("/referrals/{}", r.referral_id)>{fmt_datetime(&r.referred_at)}</a></td>
                        <td data-label=s.outcome>{r.outcome.map(outcome_name).unwrap_or("—")}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
