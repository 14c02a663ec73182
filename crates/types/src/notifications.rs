//! The notification centre: what happened that concerns a person, unread until read; and the
//! outbox, the same events in order for the platform to read.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

crate::string_enum! {
    /// What a notification is about.
    NotificationKind {
        /// A briefing was submitted for review (conveners).
        BriefingInReview = "briefing_in_review",
        /// A briefing sent to the person's unit was issued (to acknowledge).
        BriefingIssued = "briefing_issued",
        /// A supervision task was assigned to the person's unit.
        TaskAssigned = "task_assigned",
        /// A unit reported a task done (the command center verifies it).
        TaskReported = "task_reported",
        /// The command center returned a task.
        TaskReturned = "task_returned",
        /// A task is due in three working days.
        TaskDueSoon = "task_due_soon",
        /// A task became overdue.
        TaskOverdue = "task_overdue",
        /// A unit was referred to the discipline commission.
        ReferralMade = "referral_made",
        /// A referral was closed with its outcome.
        ReferralClosed = "referral_closed",
    }
}

/// A notification of the signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    #[schema(example = "督办任务将于3个工作日后到期：开展错时停车试点")]
    pub title: String,
    /// Where in the web app it leads, e.g. `/supervision-tasks/…`.
    pub link: String,
    pub entity_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// Filters of the notification list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only unread ones.
    pub unread: Option<bool>,
}

/// How many notifications the person has not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UnreadCount {
    pub unread: u64,
}

/// An event of the outbox, in the order written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OutboxEvent {
    /// The event's place, increasing in the order the changes that caused events committed; read
    /// on with `after` = the last one seen (nothing committed later gets a smaller one).
    pub seq: i64,
    pub kind: NotificationKind,
    pub entity_id: Uuid,
    pub title: String,
    /// The units concerned.
    pub unit_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Where to read the outbox from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// Events after this `seq` (0 or absent: from the first).
    #[validate(range(min = 0))]
    #[param(minimum = 0)]
    pub after: Option<i64>,
    /// At most this many (1–500, default 100).
    #[validate(range(min = 1, max = 500))]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

crate::string_enum! {
    /// A collection an integrator may mirror through the change feed (`GET /changes`); each
    /// has its own read operation by id.
    ChangeCollection {
        /// `GET /meetings/{id}`.
        Meetings = "meetings",
        /// `GET /agenda-items/{id}`.
        AgendaItems = "agenda_items",
        /// `GET /conclusions/{id}`.
        Conclusions = "conclusions",
        /// `GET /escalations/{id}`.
        Escalations = "escalations",
        /// `GET /cases/{case_number}` (the feed gives the number as `case_number`).
        Cases = "cases",
        /// `GET /briefings/{id}`.
        Briefings = "briefings",
        /// `GET /supervision-tasks/{id}`.
        SupervisionTasks = "supervision_tasks",
    }
}

crate::string_enum! {
    /// What became of a resource.
    ChangeOp {
        /// Created or changed: read it by its id.
        Upsert = "upsert",
        /// Deleted (a tombstone): remove it from the mirror.
        Delete = "delete",
    }
}

/// One resource that changed: its last change, at its place `seq` of the feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Change {
    /// The place in the feed: increasing in the order changes committed; read on with
    /// `after` = the `next_after` of the last page.
    pub seq: i64,
    pub collection: ChangeCollection,
    pub id: Uuid,
    pub op: ChangeOp,
    pub changed_at: DateTime<Utc>,
    /// For a case that still exists: its number, the key `GET /cases/{case_number}` reads by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
}

/// A page of the change feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChangeFeed {
    /// In order of `seq`.
    pub changes: Vec<Change>,
    /// The cursor to resume from: the last `seq` of this page (or `after` when it is empty).
    /// Keep it; a later call with it returns exactly the changes committed since.
    pub next_after: i64,
    /// More changes than `limit` were waiting: call again at once with `next_after`.
    pub has_more: bool,
}

/// Where to read the change feed from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ChangeQuery {
    /// Changes after this place (0 or absent: everything, from the first).
    #[validate(range(min = 0))]
    #[param(minimum = 0)]
    pub after: Option<i64>,
    /// At most this many (1–1000, default 500).
    #[validate(range(min = 1, max = 1000))]
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// Only this collection (the cursor stays the feed's: one cursor per collection read this
    /// way, or one for all).
    pub collection: Option<ChangeCollection>,
}
