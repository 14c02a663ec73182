//! Meetings (Art. 4–6), their participants and attendance, the five-category agenda (Art. 5),
//! unit submissions (Art. 10), conclusions with recommendations, escalations (Art. 9), cadence,
//! calendars and search.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

crate::string_enum! {
    /// The three kinds of meeting.
    MeetingKind {
        /// 例会: monthly, held jointly with the level-2 supervision meeting; carries its month.
        Regular = "regular",
        /// 专题分析研判会议: called for a sensitive period, a major event or a hot issue.
        SpecialTopic = "special_topic",
        /// 一级督办联席会议: where escalated matters go.
        Level1Supervision = "level1_supervision",
    }
}

crate::string_enum! {
    /// Why a special-topic meeting is called (Art. 4).
    MeetingTrigger {
        /// 敏感时期
        SensitivePeriod = "sensitive_period",
        /// 重大活动
        MajorEvent = "major_event",
        /// 热点问题
        HotIssue = "hot_issue",
    }
}

crate::string_enum! {
    /// Where a meeting is in its life.
    MeetingStatus {
        Draft = "draft",
        Scheduled = "scheduled",
        InProgress = "in_progress",
        Concluded = "concluded",
        Reported = "reported",
        Cancelled = "cancelled",
    }
}

impl MeetingStatus {
    /// The states reachable from this one.
    pub fn next(&self) -> &'static [MeetingStatus] {
        use MeetingStatus::*;
        match self {
            Draft => &[Scheduled, Cancelled],
            Scheduled => &[InProgress, Cancelled],
            InProgress => &[Concluded, Cancelled],
            Concluded => &[Reported],
            Reported | Cancelled => &[],
        }
    }
    /// Who may move a meeting into this state: the command center schedules and reports;
    /// starting, concluding and cancelling are the conveners' (Art. 4, 6). The server enforces
    /// it and the web app offers only the buttons it allows.
    pub fn movers(&self) -> &'static [crate::Role] {
        use crate::Role;
        match self {
            MeetingStatus::Scheduled | MeetingStatus::Reported => &[Role::Convener, Role::Analyst],
            _ => &[Role::Convener],
        }
    }
    /// Whether `role` may move a meeting from this state to `to` (reachable and allowed).
    pub fn may_move(&self, role: crate::Role, to: MeetingStatus) -> bool {
        self.next().contains(&to) && to.movers().contains(&role)
    }
    /// Whether the meeting has been held: it is under way, concluded or reported. A matter
    /// scheduled into a level-1 meeting may be resolved only once that meeting has been held;
    /// the server enforces it and the web app offers 办结 only then.
    pub fn has_been_held(&self) -> bool {
        matches!(
            self,
            MeetingStatus::InProgress | MeetingStatus::Concluded | MeetingStatus::Reported
        )
    }
    /// Concluded, reported and cancelled meetings no longer change.
    pub fn is_locked(&self) -> bool {
        matches!(
            self,
            MeetingStatus::Concluded | MeetingStatus::Reported | MeetingStatus::Cancelled
        )
    }
}

/// Why starting a meeting now would be early: before its scheduled day (in Beijing time) and/or
/// before the invited units' submission deadline. Starting closes submissions at once and counts
/// the meeting as held for its month, so an early start needs a stated reason; the server
/// refuses one without it and the web app asks for it. Shared by both so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EarlyStart {
    /// Today (Beijing time) is before the meeting's scheduled day.
    pub before_day: bool,
    /// The submission deadline has not passed.
    pub before_deadline: bool,
}

impl EarlyStart {
    /// How early starting at `now` would be for a meeting starting at `starts_at` with
    /// submissions due at `due_at`.
    pub fn at(now: DateTime<Utc>, starts_at: DateTime<Utc>, due_at: DateTime<Utc>) -> Self {
        // Beijing time is UTC+8 all year (no daylight saving).
        let day = |t: DateTime<Utc>| (t + chrono::Duration::hours(8)).date_naive();
        Self {
            before_day: day(now) < day(starts_at),
            before_deadline: now < due_at,
        }
    }
    pub fn is_early(&self) -> bool {
        self.before_day || self.before_deadline
    }
}

#[cfg(test)]
mod transition_tests {
    use super::MeetingStatus::*;
    use crate::Role;

    #[test]
    fn who_may_move_a_meeting_where() {
        assert!(Draft.may_move(Role::Analyst, Scheduled));
        assert!(Draft.may_move(Role::Convener, Scheduled));
        assert!(!Scheduled.may_move(Role::Analyst, InProgress));
        assert!(Scheduled.may_move(Role::Convener, InProgress));
        assert!(!InProgress.may_move(Role::Analyst, Concluded));
        assert!(Concluded.may_move(Role::Analyst, Reported));
        assert!(!Draft.may_move(Role::Convener, Concluded), "not reachable");
        assert!(!Draft.may_move(Role::UnitRep, Cancelled));
        assert!(!Reported.may_move(Role::Convener, Cancelled));
        for role in [
            Role::Admin,
            Role::UnitRep,
            Role::Inspector,
            Role::Integration,
        ] {
            for from in [Draft, Scheduled, InProgress, Concluded] {
                for to in from.next() {
                    assert!(!from.may_move(role, *to), "{role} {from}->{to}");
                }
            }
        }
    }

    #[test]
    fn a_meeting_has_been_held_once_it_started_and_not_if_cancelled() {
        for held in [InProgress, Concluded, Reported] {
            assert!(held.has_been_held(), "{held}");
        }
        for not_held in [Draft, Scheduled, Cancelled] {
            assert!(!not_held.has_been_held(), "{not_held}");
        }
    }

    #[test]
    fn an_early_start_is_before_the_day_or_the_deadline() {
        use super::EarlyStart;
        use chrono::TimeZone;
        let at = |d: u32, h: u32| {
            chrono::Utc
                .with_ymd_and_hms(2026, 12, d, h, 0, 0)
                .single()
                .unwrap()
        };
        // Meeting 12-29 06:30 UTC (14:30 Beijing), submissions due 12-25 10:00 UTC.
        let (starts, due) = (at(29, 6), at(25, 10));
        let weeks_early = EarlyStart::at(at(1, 2), starts, due);
        assert!(weeks_early.before_day && weeks_early.before_deadline);
        let after_deadline = EarlyStart::at(at(27, 2), starts, due);
        assert!(after_deadline.before_day && !after_deadline.before_deadline);
        // 12-28 17:00 UTC is already 12-29 01:00 in Beijing: the scheduled day.
        assert!(!EarlyStart::at(at(28, 17), starts, due).is_early());
        assert!(EarlyStart::at(at(28, 15), starts, due).before_day);
    }
}

crate::string_enum! {
    /// The five agenda categories of Art. 5, in their fixed order.
    AgendaCategory {
        /// 多发、易发、重复发生的民生诉求和矛盾纠纷
        RepeatedDemands = "repeated_demands",
        /// 处置不力的联动处置事件
        PoorDisposal = "poor_disposal",
        /// 群众满意度评价及反映的突出问题
        Satisfaction = "satisfaction",
        /// 工作建议及下阶段重点工作
        Suggestions = "suggestions",
        /// 其他事项
        Other = "other",
    }
}

crate::string_enum! {
    /// A participating unit's part in a meeting.
    ParticipantRole {
        /// Convenes the meeting (party office, government office).
        Convening = "convening",
        /// Invited to take part and to submit its analysis.
        Invited = "invited",
    }
}

crate::string_enum! {
    /// Attendance recorded at the meeting.
    Attendance {
        Present = "present",
        Absent = "absent",
        /// Excused: needs a reason.
        Excused = "excused",
    }
}

crate::string_enum! {
    /// Where a unit's submission stands for a meeting.
    SubmissionState {
        Submitted = "submitted",
        Late = "late",
        Missing = "missing",
    }
}

crate::string_enum! {
    ConclusionStatus {
        Draft = "draft",
        /// Adopted conclusions never change; a correction supersedes them.
        Adopted = "adopted",
    }
}

crate::string_enum! {
    /// Escalation request to the level-1 supervision meeting.
    EscalationStatus {
        Pending = "pending",
        Accepted = "accepted",
        Rejected = "rejected",
        Scheduled = "scheduled",
        Resolved = "resolved",
    }
}

impl EscalationStatus {
    /// The states a request may move to from this one: a convener accepts or rejects it, the
    /// command center schedules an accepted one into a level-1 meeting, where it is resolved.
    pub fn next(&self) -> &'static [EscalationStatus] {
        use EscalationStatus::*;
        match self {
            Pending => &[Accepted, Rejected],
            Accepted => &[Scheduled],
            Scheduled => &[Resolved],
            Rejected | Resolved => &[],
        }
    }
}

crate::string_enum! {
    /// A calendar day that differs from the Monday-to-Friday rule.
    CalendarDayKind {
        /// A public holiday (or a weekday off).
        Holiday = "holiday",
        /// An adjusted working day (调休) on a weekend.
        Workday = "workday",
    }
}

pub(crate) fn validate_period(p: &str) -> Result<(), ValidationError> {
    let ok = p.len() == 7
        && p.as_bytes()[4] == b'-'
        && p[..4]
            .parse::<u16>()
            .is_ok_and(|y| (2000..=2100).contains(&y))
        && p[5..].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("period").with_message("use YYYY-MM".into()))
    }
}

/// The platform's figures and case numbers behind an agenda item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Named figures, e.g. "本月重复投诉" = 37 件.
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    #[schema(max_items = 50)]
    pub figures: Vec<Figure>,
    /// The platform's case numbers (联动处置事件编号), each 1–64 characters; a meeting can be
    /// found by any of them (`GET /meetings?case_number=`, and the search).
    #[serde(default)]
    #[validate(length(max = 200), custom(function = "case_numbers"))]
    #[schema(max_items = 200)]
    pub case_numbers: Vec<String>,
}

fn case_numbers(numbers: &[String]) -> Result<(), ValidationError> {
    if numbers
        .iter()
        .any(|n| n.trim().is_empty() || n.chars().count() > 64)
    {
        return Err(ValidationError::new("length")
            .with_message("each case number has 1 to 64 characters".into()));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub label: String,
    pub value: f64,
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_length = 20)]
    pub unit: Option<String>,
}

/// A meeting, without its agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Meeting {
    pub id: Uuid,
    pub kind: MeetingKind,
    pub title: String,
    pub status: MeetingStatus,
    /// The month a regular meeting covers, `YYYY-MM`.
    pub period: Option<String>,
    pub trigger: Option<MeetingTrigger>,
    pub trigger_reason: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    /// Who chairs (the lead official).
    pub chair: String,
    /// When invited units' submissions are due.
    pub submission_due_at: DateTime<Utc>,
    /// 初步分析研判意见 drafted by the command center.
    pub preliminary_analysis: Option<String>,
    /// 主汇报人.
    pub main_reporter: Option<String>,
    /// 会议记录; locked once the meeting is concluded.
    pub minutes: Option<String>,
    pub cancel_reason: Option<String>,
    /// Why the meeting was started before its scheduled day or submission deadline.
    pub early_start_reason: Option<String>,
    pub concluded_at: Option<DateTime<Utc>>,
    /// The platform's own reference (see `CreateMeeting`).
    pub platform_ref: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A meeting as a list shows it: what identifies it, when and where, and its state, without the
/// long texts (preliminary analysis, minutes, reasons), which `GET /meetings/{id}` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MeetingSummary {
    pub id: Uuid,
    pub kind: MeetingKind,
    pub title: String,
    pub status: MeetingStatus,
    /// The month a regular meeting covers, `YYYY-MM`.
    pub period: Option<String>,
    pub trigger: Option<MeetingTrigger>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    /// Who chairs (the lead official).
    pub chair: String,
    /// When invited units' submissions are due.
    pub submission_due_at: DateTime<Utc>,
    pub concluded_at: Option<DateTime<Utc>>,
    /// The platform's own reference (see `CreateMeeting`).
    pub platform_ref: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// A meeting with its agenda (in category order, then position) and participants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MeetingDetail {
    pub meeting: Meeting,
    pub agenda: Vec<AgendaItem>,
    pub participants: Vec<Participant>,
}

/// Create a meeting (it starts as `draft`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateMeeting {
    pub kind: MeetingKind,
    #[validate(length(min = 1, max = 200))]
    #[schema(
        example = "2026年11月平安365社会服务管理动态分析研判例会",
        min_length = 1,
        max_length = 200
    )]
    pub title: String,
    /// Required for `regular`: the month covered, `YYYY-MM`.
    #[serde(default)]
    #[validate(custom(function = "validate_period"))]
    #[schema(example = "2026-11", pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")]
    pub period: Option<String>,
    /// Required for `special_topic`.
    #[serde(default)]
    pub trigger: Option<MeetingTrigger>,
    /// Required for `special_topic`: why it is called.
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub trigger_reason: Option<String>,
    #[validate(custom(function = "crate::sane_instant"))]
    pub starts_at: DateTime<Utc>,
    #[validate(custom(function = "crate::sane_instant"))]
    pub ends_at: DateTime<Utc>,
    #[validate(length(min = 1, max = 200))]
    #[schema(example = "区联动指挥中心三楼会议室", min_length = 1, max_length = 200)]
    pub place: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(example = "区委副书记", min_length = 1, max_length = 100)]
    pub chair: String,
    /// Convening units (party office, government office).
    #[serde(default)]
    #[validate(length(max = 10))]
    pub convening_unit_ids: Vec<Uuid>,
    /// Units invited to take part and submit their analysis.
    #[serde(default)]
    #[validate(length(max = 200))]
    pub invited_unit_ids: Vec<Uuid>,
    /// The main reporter (Art. 6), if already known; blank is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub main_reporter: Option<String>,
    /// The command center's preliminary analysis (Art. 6), if already drafted; blank is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50000))]
    #[schema(max_length = 50000)]
    pub preliminary_analysis: Option<String>,
    /// The platform's own reference for it (e.g. its record number), for a script to find it
    /// again: unique among meetings; 1–100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "PA365-HY-2026-11")]
    pub platform_ref: Option<String>,
}

/// Change a meeting. Absent (or `null`) fields stay as they are; an empty or blank string clears
/// an optional text (`main_reporter`, `preliminary_analysis`, `minutes`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeeting {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "crate::sane_instant"))]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "crate::sane_instant"))]
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub chair: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub trigger_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50000))]
    #[schema(max_length = 50000)]
    pub preliminary_analysis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub main_reporter: Option<String>,
    /// Editable until the meeting is concluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200000))]
    #[schema(max_length = 200000)]
    pub minutes: Option<String>,
    /// The platform's own reference for it (e.g. its record number), for a script to find it
    /// again: unique among meetings; 1–100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "PA365-HY-2026-11")]
    pub platform_ref: Option<String>,
}

/// Move a meeting to another state.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    pub to: MeetingStatus,
    /// Required when cancelling, and when starting before the scheduled day (Beijing time) or
    /// before the submission deadline: starting closes submissions at once, so the reason is the
    /// confirmation (kept as the meeting's `early_start_reason` and in the audit log).
    #[serde(default)]
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: Option<String>,
}

/// Filters of the meeting list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct MeetingQuery {
    pub kind: Option<MeetingKind>,
    pub status: Option<MeetingStatus>,
    /// The month covered (regular meetings), `YYYY-MM`.
    #[validate(custom(function = "validate_period"))]
    #[param(pattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$")]
    pub period: Option<String>,
    /// Meetings starting at or after.
    #[validate(custom(function = "crate::sane_instant"))]
    pub from: Option<DateTime<Utc>>,
    /// Meetings starting before.
    #[validate(custom(function = "crate::sane_instant"))]
    pub to: Option<DateTime<Utc>>,
    /// Substring of the title.
    #[validate(length(max = 100))]
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// The meeting with this platform reference.
    #[validate(length(min = 1, max = 100))]
    #[param(min_length = 1, max_length = 100)]
    pub platform_ref: Option<String>,
    /// Meetings with an agenda item whose evidence cites this case number.
    #[validate(length(min = 1, max = 64))]
    #[param(min_length = 1, max_length = 64)]
    pub case_number: Option<String>,
    /// `starts_at` (default, newest first: `-starts_at`) or `title`.
    #[validate(custom(function = "validate_meeting_sort"))]
    #[param(pattern = "^-?(starts_at|title|created_at)$")]
    pub sort: Option<String>,
}

fn validate_meeting_sort(s: &str) -> Result<(), ValidationError> {
    match s.trim_start_matches('-') {
        "starts_at" | "title" | "created_at" => Ok(()),
        _ => Err(ValidationError::new("sort")
            .with_message("sort by starts_at, title or created_at".into())),
    }
}

crate::string_enum! {
    /// What Art. 6 asks to be prepared before a meeting.
    Preparation {
        /// At least one agenda item.
        Agenda = "agenda",
        /// The main reporter (主汇报人).
        MainReporter = "main_reporter",
        /// The command center's preliminary analysis (初步分析研判意见).
        PreliminaryAnalysis = "preliminary_analysis",
    }
}

/// What is still missing before a meeting may start (Art. 6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    /// Prepared and not yet held (a draft or scheduled meeting with nothing missing).
    pub ready: bool,
    pub missing: Vec<Preparation>,
}

/// A unit taking part in a meeting, with its attendance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Participant {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub role: ParticipantRole,
    pub attendance: Option<Attendance>,
    pub attendance_reason: Option<String>,
    /// Names of the people who attended for the unit.
    pub attendees: Vec<String>,
    pub version: i32,
}

/// Invite a unit (or add a convening unit).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AddParticipant {
    pub unit_id: Uuid,
    #[serde(default = "invited")]
    pub role: ParticipantRole,
}

fn invited() -> ParticipantRole {
    ParticipantRole::Invited
}

/// Record a unit's attendance.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RecordAttendance {
    pub attendance: Attendance,
    /// Required when excused.
    #[serde(default)]
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: Option<String>,
    /// Names of the people who attended for the unit (each 1–50 characters).
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "attendee_names"))]
    pub attendees: Vec<String>,
}

fn attendee_names(names: &[String]) -> Result<(), ValidationError> {
    if names
        .iter()
        .any(|n| n.trim().is_empty() || n.chars().count() > 50)
    {
        return Err(ValidationError::new("length")
            .with_message("each attendee's name has 1 to 50 characters".into()));
    }
    Ok(())
}

/// One unit's attendance in a batch.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AttendanceEntry {
    /// A participating unit of the meeting.
    pub unit_id: Uuid,
    pub attendance: Attendance,
    /// Required when excused.
    #[serde(default)]
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: Option<String>,
    /// Names of the people who attended for the unit (each 1–50 characters).
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "attendee_names"))]
    pub attendees: Vec<String>,
    /// The participant's version as read (`Participant.version`): when given, a row changed by
    /// someone else since is refused with 412 and nothing of the batch is saved.
    #[serde(default)]
    pub version: Option<i32>,
}

/// Attendance for several units at once, saved together or not at all.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RecordAttendanceBatch {
    #[validate(length(min = 1, max = 200), nested)]
    #[schema(min_items = 1, max_items = 200)]
    pub entries: Vec<AttendanceEntry>,
}

/// An agenda item in one of the five categories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AgendaItem {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub category: AgendaCategory,
    pub title: String,
    pub summary: String,
    pub evidence: Evidence,
    pub causes: Option<String>,
    pub weak_links: Option<String>,
    pub remedies: Option<String>,
    pub presenting_unit_id: Option<Uuid>,
    /// The presenting unit's name (with `presenting_unit_id`).
    pub presenting_unit_name: Option<String>,
    /// The platform's own reference (see `CreateAgendaItem`).
    pub platform_ref: Option<String>,
    /// Order within the meeting (1-based).
    pub position: i32,
    /// For `poor_disposal`: `true` escalate, `false` not, `null` undecided.
    pub escalate: Option<bool>,
    pub escalation_reason: Option<String>,
    /// The escalation raised from this item, with its level-1 outcome once resolved.
    pub escalation: Option<EscalationSummary>,
    /// For items of a level-1 meeting: the escalation they came from.
    pub source_escalation_id: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The state of an escalation, as shown on its source item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EscalationSummary {
    pub id: Uuid,
    pub status: EscalationStatus,
    pub level1_meeting_id: Option<Uuid>,
    pub outcome: Option<String>,
}

/// Create an agenda item.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateAgendaItem {
    pub category: AgendaCategory,
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub summary: String,
    #[serde(default)]
    #[validate(nested)]
    pub evidence: Evidence,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub causes: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub weak_links: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub remedies: Option<String>,
    #[serde(default)]
    pub presenting_unit_id: Option<Uuid>,
    /// The platform's own reference for it (e.g. its record number), for a script to find it
    /// again: unique within the meeting; 1–100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "PA365-YT-2026-11-03")]
    pub platform_ref: Option<String>,
}

/// Change an agenda item. Absent fields stay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateAgendaItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<AgendaCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub evidence: Option<Evidence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub causes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub weak_links: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub remedies: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenting_unit_id: Option<Uuid>,
    /// The platform's own reference for it (e.g. its record number), for a script to find it
    /// again: unique within the meeting; 1–100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100, example = "PA365-YT-2026-11-03")]
    pub platform_ref: Option<String>,
}

/// The new order of a meeting's agenda: every item id, once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ReorderAgenda {
    #[validate(length(min = 1, max = 500))]
    #[schema(min_items = 1, max_items = 500)]
    pub item_ids: Vec<Uuid>,
}

/// The explicit decision on a `poor_disposal` item: escalate to level 1 or not, and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct EscalationDecision {
    pub escalate: bool,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// A file uploaded through the API (stored in the database).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    pub id: Uuid,
    pub meeting_id: Uuid,
    /// The uploader's unit; `null` for the command center's meeting materials.
    pub unit_id: Option<Uuid>,
    /// The uploader unit's name (with `unit_id`).
    pub unit_name: Option<String>,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

/// A unit's analysis opinion for a meeting; each resubmission is a new version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Submission {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub version_no: i32,
    pub opinion: String,
    pub attachments: Vec<Attachment>,
    pub submitted_by: Uuid,
    /// The display name of the person who submitted.
    pub submitted_by_name: String,
    pub submitted_at: DateTime<Utc>,
    /// Submitted after the due time.
    pub late: bool,
}

/// Submit (or resubmit) the unit's analysis before the meeting starts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateSubmission {
    #[validate(length(min = 1, max = 50000))]
    #[schema(min_length = 1, max_length = 50000)]
    pub opinion: String,
    /// Attachments uploaded by this unit for this meeting.
    #[serde(default)]
    #[validate(length(max = 20))]
    pub attachment_ids: Vec<Uuid>,
}

/// Per invited unit: submitted on time, late, or missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SubmissionTrackerRow {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub state: SubmissionState,
    pub due_at: DateTime<Utc>,
    pub latest_submission_id: Option<Uuid>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub versions: i32,
}

/// A recommendation (对策建议) carried by a conclusion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Recommendation {
    pub id: Uuid,
    pub measure: String,
    pub responsible_unit_id: Uuid,
    pub responsible_unit_name: String,
    pub deadline: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewRecommendation {
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub measure: String,
    pub responsible_unit_id: Uuid,
    #[validate(custom(function = "crate::sane_date"))]
    pub deadline: NaiveDate,
}

/// A conclusion of the meeting (optionally about one agenda item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Conclusion {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub agenda_item_id: Option<Uuid>,
    pub text: String,
    pub status: ConclusionStatus,
    pub recommendations: Vec<Recommendation>,
    /// The adopted conclusion this one corrects.
    pub supersedes_id: Option<Uuid>,
    /// The conclusion that corrected this one.
    pub superseded_by_id: Option<Uuid>,
    pub adopted_by: Option<Uuid>,
    /// The display name of the convener who adopted it.
    pub adopted_by_name: Option<String>,
    pub adopted_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Draft a conclusion (a correction names the adopted conclusion it supersedes).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateConclusion {
    #[validate(length(min = 1, max = 20000))]
    #[schema(min_length = 1, max_length = 20000)]
    pub text: String,
    #[serde(default)]
    pub agenda_item_id: Option<Uuid>,
    #[serde(default)]
    pub supersedes_id: Option<Uuid>,
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    pub recommendations: Vec<NewRecommendation>,
}

/// Change a draft conclusion.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateConclusion {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 20000))]
    #[schema(min_length = 1, max_length = 20000)]
    pub text: Option<String>,
    /// Replaces all recommendations when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50), nested)]
    pub recommendations: Option<Vec<NewRecommendation>>,
}

/// A request to take a matter to the level-1 supervision meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Escalation {
    pub id: Uuid,
    pub meeting_id: Uuid,
    /// The title of the meeting it was raised at.
    pub meeting_title: String,
    pub agenda_item_id: Option<Uuid>,
    pub conclusion_id: Option<Uuid>,
    pub title: String,
    pub reason: String,
    pub status: EscalationStatus,
    pub decision_note: Option<String>,
    pub decided_by: Option<Uuid>,
    /// The display name of the convener who decided.
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub level1_meeting_id: Option<Uuid>,
    pub level1_item_id: Option<Uuid>,
    pub outcome: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub raised_by: Uuid,
    /// The display name of the person who raised it.
    pub raised_by_name: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Raise an escalation from an agenda item or a conclusion (exactly one).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateEscalation {
    #[serde(default)]
    pub agenda_item_id: Option<Uuid>,
    #[serde(default)]
    pub conclusion_id: Option<Uuid>,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// A convener's decision on a pending escalation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct EscalationReview {
    pub accept: bool,
    #[validate(length(min = 1, max = 2000))]
    #[schema(min_length = 1, max_length = 2000)]
    pub note: String,
}

/// Schedule an accepted escalation into a level-1 meeting.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ScheduleEscalation {
    pub level1_meeting_id: Uuid,
}

/// Record the level-1 outcome.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct ResolveEscalation {
    #[validate(length(min = 1, max = 5000))]
    #[schema(min_length = 1, max_length = 5000)]
    pub outcome: String,
    /// The unit that carries the outcome out: given with `deadline`, the outcome becomes a
    /// supervision task of that unit (Art. 9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_unit_id: Option<Uuid>,
    /// When the unit must have carried it out (with `responsible_unit_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct EscalationQuery {
    pub status: Option<EscalationStatus>,
    pub meeting_id: Option<Uuid>,
}

/// The year's meeting rhythm (Art. 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Cadence {
    pub year: i32,
    pub months: Vec<CadenceMonth>,
    /// Past months of the year without a held regular meeting.
    pub missing_months: Vec<String>,
    pub special_topics: Vec<CadenceMeeting>,
}

crate::string_enum! {
    /// A month of the cadence (Art. 4: at least one regular meeting a month).
    CadenceState {
        /// A regular meeting of the month was concluded (or reported).
        Held = "held",
        /// One is planned (draft or scheduled), none held yet.
        Planned = "planned",
        /// Past, and none was held.
        Missing = "missing",
        /// Current or future, none yet.
        Open = "open",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CadenceMonth {
    /// `YYYY-MM`.
    pub period: String,
    pub state: CadenceState,
    pub regular_meetings: Vec<CadenceMeeting>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CadenceMeeting {
    pub id: Uuid,
    pub title: String,
    pub status: MeetingStatus,
    pub starts_at: DateTime<Utc>,
    pub trigger: Option<MeetingTrigger>,
    pub trigger_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct CadenceQuery {
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub year: i32,
}

/// A day that differs from the Monday-to-Friday working week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: CalendarDayKind,
    pub name: String,
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateCalendarDay {
    #[validate(custom(function = "crate::sane_date"))]
    pub date: NaiveDate,
    pub kind: CalendarDayKind,
    #[validate(length(min = 1, max = 50))]
    #[schema(example = "国庆节", min_length = 1, max_length = 50)]
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct CalendarDayQuery {
    #[validate(range(min = 2000, max = 2100))]
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

/// A calendar subscription address (the token is shown once; a new one replaces it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CalendarFeed {
    /// Path of the feed of my meetings, to append to the server's origin.
    pub my_meetings_path: String,
    /// Path of the feed of my unit's meetings (when I belong to a unit).
    pub unit_meetings_path: Option<String>,
}

crate::string_enum! {
    /// What a search hit is.
    SearchEntity {
        Meeting = "meeting",
        AgendaItem = "agenda_item",
        Conclusion = "conclusion",
        Minutes = "minutes",
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The words to find, in Chinese or not (at least one character).
    #[validate(length(min = 1, max = 100))]
    #[param(min_length = 1, max_length = 100)]
    pub q: String,
    pub entity: Option<SearchEntity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchHit {
    pub entity: SearchEntity,
    pub entity_id: Uuid,
    pub meeting_id: Uuid,
    /// The title of the meeting the hit belongs to.
    pub meeting_title: String,
    pub title: String,
    /// Text around the first match.
    pub snippet: String,
}
