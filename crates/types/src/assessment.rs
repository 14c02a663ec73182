//! The annual assessment (年度目标管理考核, Art. 11): how each street and department did in a year
//! (or quarter) — attendance, on-time submissions, supervision tasks, referrals and, where case
//! data exists, the analysis room's figures — scored by the year's rule and ranked.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

use crate::{ReferralOutcome, SubmissionState, TaskStatus, UnitKind};

/// Points of the indicators (rates, weighted) and deductions (per event) of a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRule {
    /// Weight of the attendance rate (present ÷ present and absent; excused absences do not
    /// count against the unit).
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub attendance_weight: u32,
    /// Weight of the share of required submissions made on time.
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub submission_weight: u32,
    /// Weight of the share of supervision tasks due in the period that were reported on time.
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub task_weight: u32,
    /// Weight of the on-time resolution rate of the cases the unit handled.
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub case_on_time_weight: u32,
    /// Weight of the satisfaction rate of the cases the unit handled.
    #[validate(range(min = 0, max = 100))]
    #[schema(minimum = 0, maximum = 100)]
    pub satisfaction_weight: u32,
    /// Points taken off per supervision task overdue (still, or reported late).
    #[validate(range(min = 0.0, max = 100.0))]
    #[schema(minimum = 0, maximum = 100)]
    pub per_overdue_task: f64,
    /// Points taken off per time a task was returned.
    #[validate(range(min = 0.0, max = 100.0))]
    #[schema(minimum = 0, maximum = 100)]
    pub per_returned_task: f64,
    /// Points taken off per referral closed with 约谈.
    #[validate(range(min = 0.0, max = 100.0))]
    #[schema(minimum = 0, maximum = 100)]
    pub per_interview: f64,
    /// … with 通报批评.
    #[validate(range(min = 0.0, max = 100.0))]
    #[schema(minimum = 0, maximum = 100)]
    pub per_public_criticism: f64,
    /// … with 诫勉谈话.
    #[validate(range(min = 0.0, max = 100.0))]
    #[schema(minimum = 0, maximum = 100)]
    pub per_admonishment: f64,
}

impl Default for AssessmentRule {
    /// The rule a year has until an administrator sets one.
    fn default() -> Self {
        Self {
            attendance_weight: 20,
            submission_weight: 20,
            task_weight: 30,
            case_on_time_weight: 15,
            satisfaction_weight: 15,
            per_overdue_task: 2.0,
            per_returned_task: 1.0,
            per_interview: 3.0,
            per_public_criticism: 5.0,
            per_admonishment: 8.0,
        }
    }
}

/// A year's rule, as set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VersionedRule {
    pub year: i32,
    /// 0 for the default rule (never set), then 1, 2, … per change.
    pub version: i32,
    pub rule: AssessmentRule,
    pub set_by_name: Option<String>,
    pub set_at: Option<DateTime<Utc>>,
}

/// What a unit did in the period: the counts behind its score.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssessmentCounts {
    /// Held meetings the unit was invited to.
    pub meetings: u32,
    pub present: u32,
    pub excused: u32,
    pub absent: u32,
    /// Attendance not recorded.
    pub unrecorded: u32,
    pub submissions_on_time: u32,
    pub submissions_late: u32,
    pub submissions_missing: u32,
    /// Supervision tasks due in the period (not withdrawn).
    pub tasks_due: u32,
    pub tasks_on_time: u32,
    /// Overdue now or reported after their due day.
    pub tasks_overdue: u32,
    /// Times its tasks were returned.
    pub tasks_returned: u32,
    pub referrals: u32,
    pub referrals_interview: u32,
    pub referrals_public_criticism: u32,
    pub referrals_admonishment: u32,
    pub referrals_no_action: u32,
    /// Cases it handled in the period (none: no case indicators).
    pub cases: u64,
    pub case_on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub redo_rate: Option<f64>,
}

/// A unit's line of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssessmentRow {
    pub rank: u32,
    pub unit_id: Uuid,
    pub unit_code: String,
    pub unit_name: String,
    pub unit_kind: UnitKind,
    pub counts: AssessmentCounts,
    pub attendance_rate: Option<f64>,
    pub submission_rate: Option<f64>,
    pub task_rate: Option<f64>,
    /// The weighted rates, out of 100 (indicators without data leave the weighting).
    pub base: f64,
    pub deductions: f64,
    /// `base − deductions`, not below 0.
    pub score: f64,
}

/// The ranking of a year or quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Assessment {
    pub year: i32,
    pub quarter: Option<u8>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rule: VersionedRule,
    /// When the year's result was published (frozen); absent while it is live.
    pub published_at: Option<DateTime<Utc>>,
    pub rows: Vec<AssessmentRow>,
}

/// Which part of the year.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AssessmentQuery {
    /// 1–4; absent for the whole year.
    #[validate(range(min = 1, max = 4))]
    #[param(minimum = 1, maximum = 4)]
    pub quarter: Option<u8>,
}

/// The export's format.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AssessmentExportQuery {
    #[validate(range(min = 1, max = 4))]
    #[param(minimum = 1, maximum = 4)]
    pub quarter: Option<u8>,
    /// `xlsx` (default) or `csv`.
    pub format: Option<crate::TableFormat>,
}

/// A meeting behind a unit's attendance and submission counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssessedMeeting {
    pub meeting_id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub attendance: Option<crate::Attendance>,
    pub submission: SubmissionState,
}

/// A supervision task behind a unit's task counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssessedTask {
    pub task_id: Uuid,
    pub measure: String,
    pub due_on: NaiveDate,
    pub status: TaskStatus,
    pub on_time: bool,
    pub overdue: bool,
    pub returned_count: u32,
}

/// A referral behind a unit's deductions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssessedReferral {
    pub referral_id: Uuid,
    pub referred_at: DateTime<Utc>,
    pub outcome: Option<ReferralOutcome>,
}

/// Every record behind a unit's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssessmentDetail {
    pub row: AssessmentRow,
    pub meetings: Vec<AssessedMeeting>,
    pub tasks: Vec<AssessedTask>,
    pub referrals: Vec<AssessedReferral>,
}
