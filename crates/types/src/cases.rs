//! The analysis room's wire types (issue 11): the 平安365 platform's cases, their intake, the
//! category dictionary, and the analyses of a period.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

use crate::FieldError;

crate::string_enum! {
    /// What a citizen brought to the platform (see DOMAIN.md).
    CaseKind {
        /// 民生诉求
        Demand = "demand",
        /// 矛盾纠纷
        Dispute = "dispute",
        /// 联动处置事件
        Incident = "incident",
    }
}

crate::string_enum! {
    /// How the case reached the platform.
    CaseChannel {
        /// 热线电话
        Hotline = "hotline",
        /// 网站
        Web = "web",
        /// 移动应用
        App = "app",
        /// 来访
        WalkIn = "walk_in",
        /// 网格巡查
        GridPatrol = "grid_patrol",
        /// 其他
        Other = "other",
    }
}

crate::string_enum! {
    /// Where the case is in the platform's handling.
    CaseStatus {
        /// 已受理
        Received = "received",
        /// 已派单
        Dispatched = "dispatched",
        /// 办理中
        InProgress = "in_progress",
        /// 已办结
        Resolved = "resolved",
        /// 已归档
        Closed = "closed",
    }
}

impl CaseStatus {
    /// Resolved or closed: the case has a result.
    pub fn is_resolved(&self) -> bool {
        matches!(self, CaseStatus::Resolved | CaseStatus::Closed)
    }
}

crate::string_enum! {
    /// The platform's own supervision of a case (督办).
    SupervisionLevel {
        None = "none",
        /// 二级督办
        Level2 = "level2",
        /// 一级督办
        Level1 = "level1",
    }
}

crate::string_enum! {
    /// The citizen's rating of the handling (满意度评价).
    Satisfaction {
        /// 满意
        Satisfied = "satisfied",
        /// 基本满意
        BasicallySatisfied = "basically_satisfied",
        /// 不满意
        Unsatisfied = "unsatisfied",
        /// 未回访成功 (not counted in rates)
        NotReached = "not_reached",
    }
}

crate::string_enum! {
    /// What a service account may do beyond the integration role's reading.
    ServiceScope {
        /// Push the platform's cases (`POST /cases/batch`).
        CasesWrite = "cases_write",
    }
}

/// One case as the platform sends it. Unknown street, unit or category codes are errors of the
/// record that name the code. `reporter` (a phone number or ID) is never stored: the server keeps
/// only a keyed hash of it, to recognise repeated reporters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseRecord {
    /// The platform's case number, unique: the key of upserts and of agenda evidence.
    #[schema(
        example = "PA2026110001",
        min_length = 1,
        max_length = 64,
        pattern = "^[A-Za-z0-9][A-Za-z0-9_-]*$"
    )]
    pub case_number: String,
    pub kind: CaseKind,
    pub channel: CaseChannel,
    /// A category code of the dictionary, or a platform code mapped onto one.
    #[schema(example = "noise", min_length = 1, max_length = 64)]
    pub category_code: String,
    /// The code of the street (a unit of kind `street`) where the case is located.
    #[schema(example = "street-qingbo", min_length = 1, max_length = 32)]
    pub street_code: String,
    #[serde(default)]
    #[schema(example = "清波门社区", max_length = 100)]
    pub community: Option<String>,
    #[serde(default)]
    #[schema(example = "河坊街 123 号", max_length = 200)]
    pub address: Option<String>,
    #[schema(example = "夜间施工噪音扰民", min_length = 1, max_length = 2000)]
    pub summary: String,
    pub received_at: DateTime<Utc>,
    /// The unit handling it (absent until dispatched).
    #[serde(default)]
    #[schema(max_length = 32)]
    pub handling_unit_code: Option<String>,
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
    pub status: CaseStatus,
    /// Required when the status is `resolved` or `closed`.
    #[serde(default)]
    pub resolved_at: Option<DateTime<Utc>>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub result: Option<String>,
    /// Times sent back for redoing (退回重办).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub redo_count: i32,
    #[serde(default = "no_supervision")]
    pub supervision_level: SupervisionLevel,
    #[serde(default)]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub satisfaction_comment: Option<String>,
    #[serde(default)]
    pub rated_at: Option<DateTime<Utc>>,
    /// The reporter's phone or ID; hashed on arrival, never stored or returned.
    #[serde(default)]
    #[schema(max_length = 64)]
    pub reporter: Option<String>,
    /// The platform's last change of the record: an older one than stored is skipped as stale.
    pub updated_at: DateTime<Utc>,
}

fn no_supervision() -> SupervisionLevel {
    SupervisionLevel::None
}

/// A batch of cases to upsert by case number (the platform's intake script).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseBatch {
    /// 1 to 1,000 records. A record that does not fit is answered as `invalid` in its result;
    /// it never rejects the others.
    #[schema(min_items = 1, max_items = 1000)]
    pub records: Vec<CaseRecord>,
}

/// Most records one batch may carry.
pub const MAX_BATCH_RECORDS: usize = 1000;

crate::string_enum! {
    /// What the intake did with one record.
    IntakeOutcome {
        /// A new case.
        Created = "created",
        /// A stored case changed.
        Updated = "updated",
        /// The record equals what is stored.
        Unchanged = "unchanged",
        /// The record's `updated_at` is older than the stored one's; skipped.
        Stale = "stale",
        /// The record has errors (listed); nothing of it was applied.
        Invalid = "invalid",
    }
}

/// The answer for one record, in the order sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IntakeResult {
    /// The record's place in `records`, from 0.
    pub index: u32,
    /// The record's case number, when it had a readable one.
    pub case_number: Option<String>,
    pub outcome: IntakeOutcome,
    /// Why the record is invalid (empty otherwise).
    #[serde(default)]
    pub errors: Vec<FieldError>,
}

/// The answer to a batch: one result per record, and the counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IntakeReport {
    pub results: Vec<IntakeResult>,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub stale: u32,
    pub invalid: u32,
}

/// A case as the API returns it (never with the reporter or its hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Case {
    pub id: Uuid,
    pub case_number: String,
    pub kind: CaseKind,
    pub channel: CaseChannel,
    pub category_code: String,
    pub category_name: String,
    /// The category's parent (the first level of the dictionary), when it has one.
    pub parent_category_name: Option<String>,
    pub street_code: String,
    pub street_name: String,
    pub community: Option<String>,
    pub address: Option<String>,
    pub summary: String,
    pub received_at: DateTime<Utc>,
    pub handling_unit_code: Option<String>,
    pub handling_unit_name: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub status: CaseStatus,
    pub resolved_at: Option<DateTime<Utc>>,
    pub result: Option<String>,
    pub redo_count: i32,
    pub supervision_level: SupervisionLevel,
    pub satisfaction: Option<Satisfaction>,
    pub satisfaction_comment: Option<String>,
    pub rated_at: Option<DateTime<Utc>>,
    /// Resolved after its due time, or past it unresolved (as of the answer).
    pub overdue: bool,
    /// The platform's `updated_at` of the stored record.
    pub platform_updated_at: DateTime<Utc>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of the case list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// Received on or after this day (Beijing time).
    #[validate(custom(function = "crate::sane_date"))]
    pub from: Option<NaiveDate>,
    /// Received on or before this day (Beijing time).
    #[validate(custom(function = "crate::sane_date"))]
    pub to: Option<NaiveDate>,
    pub kind: Option<CaseKind>,
    pub status: Option<CaseStatus>,
    /// A category code; its subcategories are included.
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub category: Option<String>,
    /// A street's unit code.
    #[validate(length(max = 32))]
    #[param(max_length = 32)]
    pub street: Option<String>,
    /// The handling unit's code.
    #[validate(length(max = 32))]
    #[param(max_length = 32)]
    pub unit: Option<String>,
    /// Only cases past their due time (`true`) or not (`false`).
    pub overdue: Option<bool>,
    /// Text in the case number, summary or address.
    #[validate(length(max = 100))]
    #[param(max_length = 100)]
    pub q: Option<String>,
}

/// An entry of the two-level category dictionary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CaseCategory {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    /// The first-level category this one belongs to (none for a first-level one).
    pub parent_code: Option<String>,
    /// The platform's own codes that mean this category.
    pub platform_codes: Vec<String>,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Create a category (admin).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateCaseCategory {
    #[validate(
        length(min = 2, max = 32),
        custom(function = "crate::users::validate_code")
    )]
    #[schema(
        example = "noise",
        min_length = 2,
        max_length = 32,
        pattern = "^[a-z0-9][a-z0-9_.-]*$"
    )]
    pub code: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(example = "噪音扰民", min_length = 1, max_length = 100)]
    pub name: String,
    /// A first-level category's code; none makes this one first-level.
    #[serde(default)]
    #[validate(length(min = 2, max = 32))]
    #[schema(min_length = 2, max_length = 32)]
    pub parent_code: Option<String>,
    #[serde(default)]
    #[validate(length(max = 50), custom(function = "validate_platform_codes"))]
    #[schema(max_items = 50)]
    pub platform_codes: Vec<String>,
}

/// Change a category (admin). Absent fields stay; `platform_codes` replaces the whole list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateCaseCategory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50), custom(function = "validate_platform_codes"))]
    #[schema(max_items = 50)]
    pub platform_codes: Option<Vec<String>>,
}

fn validate_platform_codes(codes: &[String]) -> Result<(), ValidationError> {
    let ok = codes.iter().all(|c| {
        (1..=64).contains(&c.len())
            && c.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '-' | '.'))
    });
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("pattern")
            .with_message("platform codes are 1–64 letters, digits, `_`, `-` or `.`".into()))
    }
}

/// The period of an analysis: a month, or a from/to range of days (Beijing time, both included).
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AnalysisQuery {
    /// `YYYY-MM`; the default when neither `month` nor `from`/`to` is given is the last full month.
    #[validate(custom(function = "crate::meetings::validate_period"))]
    #[param(pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    /// First day (with `to`; instead of `month`).
    #[validate(custom(function = "crate::sane_date"))]
    pub from: Option<NaiveDate>,
    /// Last day, included.
    #[validate(custom(function = "crate::sane_date"))]
    pub to: Option<NaiveDate>,
    /// Only this street's cases (a unit code).
    #[validate(length(max = 32))]
    #[param(max_length = 32)]
    pub street: Option<String>,
    /// Only this category (with its subcategories).
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub category: Option<String>,
    /// Only this kind.
    pub kind: Option<CaseKind>,
}

/// A period of days, both included (Beijing time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The headline figures of a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Figures {
    pub cases: u64,
    /// Resolved or closed.
    pub resolved: u64,
    /// `resolved / cases`.
    pub resolution_rate: Option<f64>,
    /// Cases whose timeliness is known: resolved, or unresolved past their due time.
    pub timed: u64,
    /// Resolved by their due time (or with none).
    pub on_time: u64,
    /// `on_time / timed`.
    pub on_time_rate: Option<f64>,
    /// Sent back for redoing at least once.
    pub redone: u64,
    /// `redone / cases`.
    pub redo_rate: Option<f64>,
    /// Rated satisfied, basically satisfied or unsatisfied (not-reached excluded).
    pub rated: u64,
    /// Satisfied or basically satisfied.
    pub satisfied: u64,
    /// `satisfied / rated`.
    pub satisfaction_rate: Option<f64>,
}

/// A count in a breakdown, with the same key's count in the previous period and a year before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CountRow {
    /// The code (category, street, unit) or enum name (kind, channel); `none` for no unit yet.
    pub key: String,
    pub name: String,
    pub count: u64,
    pub previous: u64,
    pub year_ago: u64,
    /// 环比: `(count - previous) / previous`, none when `previous` is 0.
    pub mom: Option<f64>,
    /// 同比: `(count - year_ago) / year_ago`, none when `year_ago` is 0.
    pub yoy: Option<f64>,
}

/// Overview of a period (Art. 5): figures, 环比/同比, and counts by kind, category, street, unit
/// and channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Overview {
    pub period: Period,
    /// The period of the same length just before (for 环比).
    pub previous_period: Period,
    /// The same days a year before (for 同比).
    pub year_ago_period: Period,
    pub figures: Figures,
    pub previous: Figures,
    pub year_ago: Figures,
    pub by_kind: Vec<CountRow>,
    pub by_category: Vec<CountRow>,
    pub by_street: Vec<CountRow>,
    pub by_unit: Vec<CountRow>,
    pub by_channel: Vec<CountRow>,
}

crate::string_enum! {
    /// What a repeated-demand cluster has in common.
    ClusterBasis {
        /// The same reporter (recognised by the keyed hash, never shown).
        Reporter = "reporter",
        /// The same normalised address.
        Address = "address",
    }
}

/// Cases of one reporter, or at one address, on one category within the period (Art. 5.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RepeatCluster {
    /// A neutral label, e.g. `同一诉求人 3` or the address; never the reporter.
    pub label: String,
    pub basis: ClusterBasis,
    pub category_code: String,
    pub category_name: String,
    /// The address of the latest case, for `address` clusters.
    pub address: Option<String>,
    pub count: u64,
    pub first_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    /// The latest `cases_per_cluster` of the cluster's `count` cases (20 by default), oldest
    /// first. The case list with the period, the category and the address as `q` finds the rest of
    /// an address cluster.
    pub case_numbers: Vec<String>,
    /// The latest case's status.
    pub status: CaseStatus,
    /// How many of the cluster's cases are not yet resolved.
    pub unresolved: u64,
}

/// The repeated demands of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RepeatedDemands {
    pub period: Period,
    /// The fewest cases that make a cluster.
    pub min_count: u32,
    /// Clusters found in all; `clusters` lists the largest (`limit`, 100 by default).
    pub total_clusters: u64,
    /// Largest first.
    pub clusters: Vec<RepeatCluster>,
}

/// Options of the repeated-demand analysis.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct RepeatQuery {
    /// The fewest cases that make a cluster (default 2).
    #[validate(range(min = 2, max = 100))]
    #[param(minimum = 2, maximum = 100)]
    pub min_count: Option<u32>,
    /// How many of the largest clusters to list (default 100); `total_clusters` says how many
    /// there are.
    #[validate(range(min = 1, max = 1000))]
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// How many case numbers each cluster lists, the latest (default 20); `count` says how many
    /// it has. A download lists them all.
    #[validate(range(min = 1, max = 1000))]
    #[param(minimum = 1, maximum = 1000)]
    pub cases_per_cluster: Option<u32>,
}

/// A unit's poorly handled cases of a period (Art. 5.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PoorDisposalRow {
    pub unit_code: String,
    pub unit_name: String,
    /// Cases the unit handled in the period.
    pub cases: u64,
    pub overdue: u64,
    pub overdue_rate: Option<f64>,
    pub redone: u64,
    pub redo_rate: Option<f64>,
    pub unsatisfied: u64,
    pub unsatisfied_rate: Option<f64>,
    /// Under the platform's level-2 or level-1 supervision.
    pub escalated: u64,
    pub escalated_rate: Option<f64>,
    /// Cases with at least one of the four marks.
    pub poor: u64,
    /// Up to 50 of them, worst first (most marks, then oldest).
    pub case_numbers: Vec<String>,
}

/// Poor disposal of a period, by handling unit, most poor cases first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PoorDisposal {
    pub period: Period,
    pub units: Vec<PoorDisposalRow>,
}

/// A satisfaction rate with its sample and 95% Wilson score interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RateRow {
    pub key: String,
    pub name: String,
    /// Ratings counted (not-reached excluded).
    pub rated: u64,
    pub satisfied: u64,
    pub rate: Option<f64>,
    /// Lower bound of the 95% Wilson interval; rows are ranked by it, so three ratings do not
    /// outrank three hundred.
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// A category with many unsatisfied ratings, with a few of the citizens' comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnsatisfiedCategory {
    pub category_code: String,
    pub category_name: String,
    pub unsatisfied: u64,
    /// Up to five comments, newest first, with their case numbers.
    pub comments: Vec<RatedComment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatedComment {
    pub case_number: String,
    pub comment: String,
}

/// Satisfaction of a period (Art. 5.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SatisfactionAnalysis {
    pub period: Period,
    pub by_unit: Vec<RateRow>,
    pub by_street: Vec<RateRow>,
    pub by_category: Vec<RateRow>,
    /// Most unsatisfied ratings first, at most ten.
    pub most_unsatisfied: Vec<UnsatisfiedCategory>,
}

/// A handling unit's figures of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnitRankRow {
    /// 1 for the best.
    pub rank: u32,
    pub unit_code: String,
    pub unit_name: String,
    pub figures: Figures,
    /// Lower bound of the satisfaction rate's 95% Wilson interval.
    pub satisfaction_low: Option<f64>,
    /// The ranking score: the mean of the on-time rate, the satisfaction's Wilson lower bound and
    /// one minus the redo rate (each counted only where defined).
    pub score: Option<f64>,
}

/// Units ranked for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnitRanking {
    pub period: Period,
    pub units: Vec<UnitRankRow>,
}

/// A category in a street reported far more often in the last week than its own baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HotIssue {
    pub street_code: String,
    pub street_name: String,
    pub category_code: String,
    pub category_name: String,
    /// The seven days ending on `as_of`.
    pub week: Period,
    pub count: u64,
    /// Mean weekly count over the twelve weeks before.
    pub baseline: f64,
    /// `P(X ≥ count)` for `X ~ Poisson(max(baseline, 0.5))`.
    pub p_value: f64,
    /// The week's case numbers, oldest first.
    pub case_numbers: Vec<String>,
}

/// Hot issues as of a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HotIssues {
    pub as_of: NaiveDate,
    /// The test: a week's count at least `min_count`, at least twice the baseline, and
    /// `p_value` below `max_p_value`.
    pub min_count: u64,
    pub max_p_value: f64,
    /// Weeks before the week examined that the baseline averages: the 12 before it, or as many
    /// of them as the platform's cases cover; with fewer than 8 there is no baseline to test
    /// against and no issue is found (a street's first cases are not a surge).
    pub baseline_weeks: u64,
    /// Most significant first.
    pub issues: Vec<HotIssue>,
}

/// The day hot issues are computed for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct HotIssueQuery {
    /// The last day of the week examined (default: today, Beijing time).
    #[validate(custom(function = "crate::sane_date"))]
    pub as_of: Option<NaiveDate>,
}

/// Proposed agenda items of a meeting in categories 1–3, drafted from the period's cases (Art. 6),
/// and a draft preliminary analysis. Nothing is stored: the analyst accepts a proposal by sending
/// it (edited or not) to `POST /meetings/{id}/agenda-items`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AgendaDraft {
    /// The period the figures cover: the meeting's month, or the last full month before it.
    pub period: Period,
    pub proposals: Vec<crate::CreateAgendaItem>,
    /// 初步分析研判意见, in Chinese prose with the figures.
    pub preliminary_analysis: String,
}

crate::string_enum! {
    /// Where a special-topic proposal is.
    TopicProposalStatus {
        /// Waiting for a convener.
        Pending = "pending",
        /// A draft special-topic meeting was created for it.
        Accepted = "accepted",
        /// Not taken up (with a reason).
        Dismissed = "dismissed",
    }
}

/// A detected hot issue proposed for a special-topic meeting (Art. 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TopicProposal {
    pub id: Uuid,
    pub street_code: String,
    pub street_name: String,
    pub category_code: String,
    pub category_name: String,
    /// The week in which the issue was hot.
    pub week: Period,
    pub count: u64,
    pub baseline: f64,
    pub p_value: f64,
    pub case_numbers: Vec<String>,
    pub status: TopicProposalStatus,
    /// Why it was dismissed.
    pub reason: Option<String>,
    pub decided_by: Option<Uuid>,
    /// The display name of who accepted or dismissed it.
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The special-topic meeting created on acceptance.
    pub meeting_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of the proposal queue.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct TopicProposalQuery {
    pub status: Option<TopicProposalStatus>,
}

/// Dismiss a proposal: the reason is required.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DismissTopicProposal {
    #[validate(length(min = 1, max = 2000))]
    #[schema(
        min_length = 1,
        max_length = 2000,
        example = "已由街道专项整治，无需专题研判"
    )]
    pub reason: String,
}

/// Accept a proposal: when and where the special-topic meeting is to be held.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AcceptTopicProposal {
    #[validate(custom(function = "crate::sane_instant"))]
    pub starts_at: DateTime<Utc>,
    #[validate(custom(function = "crate::sane_instant"))]
    pub ends_at: DateTime<Utc>,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200, example = "区联动指挥中心会议室")]
    pub place: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "分管副区长")]
    pub chair: String,
}

/// What a detection run found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Detection {
    pub as_of: NaiveDate,
    /// Hot issues found this run.
    pub hot: u32,
    /// Proposals created (a hot issue already proposed is not proposed again).
    pub proposed: Vec<TopicProposal>,
}

crate::string_enum! {
    /// A table of the analysis room, for download.
    AnalysisTable {
        /// 总体指标 (this period, the previous, a year before)
        Figures = "figures",
        ByKind = "by_kind",
        ByCategory = "by_category",
        ByStreet = "by_street",
        ByUnit = "by_unit",
        ByChannel = "by_channel",
        RepeatedDemands = "repeated_demands",
        PoorDisposal = "poor_disposal",
        SatisfactionByUnit = "satisfaction_by_unit",
        SatisfactionByStreet = "satisfaction_by_street",
        SatisfactionByCategory = "satisfaction_by_category",
        UnitRanking = "unit_ranking",
        HotIssues = "hot_issues",
    }
}

crate::string_enum! {
    /// The file a table is downloaded as.
    TableFormat {
        /// UTF-8 with a byte-order mark (so that Excel reads the Chinese), CRLF line ends.
        Csv = "csv",
        Xlsx = "xlsx",
    }
}

/// Which table, as which file (the period and filters are `AnalysisQuery`'s; `as_of` for hot
/// issues, `min_count` for repeated demands).
#[derive(Debug, Clone, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct TableExportQuery {
    pub table: AnalysisTable,
    pub format: TableFormat,
}

/// The months a trend is drawn from, and what it narrows to.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct TrendQuery {
    /// The last month of history, `YYYY-MM` (default: the last full month); the forecast is for
    /// the month after it.
    #[validate(custom(function = "crate::meetings::validate_period"))]
    #[param(pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
    #[validate(length(max = 32))]
    #[param(max_length = 32)]
    pub street: Option<String>,
    #[validate(length(max = 64))]
    #[param(max_length = 64)]
    pub category: Option<String>,
    pub kind: Option<CaseKind>,
}

/// A month's count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    pub count: u64,
}

/// One series' next month: the expected count, its 95% prediction interval, and how far off the
/// same method was on the last months (backtested one month ahead each).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SeriesForecast {
    pub key: String,
    pub name: String,
    /// The monthly counts, oldest first (the same months as the trend's).
    pub history: Vec<u64>,
    /// None with fewer than 12 months of history.
    pub point: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Mean absolute error of the backtest, in cases.
    pub mae: Option<f64>,
    /// Mean absolute percentage error of the backtest (0.1 = 10%).
    pub mape: Option<f64>,
}

/// 24 months of counts and next month's forecast (Art. 8.1), in total, per category and per
/// street, by automatic exponential smoothing (augurs AutoETS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Trend {
    /// `YYYY-MM`, oldest first.
    pub months: Vec<String>,
    /// The month forecast, `YYYY-MM`.
    pub next_month: String,
    /// The prediction intervals' level (0.95).
    pub level: f64,
    /// How many of the last months the error is backtested on.
    pub backtest_months: u32,
    pub total: SeriesForecast,
    /// Largest expected first.
    pub by_category: Vec<SeriesForecast>,
    pub by_street: Vec<SeriesForecast>,
}
