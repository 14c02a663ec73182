//! `/meetings`: meetings with their transitions, readiness, participants and attendance,
//! agenda, submissions (and one by id) and the submission tracker, conclusions; and `/cadence`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::*;

use super::{created, in_tx, with_etag};
use crate::auth::{MeetingReaders, Organisers, Overseers, UnitReps};
use crate::error::ApiResult;
use crate::http::Authed;
use crate::http::whole;
use crate::http::{IfMatch, OptionalIfMatch, ValidJson, ValidQuery, paged};
use crate::services::{agenda, conclusions, meetings, submissions};
use crate::state::AppState;
use crate::store;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_meetings)
        .service(create_meeting)
        .service(get_meeting)
        .service(update_meeting)
        .service(transition_meeting)
        .service(get_readiness)
        .service(list_participants)
        .service(add_participant)
        .service(remove_participant)
        .service(record_attendance)
        .service(record_attendance_batch)
        .service(list_agenda)
        .service(create_agenda_item)
        .service(reorder_agenda)
        .service(list_submissions)
        .service(create_submission)
        .service(submission_tracker)
        .service(get_submission)
        .service(list_conclusions)
        .service(create_conclusion)
        .service(get_cadence);
}

fn lead_days(state: &AppState) -> u32 {
    state.settings.workflow.submission_lead_working_days
}

/// List meetings (a unit representative sees only its unit's).
#[utoipa::path(tag = "meetings", params(PageParams, MeetingQuery), responses((status = 200, description = "A page of meeting summaries (the long texts come with the meeting itself)", body = Page<MeetingSummary>)))]
#[get("/meetings")]
pub async fn list_meetings(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<MeetingQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(
        &req,
        meetings::list(&state.db, &who, &q, *page).await?,
    ))
}

/// Create a meeting: `regular` needs its month, `special_topic` its trigger and reason.
#[utoipa::path(tag = "meetings", request_body = CreateMeeting, responses(
    (status = 201, description = "Created as draft", body = MeetingDetail, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/meetings")]
pub async fn create_meeting(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    body: ValidJson<CreateMeeting>,
) -> ApiResult<HttpResponse> {
    let d = in_tx(&state, async |tx| {
        meetings::create(tx, &who, lead_days(&state), &body).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/meetings/{}", d.meeting.id),
        &d,
        d.meeting.version,
    ))
}

/// A meeting with its agenda and participants; the `ETag` is the meeting's version.
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The meeting", body = MeetingDetail, headers(("ETag" = String))),
))]
#[get("/meetings/{id}")]
pub async fn get_meeting(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let d = meetings::detail(&state.db, &who, *id).await?;
    Ok(with_etag(StatusCode::OK, &d, d.meeting.version))
}

/// Change a meeting's details, preliminary analysis, main reporter or minutes (until concluded).
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path)), request_body = UpdateMeeting, responses(
    (status = 200, description = "Changed", body = Meeting, headers(("ETag" = String))),
    (status = 409, description = "The meeting is concluded, reported or cancelled", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/meetings/{id}")]
pub async fn update_meeting(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateMeeting>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let m = in_tx(&state, async |tx| {
        meetings::update(tx, &who, *id, if_match.expected(), &body, lead_days(&state)).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &m, m.version))
}

/// Move the meeting to another state. Starting needs readiness; concluding needs minutes, an
/// adopted conclusion and a decision on every `poor_disposal` item; cancelling needs a reason.
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the meeting's ETag")), request_body = TransitionRequest, responses(
    (status = 200, description = "Moved", body = Meeting, headers(("ETag" = String))),
    (status = 409, description = "Not allowed from the current state (see `allowed`) or preconditions unmet", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/meetings/{id}/transitions")]
pub async fn transition_meeting(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<TransitionRequest>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let m = in_tx(&state, async |tx| {
        meetings::transition(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &m, m.version))
}

/// What is missing before the meeting may start: agenda, main reporter, preliminary analysis.
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path)), responses((status = 200, description = "Readiness", body = Readiness)))]
#[get("/meetings/{id}/readiness")]
pub async fn get_readiness(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let m = store::meetings::visible(&state.db, &who, *id).await?;
    Ok(HttpResponse::Ok().json(meetings::readiness(&state.db, &m).await?))
}

/// The participating units and their attendance.
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path)), responses((status = 200, description = "Participants", body = Page<Participant>)))]
#[get("/meetings/{id}/participants")]
pub async fn list_participants(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    store::meetings::visible(&state.db, &who, *id).await?;
    Ok(whole(&req, meetings::participants(&state.db, *id).await?))
}

/// Invite a unit (or add a convening unit).
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path)), request_body = AddParticipant, responses(
    (status = 201, description = "Added", body = Participant, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/meetings/{id}/participants")]
pub async fn add_participant(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<AddParticipant>,
) -> ApiResult<HttpResponse> {
    let p = in_tx(&state, async |tx| {
        meetings::add_participant(tx, &who, *id, &body).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/meetings/{}/participants/{}", *id, p.unit_id),
        &p,
        p.version,
    ))
}

/// Remove a unit from the meeting.
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path), ("unit_id" = Uuid, Path)), responses((status = 204, description = "Removed")))]
#[delete("/meetings/{id}/participants/{unit_id}")]
pub async fn remove_participant(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    path: web::Path<(Uuid, Uuid)>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let (id, unit) = path.into_inner();
    in_tx(&state, async |tx| {
        meetings::remove_participant(tx, &who, id, unit, if_match.expected()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Record a unit's attendance while the meeting is in progress (excused needs a reason).
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path), ("unit_id" = Uuid, Path)), request_body = RecordAttendance, responses(
    (status = 200, description = "Recorded", body = Participant, headers(("ETag" = String))),
    (status = 409, description = "The meeting is not in progress", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/meetings/{id}/participants/{unit_id}")]
pub async fn record_attendance(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<RecordAttendance>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let (id, unit) = path.into_inner();
    let p = in_tx(&state, async |tx| {
        meetings::record_attendance(tx, &who, id, unit, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &p, p.version))
}

/// Record the attendance of several participating units at once while the meeting is in
/// progress: all entries are checked first (every invalid one is named, e.g.
/// `entries[2].reason`), then all are saved or none. Answers every participant.
#[utoipa::path(tag = "meetings", params(("id" = Uuid, Path)), request_body = RecordAttendanceBatch, responses(
    (status = 200, description = "Recorded: every participant of the meeting", body = Vec<Participant>),
    (status = 409, description = "The meeting is not in progress", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "An entry's `version` is not the participant's current one; nothing was saved", body = Problem, content_type = "application/problem+json"),
))]
#[put("/meetings/{id}/attendance")]
pub async fn record_attendance_batch(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<RecordAttendanceBatch>,
) -> ApiResult<HttpResponse> {
    let list = in_tx(&state, async |tx| {
        meetings::record_attendance_batch(tx, &who, *id, &body).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The agenda, grouped in the five categories' fixed order.
#[utoipa::path(tag = "agenda", params(("id" = Uuid, Path)), responses((status = 200, description = "Agenda items", body = Page<AgendaItem>)))]
#[get("/meetings/{id}/agenda-items")]
pub async fn list_agenda(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    store::meetings::visible(&state.db, &who, *id).await?;
    Ok(whole(&req, agenda::list(&state.db, *id).await?))
}

/// Add an agenda item in one of the five categories.
#[utoipa::path(tag = "agenda", params(("id" = Uuid, Path)), request_body = CreateAgendaItem, responses(
    (status = 201, description = "Added", body = AgendaItem, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/meetings/{id}/agenda-items")]
pub async fn create_agenda_item(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<CreateAgendaItem>,
) -> ApiResult<HttpResponse> {
    let item = in_tx(&state, async |tx| {
        agenda::create(tx, &who, *id, &body).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/agenda-items/{}", item.id),
        &item,
        item.version,
    ))
}

/// Reorder the agenda: every item id once, in the new order.
#[utoipa::path(tag = "agenda", params(("id" = Uuid, Path)), request_body = ReorderAgenda, responses((status = 200, description = "The agenda in its new order", body = Vec<AgendaItem>)))]
#[post("/meetings/{id}/agenda-items/reorder")]
pub async fn reorder_agenda(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<ReorderAgenda>,
) -> ApiResult<HttpResponse> {
    let items = in_tx(&state, async |tx| {
        agenda::reorder(tx, &who, *id, &body).await
    })
    .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Submissions of the meeting, every version, newest first (a unit representative sees its own).
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), responses((status = 200, description = "Submissions", body = Page<Submission>)))]
#[get("/meetings/{id}/submissions")]
pub async fn list_submissions(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    store::meetings::visible(&state.db, &who, *id).await?;
    Ok(whole(&req, submissions::list(&state.db, &who, *id).await?))
}

/// Submit (or resubmit, as a new version) the unit's analysis opinion before the meeting starts.
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), request_body = CreateSubmission, responses(
    (status = 201, description = "Submitted", body = Submission, headers(("Location" = String))),
    (status = 409, description = "Submissions are closed: the meeting has started", body = Problem, content_type = "application/problem+json"),
))]
#[post("/meetings/{id}/submissions")]
pub async fn create_submission(
    state: web::Data<AppState>,
    who: Authed<UnitReps>,
    id: web::Path<Uuid>,
    body: ValidJson<CreateSubmission>,
) -> ApiResult<HttpResponse> {
    let s = in_tx(&state, async |tx| {
        submissions::submit(tx, &who, *id, &body).await
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/submissions/{}", s.id)))
        .json(s))
}

/// Who submitted on time, who was late, who is missing.
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), responses((status = 200, description = "Per invited unit", body = Page<SubmissionTrackerRow>)))]
#[get("/meetings/{id}/submission-tracker")]
pub async fn submission_tracker(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<Overseers>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(whole(&req, submissions::tracker(&state.db, *id).await?))
}

/// One submission version (a unit representative reads only its own unit's).
#[utoipa::path(tag = "submissions", params(("id" = Uuid, Path)), responses((status = 200, description = "The submission", body = Submission)))]
#[get("/submissions/{id}")]
pub async fn get_submission(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(submissions::get(&state.db, &who, *id).await?))
}

/// The meeting's conclusions, drafts and adopted, corrections beside what they supersede.
#[utoipa::path(tag = "conclusions", params(("id" = Uuid, Path)), responses((status = 200, description = "Conclusions", body = Page<Conclusion>)))]
#[get("/meetings/{id}/conclusions")]
pub async fn list_conclusions(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    store::meetings::visible(&state.db, &who, *id).await?;
    Ok(whole(&req, conclusions::list(&state.db, *id).await?))
}

/// Draft a conclusion, optionally about one agenda item and with recommendations.
#[utoipa::path(tag = "conclusions", params(("id" = Uuid, Path)), request_body = CreateConclusion, responses(
    (status = 201, description = "Drafted", body = Conclusion, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/meetings/{id}/conclusions")]
pub async fn create_conclusion(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<CreateConclusion>,
) -> ApiResult<HttpResponse> {
    let c = in_tx(&state, async |tx| {
        conclusions::create(tx, &who, *id, &body).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/conclusions/{}", c.id),
        &c,
        c.version,
    ))
}

/// The year's cadence: each month's regular meeting(s), months missing one, special topics.
#[utoipa::path(tag = "meetings", params(CadenceQuery), responses((status = 200, description = "The cadence", body = Cadence)))]
#[get("/cadence")]
pub async fn get_cadence(
    state: web::Data<AppState>,
    _who: Authed<MeetingReaders>,
    q: ValidQuery<CadenceQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(meetings::cadence(&state.db, q.year).await?))
}
