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
    /// Increasing; read on with `after` = the last one seen.
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
