//! The home page's to-dos of supervision, referrals and briefings (the meeting to-dos are the
//! home page's own):
//!
//! - a unit's representative: 办理督办任务 for its open and in-progress tasks (逾期 when overdue);
//!   阅知简报 for issued briefings sent to its unit that the unit has not acknowledged;
//! - the command center (analyst): 核验督办任务 for tasks reported done;
//! - the discipline commission (inspector): 受理责任查究 for submitted referrals;
//! - conveners: 签发简报 for briefings in review.
//!
//! The home page is in the first load, so the lists are read into the few fields shown here
//! rather than into the full records (whose readers belong to the lazy pages).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use uuid::Uuid;
use yanpan_client::Req;
use yanpan_types::Role;

use crate::api;
use crate::components::dashboard::DashItem;
use crate::i18n::{tfl, tsv};
use crate::time::fmt_datetime;

/// How many of each kind the list asks for (the to-do list is a summary, not the queue).
const MAX: u32 = 50;

#[derive(Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

#[derive(Deserialize)]
struct Task {
    id: Uuid,
    measure: String,
    due_on: NaiveDate,
    #[serde(default)]
    overdue: bool,
    reported_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct Referral {
    id: Uuid,
    unit_name: String,
    referred_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct Recipient {
    unit_id: Uuid,
    acknowledged_at: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct Briefing {
    id: Uuid,
    title: String,
    issued_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    recipients: Vec<Recipient>,
}

/// `GET path` (a list of the API) read into `Items<T>`; nothing when it fails (a to-do list
/// that cannot be read is left out, as the home page does with its other sources).
async fn items<T: serde::de::DeserializeOwned + 'static>(path: String) -> Vec<T> {
    api::call(Req::<Items<T>>::get(path))
        .await
        .map(|p| p.items)
        .unwrap_or_default()
}

fn tasks_path(status: &str) -> String {
    format!("/supervision-tasks?status={status}&page=1&page_size={MAX}")
}

fn briefings_path(status: &str) -> String {
    format!("/briefings?status={status}&page=1&page_size={MAX}")
}

/// The to-dos of `role` (with its `unit`) beyond the meetings.
pub async fn todos(role: Role, unit: Option<Uuid>) -> Vec<DashItem> {
    let s = tsv();
    let mut out = Vec::new();
    match role {
        Role::UnitRep => {
            for status in ["open", "in_progress"] {
                for t in items::<Task>(tasks_path(status)).await {
                    out.push(DashItem {
                        title: format!("{}{}", s.todo_task, t.measure),
                        when: Some((s.due_label)(&t.due_on.to_string())),
                        href: Some(format!("/supervision-tasks/{}", t.id)),
                        status: t.overdue.then(|| tfl().overdue.to_owned()),
                    });
                }
            }
            if let Some(unit) = unit {
                for b in items::<Briefing>(briefings_path("issued")).await {
                    let waiting = b
                        .recipients
                        .iter()
                        .any(|r| r.unit_id == unit && r.acknowledged_at.is_none());
                    if waiting {
                        out.push(DashItem {
                            title: format!("{}{}", s.todo_ack, b.title),
                            when: b.issued_at.as_ref().map(fmt_datetime),
                            href: Some(format!("/briefings/{}", b.id)),
                            status: None,
                        });
                    }
                }
            }
        }
        Role::Analyst => {
            for t in items::<Task>(tasks_path("done")).await {
                out.push(DashItem {
                    title: format!("{}{}", s.todo_verify, t.measure),
                    when: t.reported_at.as_ref().map(fmt_datetime),
                    href: Some(format!("/supervision-tasks/{}", t.id)),
                    status: None,
                });
            }
        }
        Role::Inspector => {
            let path = format!("/referrals?status=submitted&page=1&page_size={MAX}");
            for r in items::<Referral>(path).await {
                out.push(DashItem {
                    title: format!("{}{}", s.todo_accept_referral, r.unit_name),
                    when: Some(fmt_datetime(&r.referred_at)),
                    href: Some(format!("/referrals/{}", r.id)),
                    status: None,
                });
            }
        }
        Role::Convener => {
            for b in items::<Briefing>(briefings_path("in_review")).await {
                out.push(DashItem {
                    title: format!("{}{}", s.todo_sign, b.title),
                    when: b.updated_at.as_ref().map(fmt_datetime),
                    href: Some(format!("/briefings/{}", b.id)),
                    status: None,
                });
            }
        }
        _ => {}
    }
    out
}
