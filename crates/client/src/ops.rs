//! Every API operation, defined once: each function builds the `Req` (method, path, `If-Match`,
//! body, how to read the answer) that a transport sends. `Client` (reqwest) has one async method
//! of the same name per function; the SPA sends them with `fetch::FetchClient`.

use chrono::NaiveDate;
use uuid::Uuid;
use yanpan_types::*;

use crate::Tagged;
use crate::req::{Body, Method, Req};

use Method::{Delete, Get, Patch, Post, Put};

// --- auth ------------------------------------------------------------------------------------

/// Signs in (the caller keeps the access token).
pub fn login(username: &str, password: &str) -> Req<TokenPair> {
    let body = LoginRequest {
        username: username.into(),
        password: password.into(),
    };
    Req::json(Post, "/auth/login", Body::json(&body))
}

/// Rotates the refresh token (the caller keeps the new access token).
pub fn refresh(refresh_token: &str) -> Req<TokenPair> {
    let body = RefreshRequest {
        refresh_token: refresh_token.into(),
    };
    Req::json(Post, "/auth/refresh", Body::json(&body))
}

pub fn logout(refresh_token: &str) -> Req<()> {
    let body = RefreshRequest {
        refresh_token: refresh_token.into(),
    };
    Req::empty(Post, "/auth/logout", Body::json(&body))
}

/// Client-credentials exchange of a service account.
pub fn client_credentials_token(client_id: &str, client_secret: &str) -> Req<AccessToken> {
    let body = ClientCredentialsRequest {
        grant_type: yanpan_types::GrantType::ClientCredentials,
        client_id: client_id.into(),
        client_secret: client_secret.into(),
    };
    Req::json(Post, "/auth/token", Body::json(&body))
}

// --- me --------------------------------------------------------------------------------------

pub fn get_me() -> Req<Tagged<User>> {
    Req::tagged(Get, "/me", Body::None)
}

pub fn update_me(etag: &str, body: &UpdateMe) -> Req<Tagged<User>> {
    Req::tagged(Patch, "/me", Body::json(body)).if_match(etag)
}

pub fn change_password(current: &str, new: &str) -> Req<()> {
    let body = ChangePassword {
        current_password: current.into(),
        new_password: new.into(),
    };
    Req::empty(Post, "/me/password", Body::json(&body))
}

// --- units -----------------------------------------------------------------------------------

pub fn list_units(q: &UnitQuery, page: PageParams) -> Req<Page<Unit>> {
    Req::list("/units", q, page)
}

pub fn get_unit(id: Uuid) -> Req<Tagged<Unit>> {
    Req::tagged(Get, format!("/units/{id}"), Body::None)
}

pub fn create_unit(body: &CreateUnit) -> Req<Tagged<Unit>> {
    Req::tagged(Post, "/units", Body::json(body))
}

pub fn update_unit(id: Uuid, etag: &str, body: &UpdateUnit) -> Req<Tagged<Unit>> {
    Req::tagged(Patch, format!("/units/{id}"), Body::json(body)).if_match(etag)
}

pub fn delete_unit(id: Uuid, etag: &str) -> Req<()> {
    Req::empty(Delete, format!("/units/{id}"), Body::None).if_match(etag)
}

// --- users -----------------------------------------------------------------------------------

pub fn list_users(q: &UserQuery, page: PageParams) -> Req<Page<User>> {
    Req::list("/users", q, page)
}

pub fn get_user(id: Uuid) -> Req<Tagged<User>> {
    Req::tagged(Get, format!("/users/{id}"), Body::None)
}

pub fn create_user(body: &CreateUser) -> Req<Tagged<User>> {
    Req::tagged(Post, "/users", Body::json(body))
}

pub fn update_user(id: Uuid, etag: &str, body: &UpdateUser) -> Req<Tagged<User>> {
    Req::tagged(Patch, format!("/users/{id}"), Body::json(body)).if_match(etag)
}

// --- service accounts ------------------------------------------------------------------------

pub fn list_service_accounts(page: PageParams) -> Req<Page<ServiceAccount>> {
    Req::list("/service-accounts", &(), page)
}

pub fn get_service_account(id: Uuid) -> Req<Tagged<ServiceAccount>> {
    Req::tagged(Get, format!("/service-accounts/{id}"), Body::None)
}

pub fn create_service_account(body: &CreateServiceAccount) -> Req<Tagged<ServiceAccountCreated>> {
    Req::tagged(Post, "/service-accounts", Body::json(body))
}

pub fn revoke_service_account(id: Uuid, etag: &str) -> Req<()> {
    Req::empty(Delete, format!("/service-accounts/{id}"), Body::None).if_match(etag)
}

// --- audit -----------------------------------------------------------------------------------

pub fn list_audit_log(q: &AuditQuery, page: PageParams) -> Req<Page<AuditEntry>> {
    Req::list("/audit-log", q, page)
}

// --- meetings --------------------------------------------------------------------------------

pub fn list_meetings(q: &MeetingQuery, page: PageParams) -> Req<Page<MeetingSummary>> {
    Req::list("/meetings", q, page)
}

pub fn create_meeting(body: &CreateMeeting) -> Req<Tagged<MeetingDetail>> {
    Req::tagged(Post, "/meetings", Body::json(body))
}

pub fn get_meeting(id: Uuid) -> Req<Tagged<MeetingDetail>> {
    Req::tagged(Get, format!("/meetings/{id}"), Body::None)
}

pub fn update_meeting(id: Uuid, etag: &str, body: &UpdateMeeting) -> Req<Tagged<Meeting>> {
    Req::tagged(Patch, format!("/meetings/{id}"), Body::json(body)).if_match(etag)
}

pub fn transition_meeting(
    id: Uuid,
    to: MeetingStatus,
    reason: Option<&str>,
) -> Req<Tagged<Meeting>> {
    let body = TransitionRequest {
        to,
        reason: reason.map(str::to_owned),
    };
    Req::tagged(
        Post,
        format!("/meetings/{id}/transitions"),
        Body::json(&body),
    )
}

pub fn get_readiness(id: Uuid) -> Req<Readiness> {
    Req::get(format!("/meetings/{id}/readiness"))
}

pub fn list_participants(id: Uuid) -> Req<Vec<Participant>> {
    Req::items(format!("/meetings/{id}/participants"))
}

pub fn add_participant(id: Uuid, body: &AddParticipant) -> Req<Tagged<Participant>> {
    Req::tagged(
        Post,
        format!("/meetings/{id}/participants"),
        Body::json(body),
    )
}

pub fn remove_participant(id: Uuid, unit_id: Uuid, etag: &str) -> Req<()> {
    Req::empty(
        Delete,
        format!("/meetings/{id}/participants/{unit_id}"),
        Body::None,
    )
    .if_match(etag)
}

pub fn record_attendance(
    id: Uuid,
    unit_id: Uuid,
    etag: &str,
    body: &RecordAttendance,
) -> Req<Tagged<Participant>> {
    Req::tagged(
        Patch,
        format!("/meetings/{id}/participants/{unit_id}"),
        Body::json(body),
    )
    .if_match(etag)
}

pub fn record_attendance_batch(id: Uuid, body: &RecordAttendanceBatch) -> Req<Vec<Participant>> {
    Req::json(Put, format!("/meetings/{id}/attendance"), Body::json(body))
}

pub fn get_cadence(year: i32) -> Req<Cadence> {
    Req::get(format!("/cadence?year={year}"))
}

// --- agenda ----------------------------------------------------------------------------------

pub fn list_agenda(meeting_id: Uuid) -> Req<Vec<AgendaItem>> {
    Req::items(format!("/meetings/{meeting_id}/agenda-items"))
}

pub fn create_agenda_item(meeting_id: Uuid, body: &CreateAgendaItem) -> Req<Tagged<AgendaItem>> {
    Req::tagged(
        Post,
        format!("/meetings/{meeting_id}/agenda-items"),
        Body::json(body),
    )
}

pub fn reorder_agenda(meeting_id: Uuid, item_ids: Vec<Uuid>) -> Req<Vec<AgendaItem>> {
    Req::json(
        Post,
        format!("/meetings/{meeting_id}/agenda-items/reorder"),
        Body::json(&ReorderAgenda { item_ids }),
    )
}

pub fn get_agenda_item(id: Uuid) -> Req<Tagged<AgendaItem>> {
    Req::tagged(Get, format!("/agenda-items/{id}"), Body::None)
}

pub fn update_agenda_item(
    id: Uuid,
    etag: &str,
    body: &UpdateAgendaItem,
) -> Req<Tagged<AgendaItem>> {
    Req::tagged(Patch, format!("/agenda-items/{id}"), Body::json(body)).if_match(etag)
}

pub fn delete_agenda_item(id: Uuid, etag: &str) -> Req<()> {
    Req::empty(Delete, format!("/agenda-items/{id}"), Body::None).if_match(etag)
}

pub fn decide_escalation(item_id: Uuid, escalate: bool, reason: &str) -> Req<Tagged<AgendaItem>> {
    let body = EscalationDecision {
        escalate,
        reason: reason.into(),
    };
    Req::tagged(
        Post,
        format!("/agenda-items/{item_id}/decision"),
        Body::json(&body),
    )
}

// --- submissions and files -------------------------------------------------------------------

pub fn list_submissions(meeting_id: Uuid) -> Req<Vec<Submission>> {
    Req::items(format!("/meetings/{meeting_id}/submissions"))
}

pub fn create_submission(meeting_id: Uuid, body: &CreateSubmission) -> Req<Submission> {
    Req::json(
        Post,
        format!("/meetings/{meeting_id}/submissions"),
        Body::json(body),
    )
}

pub fn get_submission(id: Uuid) -> Req<Submission> {
    Req::get(format!("/submissions/{id}"))
}

pub fn submission_tracker(meeting_id: Uuid) -> Req<Vec<SubmissionTrackerRow>> {
    Req::items(format!("/meetings/{meeting_id}/submission-tracker"))
}

/// Uploads a file as multipart/form-data (part `file`).
pub fn upload_attachment(
    meeting_id: Uuid,
    filename: &str,
    content_type: &str,
    data: Vec<u8>,
) -> Req<Attachment> {
    let body = Body::File {
        filename: filename.to_owned(),
        content_type: content_type.to_owned(),
        data,
    };
    Req::json(Post, format!("/meetings/{meeting_id}/attachments"), body)
}

pub fn get_attachment(id: Uuid) -> Req<Attachment> {
    Req::get(format!("/attachments/{id}"))
}

/// The file's bytes and content type.
pub fn download_attachment(id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(format!("/attachments/{id}/content"))
}

// --- documents -------------------------------------------------------------------------------
// Each answers the file's bytes and content type; save it as `MeetingExport::…::file_name(title)`
// (the name the server gives in `Content-Disposition`).

/// 会议通知 (DOCX).
pub fn export_notice(meeting_id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(MeetingExport::Notice.path(meeting_id))
}

/// 签到表 (DOCX).
pub fn export_sign_in_sheet(meeting_id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(MeetingExport::SignInSheet.path(meeting_id))
}

/// 会议纪要 (DOCX); marked 未定稿 until the meeting is concluded.
pub fn export_minutes(meeting_id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(MeetingExport::Minutes.path(meeting_id))
}

/// 研判意见报送情况 (XLSX); overseers only.
pub fn export_submission_tracker(meeting_id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(MeetingExport::SubmissionTracker.path(meeting_id))
}

/// 出席情况 (XLSX).
pub fn export_attendance(meeting_id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(MeetingExport::Attendance.path(meeting_id))
}

/// 单位材料 (ZIP); a unit representative gets its own unit's only.
pub fn export_materials(meeting_id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(MeetingExport::Materials.path(meeting_id))
}

/// Any of the six by kind (what a list of download buttons iterates over).
pub fn export_meeting_document(
    meeting_id: Uuid,
    document: MeetingExport,
) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(document.path(meeting_id))
}

// --- conclusions -----------------------------------------------------------------------------

pub fn list_conclusions(meeting_id: Uuid) -> Req<Vec<Conclusion>> {
    Req::items(format!("/meetings/{meeting_id}/conclusions"))
}

pub fn create_conclusion(meeting_id: Uuid, body: &CreateConclusion) -> Req<Tagged<Conclusion>> {
    Req::tagged(
        Post,
        format!("/meetings/{meeting_id}/conclusions"),
        Body::json(body),
    )
}

pub fn get_conclusion(id: Uuid) -> Req<Tagged<Conclusion>> {
    Req::tagged(Get, format!("/conclusions/{id}"), Body::None)
}

pub fn update_conclusion(id: Uuid, etag: &str, body: &UpdateConclusion) -> Req<Tagged<Conclusion>> {
    Req::tagged(Patch, format!("/conclusions/{id}"), Body::json(body)).if_match(etag)
}

pub fn delete_conclusion(id: Uuid, etag: &str) -> Req<()> {
    Req::empty(Delete, format!("/conclusions/{id}"), Body::None).if_match(etag)
}

pub fn adopt_conclusion(id: Uuid) -> Req<Tagged<Conclusion>> {
    Req::tagged(Post, format!("/conclusions/{id}/adopt"), Body::None)
}

// --- escalations -----------------------------------------------------------------------------

pub fn list_escalations(q: &EscalationQuery, page: PageParams) -> Req<Page<Escalation>> {
    Req::list("/escalations", q, page)
}

pub fn get_escalation(id: Uuid) -> Req<Tagged<Escalation>> {
    Req::tagged(Get, format!("/escalations/{id}"), Body::None)
}

pub fn create_escalation(body: &CreateEscalation) -> Req<Tagged<Escalation>> {
    Req::tagged(Post, "/escalations", Body::json(body))
}

pub fn review_escalation(id: Uuid, accept: bool, note: &str) -> Req<Tagged<Escalation>> {
    let body = EscalationReview {
        accept,
        note: note.into(),
    };
    Req::tagged(Post, format!("/escalations/{id}/review"), Body::json(&body))
}

pub fn schedule_escalation(id: Uuid, level1_meeting_id: Uuid) -> Req<Tagged<Escalation>> {
    Req::tagged(
        Post,
        format!("/escalations/{id}/schedule"),
        Body::json(&ScheduleEscalation { level1_meeting_id }),
    )
}

pub fn resolve_escalation(id: Uuid, outcome: &str) -> Req<Tagged<Escalation>> {
    resolve_escalation_with(
        id,
        &ResolveEscalation {
            outcome: outcome.into(),
            responsible_unit_id: None,
            deadline: None,
        },
    )
}

/// Resolve with the unit that carries the outcome out and its deadline (a supervision task).
pub fn resolve_escalation_with(id: Uuid, body: &ResolveEscalation) -> Req<Tagged<Escalation>> {
    Req::tagged(Post, format!("/escalations/{id}/resolve"), Body::json(body))
}

// --- calendar and search ---------------------------------------------------------------------

pub fn list_calendar_days(year: Option<i32>) -> Req<Vec<CalendarDay>> {
    match year {
        Some(y) => Req::items(format!("/calendar-days?year={y}")),
        None => Req::items("/calendar-days"),
    }
}

pub fn create_calendar_day(body: &CreateCalendarDay) -> Req<Tagged<CalendarDay>> {
    Req::tagged(Post, "/calendar-days", Body::json(body))
}

pub fn delete_calendar_day(date: NaiveDate, etag: &str) -> Req<()> {
    Req::empty(Delete, format!("/calendar-days/{date}"), Body::None).if_match(etag)
}

/// A private iCalendar address (its `path` is fetched without a bearer token).
pub fn issue_calendar_feed() -> Req<CalendarFeed> {
    Req::json(Post, "/me/calendar-feed", Body::None)
}

pub fn revoke_calendar_feed() -> Req<()> {
    Req::empty(Delete, "/me/calendar-feed", Body::None)
}

pub fn search(q: &SearchQuery, page: PageParams) -> Req<Page<SearchHit>> {
    Req::list("/search", q, page)
}

// --- cases and the analysis room --------------------------------------------------------------

/// Pushes a batch of the platform's cases (service accounts with `cases_write`).
pub fn intake_cases(body: &CaseBatch) -> Req<IntakeReport> {
    Req::json(Post, "/cases/batch", Body::json(body))
}

/// Pushes a batch as raw JSON (records that may not fit `CaseRecord`, as a script may send).
pub fn intake_cases_raw(body: &serde_json::Value) -> Req<IntakeReport> {
    Req::json(Post, "/cases/batch", Body::json(body))
}

pub fn list_cases(q: &CaseQuery, page: PageParams) -> Req<Page<Case>> {
    Req::list("/cases", q, page)
}

pub fn get_case(case_number: &str) -> Req<Tagged<Case>> {
    Req::tagged(
        Get,
        format!("/cases/{}", path_segment(case_number)),
        Body::None,
    )
}

pub fn list_case_categories() -> Req<Vec<CaseCategory>> {
    Req::items("/case-categories")
}

pub fn create_case_category(body: &CreateCaseCategory) -> Req<Tagged<CaseCategory>> {
    Req::tagged(Post, "/case-categories", Body::json(body))
}

pub fn update_case_category(
    id: Uuid,
    etag: &str,
    body: &UpdateCaseCategory,
) -> Req<Tagged<CaseCategory>> {
    Req::tagged(Patch, format!("/case-categories/{id}"), Body::json(body)).if_match(etag)
}

pub fn analysis_overview(q: &AnalysisQuery) -> Req<Overview> {
    Req::query("/analysis/overview", q)
}

pub fn analysis_repeated_demands(q: &AnalysisQuery, r: &RepeatQuery) -> Req<RepeatedDemands> {
    #[derive(serde::Serialize)]
    struct Q<'a> {
        #[serde(flatten)]
        q: &'a AnalysisQuery,
        #[serde(flatten)]
        r: &'a RepeatQuery,
    }
    Req::query("/analysis/repeated-demands", &Q { q, r })
}

pub fn analysis_poor_disposal(q: &AnalysisQuery) -> Req<PoorDisposal> {
    Req::query("/analysis/poor-disposal", q)
}

pub fn analysis_satisfaction(q: &AnalysisQuery) -> Req<SatisfactionAnalysis> {
    Req::query("/analysis/satisfaction", q)
}

pub fn analysis_unit_ranking(q: &AnalysisQuery) -> Req<UnitRanking> {
    Req::query("/analysis/unit-ranking", q)
}

pub fn agenda_draft(meeting_id: Uuid) -> Req<AgendaDraft> {
    Req::get(format!("/meetings/{meeting_id}/agenda-draft"))
}

pub fn list_topic_proposals(q: &TopicProposalQuery, page: PageParams) -> Req<Page<TopicProposal>> {
    Req::list("/topic-proposals", q, page)
}

pub fn detect_hot_issues(as_of: Option<NaiveDate>) -> Req<Detection> {
    let path = match as_of {
        Some(d) => format!("/topic-proposals/detect?as_of={d}"),
        None => "/topic-proposals/detect".to_owned(),
    };
    Req::json(Post, path, Body::None)
}

pub fn get_topic_proposal(id: Uuid) -> Req<Tagged<TopicProposal>> {
    Req::tagged(Get, format!("/topic-proposals/{id}"), Body::None)
}

pub fn accept_topic_proposal(id: Uuid, body: &AcceptTopicProposal) -> Req<Tagged<TopicProposal>> {
    Req::tagged(
        Post,
        format!("/topic-proposals/{id}/accept"),
        Body::json(body),
    )
}

pub fn dismiss_topic_proposal(id: Uuid, body: &DismissTopicProposal) -> Req<Tagged<TopicProposal>> {
    Req::tagged(
        Post,
        format!("/topic-proposals/{id}/dismiss"),
        Body::json(body),
    )
}

pub fn analysis_trend(q: &TrendQuery) -> Req<Trend> {
    Req::query("/analysis/trend", q)
}

pub fn analysis_hot_issues(as_of: Option<NaiveDate>) -> Req<HotIssues> {
    Req::query("/analysis/hot-issues", &HotIssueQuery { as_of })
}

/// Percent-encodes a path segment (everything but unreserved characters).
fn path_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// --- briefings (Art. 7) -------------------------------------------------------------------------

pub fn list_briefings(q: &BriefingQuery, page: PageParams) -> Req<Page<Briefing>> {
    Req::list("/briefings", q, page)
}

pub fn create_briefing(body: &CreateBriefing) -> Req<Tagged<Briefing>> {
    Req::tagged(Post, "/briefings", Body::json(body))
}

pub fn get_briefing(id: Uuid) -> Req<Tagged<Briefing>> {
    Req::tagged(Get, format!("/briefings/{id}"), Body::None)
}

pub fn update_briefing(id: Uuid, etag: &str, body: &UpdateBriefing) -> Req<Tagged<Briefing>> {
    Req::tagged(Patch, format!("/briefings/{id}"), Body::json(body)).if_match(etag)
}

pub fn delete_briefing(id: Uuid, etag: &str) -> Req<()> {
    Req::empty(Delete, format!("/briefings/{id}"), Body::None).if_match(etag)
}

/// Submit for review (`in_review`), send back (`draft`, with a reason) or issue (`issued`).
pub fn transition_briefing(
    id: Uuid,
    to: BriefingStatus,
    reason: Option<&str>,
) -> Req<Tagged<Briefing>> {
    let body = BriefingTransition {
        to,
        reason: reason.map(str::to_owned),
    };
    Req::tagged(
        Post,
        format!("/briefings/{id}/transitions"),
        Body::json(&body),
    )
}

pub fn publish_briefing(id: Uuid) -> Req<Tagged<Briefing>> {
    Req::tagged(Post, format!("/briefings/{id}/publish"), Body::None)
}

/// 已阅, for the caller's unit.
pub fn acknowledge_briefing(id: Uuid) -> Req<Tagged<Briefing>> {
    Req::tagged(Post, format!("/briefings/{id}/acknowledge"), Body::None)
}

/// The briefing as an official document (DOCX).
pub fn export_briefing(id: Uuid) -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes(format!("/briefings/{id}/document"))
}

/// Published briefings; no sign-in needed.
pub fn list_public_briefings(page: PageParams) -> Req<Page<PublicBriefing>> {
    Req::list("/public/briefings", &[] as &[(&str, &str)], page)
}

/// A published briefing; no sign-in needed.
pub fn get_public_briefing(id: Uuid) -> Req<PublicBriefing> {
    Req::get(format!("/public/briefings/{id}"))
}

/// The Atom feed of published briefings (its bytes and content type); no sign-in needed.
pub fn public_briefings_feed() -> Req<(Vec<u8>, Option<String>)> {
    Req::bytes("/public/briefings.atom")
}

// --- supervision tasks (Art. 8.4) ---------------------------------------------------------------

pub fn list_supervision_tasks(q: &TaskQuery, page: PageParams) -> Req<Page<SupervisionTask>> {
    Req::list("/supervision-tasks", q, page)
}

pub fn get_supervision_task(id: Uuid) -> Req<Tagged<SupervisionTask>> {
    Req::tagged(Get, format!("/supervision-tasks/{id}"), Body::None)
}

/// Take up (`in_progress`), report (`done`, the report in `note`), verify (`verified`) or return
/// (`in_progress` from done, the reason in `note`).
pub fn transition_supervision_task(
    id: Uuid,
    to: TaskStatus,
    note: Option<&str>,
) -> Req<Tagged<SupervisionTask>> {
    let body = TaskTransition {
        to,
        note: note.map(str::to_owned),
        attachment_ids: vec![],
    };
    transition_supervision_task_with(id, &body)
}

/// A task's move as given (a report with its files in `attachment_ids`).
pub fn transition_supervision_task_with(
    id: Uuid,
    body: &TaskTransition,
) -> Req<Tagged<SupervisionTask>> {
    Req::tagged(
        Post,
        format!("/supervision-tasks/{id}/transitions"),
        Body::json(body),
    )
}

/// Uploads a file for a task's report (multipart/form-data, part `file`).
pub fn upload_task_attachment(
    task_id: Uuid,
    filename: &str,
    content_type: &str,
    data: Vec<u8>,
) -> Req<Attachment> {
    let body = Body::File {
        filename: filename.to_owned(),
        content_type: content_type.to_owned(),
        data,
    };
    Req::json(
        Post,
        format!("/supervision-tasks/{task_id}/attachments"),
        body,
    )
}

// --- accountability referrals (Art. 8.4) --------------------------------------------------------

pub fn list_referrals(q: &ReferralQuery, page: PageParams) -> Req<Page<Referral>> {
    Req::list("/referrals", q, page)
}

pub fn create_referral(body: &CreateReferral) -> Req<Tagged<Referral>> {
    Req::tagged(Post, "/referrals", Body::json(body))
}

pub fn get_referral(id: Uuid) -> Req<Tagged<Referral>> {
    Req::tagged(Get, format!("/referrals/{id}"), Body::None)
}

pub fn accept_referral(id: Uuid) -> Req<Tagged<Referral>> {
    Req::tagged(Post, format!("/referrals/{id}/accept"), Body::None)
}

pub fn close_referral(id: Uuid, body: &CloseReferral) -> Req<Tagged<Referral>> {
    Req::tagged(Post, format!("/referrals/{id}/close"), Body::json(body))
}

// --- the annual assessment (Art. 11) ------------------------------------------------------------

pub fn get_assessment_rule(year: i32) -> Req<Tagged<VersionedRule>> {
    Req::tagged(Get, format!("/assessments/{year}/rule"), Body::None)
}

pub fn set_assessment_rule(year: i32, rule: &AssessmentRule) -> Req<Tagged<VersionedRule>> {
    Req::tagged(Put, format!("/assessments/{year}/rule"), Body::json(rule))
}

pub fn get_assessment(year: i32, quarter: Option<u8>) -> Req<Assessment> {
    Req::query(
        &format!("/assessments/{year}"),
        &AssessmentQuery { quarter },
    )
}

pub fn get_assessment_unit(year: i32, unit_id: Uuid, quarter: Option<u8>) -> Req<AssessmentDetail> {
    Req::query(
        &format!("/assessments/{year}/units/{unit_id}"),
        &AssessmentQuery { quarter },
    )
}

/// The ranking as a file (XLSX or CSV): its bytes and content type.
pub fn export_assessment(
    year: i32,
    quarter: Option<u8>,
    format: TableFormat,
) -> Req<(Vec<u8>, Option<String>)> {
    let q = match quarter {
        Some(q) => format!("&quarter={q}"),
        None => String::new(),
    };
    Req::bytes(format!("/assessments/{year}/export?format={format}{q}"))
}

pub fn publish_assessment(year: i32) -> Req<Assessment> {
    Req::json(Post, format!("/assessments/{year}/publish"), Body::None)
}

// --- notifications and the outbox ---------------------------------------------------------------

pub fn list_notifications(q: &NotificationQuery, page: PageParams) -> Req<Page<Notification>> {
    Req::list("/notifications", q, page)
}

pub fn unread_notifications() -> Req<UnreadCount> {
    Req::get("/notifications/unread-count")
}

pub fn read_notification(id: Uuid) -> Req<Notification> {
    Req::json(Post, format!("/notifications/{id}/read"), Body::None)
}

pub fn read_all_notifications() -> Req<UnreadCount> {
    Req::json(Post, "/notifications/read-all", Body::None)
}

pub fn list_outbox(q: &OutboxQuery) -> Req<Vec<OutboxEvent>> {
    Req::query("/outbox", q)
}

pub fn list_changes(q: &ChangeQuery) -> Req<ChangeFeed> {
    Req::query("/changes", q)
}

// --- special supervision (专项督查) ------------------------------------------------------------

pub fn list_inspections(page: PageParams) -> Req<Page<Inspection>> {
    Req::list("/inspections", &[] as &[(&str, &str)], page)
}

pub fn create_inspection(body: &CreateInspection) -> Req<Tagged<Inspection>> {
    Req::tagged(Post, "/inspections", Body::json(body))
}

pub fn get_inspection(id: Uuid) -> Req<Tagged<Inspection>> {
    Req::tagged(Get, format!("/inspections/{id}"), Body::None)
}

pub fn record_inspection_finding(
    id: Uuid,
    task_id: Uuid,
    body: &RecordFinding,
) -> Req<Tagged<Inspection>> {
    Req::tagged(
        Put,
        format!("/inspections/{id}/tasks/{task_id}"),
        Body::json(body),
    )
}

// --- webhooks ----------------------------------------------------------------------------------

pub fn list_webhooks(page: PageParams) -> Req<Page<WebhookEndpoint>> {
    Req::list("/webhooks", &[] as &[(&str, &str)], page)
}

pub fn create_webhook(body: &CreateWebhook) -> Req<Tagged<WebhookCreated>> {
    Req::tagged(Post, "/webhooks", Body::json(body))
}

pub fn get_webhook(id: Uuid) -> Req<Tagged<WebhookEndpoint>> {
    Req::tagged(Get, format!("/webhooks/{id}"), Body::None)
}

pub fn update_webhook(id: Uuid, etag: &str, body: &UpdateWebhook) -> Req<Tagged<WebhookEndpoint>> {
    Req::tagged(Patch, format!("/webhooks/{id}"), Body::json(body)).if_match(etag)
}

pub fn delete_webhook(id: Uuid, etag: &str) -> Req<()> {
    Req::empty(Delete, format!("/webhooks/{id}"), Body::None).if_match(etag)
}

pub fn list_webhook_deliveries(
    id: Uuid,
    q: &DeliveryQuery,
    page: PageParams,
) -> Req<Page<WebhookDelivery>> {
    Req::list(&format!("/webhooks/{id}/deliveries"), q, page)
}

pub fn get_webhook_delivery(id: Uuid) -> Req<WebhookDelivery> {
    Req::get(format!("/webhook-deliveries/{id}"))
}

pub fn redeliver_webhook_delivery(id: Uuid) -> Req<WebhookDelivery> {
    Req::json(
        Post,
        format!("/webhook-deliveries/{id}/redeliver"),
        Body::None,
    )
}
