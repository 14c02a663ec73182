//! Supervision of recommendations (督办, Art. 8.4): each recommendation of an adopted conclusion
//! becomes a task of its responsible unit, followed until the command center verifies it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

crate::string_enum! {
    /// Where a supervision task is: `open → in_progress → done → verified`; the command center
    /// may return a done task (back to `in_progress`, counted); a task whose conclusion was
    /// corrected before it was done is `withdrawn`.
    TaskStatus {
        /// Assigned, not yet taken up by the unit.
        Open = "open",
        InProgress = "in_progress",
        /// The unit reported it done; waiting for the command center.
        Done = "done",
        /// The command center checked it was carried out.
        Verified = "verified",
        /// Its conclusion was superseded by a corrected one before it was done.
        Withdrawn = "withdrawn",
    }
}

/// One step of a task's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TaskEvent {
    pub at: DateTime<Utc>,
    /// Who moved it (absent for the system).
    pub actor_name: Option<String>,
    pub from: Option<TaskStatus>,
    pub to: TaskStatus,
    /// The unit's progress report, or the reason it was returned.
    pub note: Option<String>,
}

/// A supervision task: a recommendation (or a level-1 outcome) followed up with its responsible
/// unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SupervisionTask {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub meeting_title: String,
    /// The adopted conclusion and the recommendation it follows up (absent for a level-1
    /// outcome).
    pub conclusion_id: Option<Uuid>,
    pub recommendation_id: Option<Uuid>,
    /// The escalation whose level-1 outcome it carries out (absent for a recommendation).
    pub escalation_id: Option<Uuid>,
    pub unit_id: Uuid,
    pub unit_name: String,
    /// The measure to carry out.
    pub measure: String,
    /// The deadline as the meeting set it.
    pub deadline: NaiveDate,
    /// The day it is due: the deadline, or the next working day when the deadline is not one.
    pub due_on: NaiveDate,
    pub status: TaskStatus,
    /// Open or in progress after the day it was due (Beijing time).
    pub overdue: bool,
    /// Reported done after the day it was due.
    pub done_late: bool,
    /// How many times the command center returned it.
    pub returned_count: u32,
    /// The unit's latest report.
    pub report: Option<String>,
    pub reported_at: Option<DateTime<Utc>>,
    /// Why it was last returned.
    pub return_reason: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    /// The files the unit reported it with (each report adds its own).
    pub attachments: Vec<crate::Attachment>,
    pub history: Vec<TaskEvent>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of the task list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    pub status: Option<TaskStatus>,
    /// The responsible unit (a unit's representative sees only its own anyway).
    pub unit_id: Option<Uuid>,
    pub meeting_id: Option<Uuid>,
    /// Only overdue tasks (`true`) or only those not overdue (`false`).
    pub overdue: Option<bool>,
}

/// Move a task: `in_progress` (the unit takes it up; or the command center returns a done task,
/// with a reason), `done` (the unit reports, with its report), `verified` (the command center).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TaskTransition {
    pub to: TaskStatus,
    /// The report when reporting done; the reason when returning it; optional otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 20000))]
    #[schema(
        min_length = 1,
        max_length = 20000,
        example = "已在清波街道3个小区开展错时停车试点，新增车位120个。"
    )]
    pub note: Option<String>,
    /// With `done`: files uploaded for the task (`POST /supervision-tasks/{id}/attachments`) that
    /// the report rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub attachment_ids: Vec<Uuid>,
}

crate::string_enum! {
    /// Where an accountability referral (责任查究) is: `submitted → accepted → closed`.
    ReferralStatus {
        /// Sent to the discipline commission.
        Submitted = "submitted",
        /// Taken up by the discipline commission.
        Accepted = "accepted",
        /// Its outcome recorded.
        Closed = "closed",
    }
}

crate::string_enum! {
    /// What the discipline commission decided.
    ReferralOutcome {
        /// 约谈
        Interview = "interview",
        /// 通报批评
        PublicCriticism = "public_criticism",
        /// 诫勉谈话
        Admonishment = "admonishment",
        /// 不予追究
        NoAction = "no_action",
    }
}

/// A unit referred to the discipline commission for supervision tasks it failed (Art. 8.4).
/// The evidence is frozen when referred: `evidence_json` holds the tasks with their full
/// history, and `evidence_sha256` its SHA-256, which anyone may recompute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Referral {
    pub id: Uuid,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub reason: String,
    pub status: ReferralStatus,
    pub task_ids: Vec<Uuid>,
    /// The frozen evidence, exactly the bytes hashed (UTF-8 JSON).
    pub evidence_json: String,
    /// Lower-case hex SHA-256 of `evidence_json`.
    pub evidence_sha256: String,
    /// The stored evidence still hashes to `evidence_sha256`.
    pub evidence_intact: bool,
    /// The discipline commission's findings (its deliberation): absent for the referred unit.
    pub findings: Option<String>,
    pub outcome: Option<ReferralOutcome>,
    /// The outcome as worded for the unit.
    pub outcome_note: Option<String>,
    pub referred_by_name: Option<String>,
    pub referred_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// Refer a unit for one or more of its tasks that are overdue, were done late, or were returned
/// at least twice.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateReferral {
    pub unit_id: Uuid,
    #[validate(length(min = 1, max = 50))]
    #[schema(min_items = 1, max_items = 50)]
    pub task_ids: Vec<Uuid>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(
        min_length = 1,
        max_length = 2000,
        example = "督办任务逾期30日未办结，经两次退回仍未整改到位"
    )]
    pub reason: String,
}

/// Close a referral with its findings and outcome (the discipline commission).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CloseReferral {
    #[validate(length(min = 1, max = 20000))]
    #[schema(min_length = 1, max_length = 20000)]
    pub findings: String,
    pub outcome: ReferralOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub outcome_note: Option<String>,
}

/// Filters of the referral list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    pub status: Option<ReferralStatus>,
    pub unit_id: Option<Uuid>,
}

/// A task checked by a special supervision, and what was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InspectionItem {
    pub task_id: Uuid,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub measure: String,
    pub task_status: TaskStatus,
    /// What the inspection found on the task; absent until checked.
    pub finding: Option<String>,
    pub checked_at: Option<DateTime<Utc>>,
    pub checked_by_name: Option<String>,
}

/// A special supervision (专项督查): a named inspection of a group of tasks, with a finding per
/// task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Inspection {
    pub id: Uuid,
    #[schema(example = "2026年第四季度老旧小区停车整治专项督查")]
    pub name: String,
    pub description: Option<String>,
    /// A unit's representative sees only its unit's tasks.
    pub items: Vec<InspectionItem>,
    pub created_by_name: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Start a special supervision of some tasks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateInspection {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 5000))]
    #[schema(max_length = 5000)]
    pub description: Option<String>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_items = 1, max_items = 200)]
    pub task_ids: Vec<Uuid>,
}

/// Record what the inspection found on one of its tasks.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RecordFinding {
    #[validate(length(min = 1, max = 5000))]
    #[schema(
        min_length = 1,
        max_length = 5000,
        example = "现场抽查3个小区，错时停车已落实，群众反映良好。"
    )]
    pub finding: String,
}
