//! Briefings (简报) and special reports (专题报告), Art. 7: written after a meeting, issued with a
//! number per kind and year, sent to the leadership and the units, acknowledged by each
//! recipient, optionally published on the platform.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

crate::string_enum! {
    /// What is written after a meeting.
    BriefingKind {
        /// 简报: the regular account of a meeting.
        Briefing = "briefing",
        /// 专题报告: on one matter; may stand alone, without a meeting.
        SpecialReport = "special_report",
    }
}

crate::string_enum! {
    /// Where a briefing is: `draft → in_review → issued`; a convener may send one under review
    /// back to draft. Issued is final: a correction is a new briefing naming the one it corrects.
    BriefingStatus {
        Draft = "draft",
        /// Waiting for a convener to issue it.
        InReview = "in_review",
        /// Numbered and sent; never changes again.
        Issued = "issued",
    }
}

crate::string_enum! {
    /// A recipient's line in the distribution block of an official document.
    RecipientRole {
        /// 报: to the leadership (区委、区政府).
        Report = "report",
        /// 送: to units for information.
        Send = "send",
        /// 发: to the units that carry it out.
        Distribute = "distribute",
    }
}

/// A unit a briefing is sent to, and whether it acknowledged reading it (已阅).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BriefingRecipient {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub role: RecipientRole,
    /// When the unit acknowledged reading it; absent until then.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Who acknowledged it for the unit.
    pub acknowledged_by_name: Option<String>,
}

/// A briefing or special report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Briefing {
    pub id: Uuid,
    pub kind: BriefingKind,
    pub status: BriefingStatus,
    /// The meeting it reports on (a special report may have none).
    pub meeting_id: Option<Uuid>,
    pub meeting_title: Option<String>,
    #[schema(example = "2026年10月平安365动态分析研判会议情况")]
    pub title: String,
    /// 近期动态: recent dynamics, with the analysis room's figures where case data exists.
    pub dynamics: String,
    /// 存在问题: the problems found.
    pub problems: String,
    /// 处理意见: the handling opinions (the adopted conclusions and their recommendations).
    pub opinions: String,
    /// The year of its number (Beijing time of issue); absent before issue.
    pub year: Option<i32>,
    /// Its number within the kind and year; absent before issue.
    pub number: Option<i32>,
    /// The number as printed, e.g. `2026年第11期`.
    #[schema(example = "2026年第11期")]
    pub issue_label: Option<String>,
    /// The issued briefing this one corrects.
    pub corrects_id: Option<Uuid>,
    /// The number of the briefing it corrects, as printed.
    pub corrects_label: Option<String>,
    /// The issued briefing that corrects this one, if any.
    pub corrected_by_id: Option<Uuid>,
    /// Why a convener sent it back to draft (the latest time).
    pub return_reason: Option<String>,
    /// Published on the platform: readable without sign-in.
    pub public: bool,
    pub published_at: Option<DateTime<Utc>>,
    pub issued_at: Option<DateTime<Utc>>,
    pub issued_by_name: Option<String>,
    pub created_by_name: Option<String>,
    pub recipients: Vec<BriefingRecipient>,
    /// How many recipients acknowledged reading it, of how many.
    pub acknowledged: u32,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Draft a briefing: from a concluded meeting (its sections pre-filled), as the correction of an
/// issued one (its text and recipients copied), or, for a special report, from nothing.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateBriefing {
    pub kind: BriefingKind,
    /// The concluded (or reported) meeting it is about; required for a briefing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<Uuid>,
    /// The issued briefing of the same kind that this one corrects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects_id: Option<Uuid>,
    /// Defaults to one made from the meeting's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
}

/// A recipient as given when editing the distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RecipientInput {
    pub unit_id: Uuid,
    pub role: RecipientRole,
}

/// Change a draft (or one under review). Absent fields stay; `recipients` replaces the list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateBriefing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50000))]
    #[schema(max_length = 50000)]
    pub dynamics: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50000))]
    #[schema(max_length = 50000)]
    pub problems: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50000))]
    #[schema(max_length = 50000)]
    pub opinions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200), nested)]
    #[schema(max_items = 200)]
    pub recipients: Option<Vec<RecipientInput>>,
}

/// Move a briefing: `in_review` (submit for review), `draft` (send back, with a reason) or
/// `issued` (numbered and sent).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct BriefingTransition {
    pub to: BriefingStatus,
    /// Required when sending a briefing back to draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 2000))]
    #[schema(
        min_length = 1,
        max_length = 2000,
        example = "处理意见请写明责任单位和完成时限"
    )]
    pub reason: Option<String>,
}

/// Filters of the briefing list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct BriefingQuery {
    pub kind: Option<BriefingKind>,
    pub status: Option<BriefingStatus>,
    pub meeting_id: Option<Uuid>,
}

/// A published briefing as anyone may read it, without sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicBriefing {
    pub id: Uuid,
    pub kind: BriefingKind,
    pub title: String,
    pub issue_label: String,
    pub issuing_unit: String,
    /// The day of issue, Beijing time.
    pub issued_on: NaiveDate,
    pub dynamics: String,
    pub problems: String,
    pub opinions: String,
    /// The number of the briefing it corrects, as printed.
    pub corrects_label: Option<String>,
    pub published_at: DateTime<Utc>,
}
