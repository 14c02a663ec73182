//! `/supervision-tasks`: the recommendations of adopted conclusions followed up with their
//! responsible units (Art. 8.4).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{Attachment, PageParams, Problem, SupervisionTask, TaskQuery, TaskTransition};

use super::{in_tx, with_etag};
use crate::auth::{AnyRole, TaskMovers, UnitReps};
use crate::error::ApiResult;
use crate::http::{Authed, OptionalIfMatch, ValidJson, ValidQuery, paged};
use crate::services::supervision;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_supervision_tasks)
        .service(get_supervision_task)
        .service(transition_supervision_task)
        .service(upload_task_attachment);
}

/// Supervision tasks, the earliest due first, each with its history; a unit's representative
/// sees only its unit's. `overdue=true` lists those still open or in progress after the day
/// they were due (Beijing time, the working-day calendar).
#[utoipa::path(tag = "supervision", params(PageParams, TaskQuery), responses(
    (status = 200, description = "A page of tasks", body = yanpan_types::Page<SupervisionTask>),
))]
#[get("/supervision-tasks")]
pub async fn list_supervision_tasks(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<AnyRole>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<TaskQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(
        &req,
        supervision::list(&state.db, &who, &q, *page).await?,
    ))
}

/// One task with its history.
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The task", body = SupervisionTask, headers(("ETag" = String))),
    (status = 404, description = "No such task, or not the caller's unit's", body = Problem, content_type = "application/problem+json"),
))]
#[get("/supervision-tasks/{id}")]
pub async fn get_supervision_task(
    state: web::Data<AppState>,
    who: Authed<AnyRole>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let t = supervision::get(&state.db, &who, *id).await?;
    Ok(with_etag(StatusCode::OK, &t, t.version))
}

/// Move a task: the responsible unit's representative takes it up (`in_progress`) and reports
/// it `done` (with its report in `note`); the command center (analyst) `verified`s it or returns
/// it to `in_progress` with a reason in `note` (counted in `returned_count`). A report may carry
/// files uploaded for the task before (`attachment_ids`).
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the task's ETag")), request_body = TaskTransition, responses(
    (status = 200, description = "Moved", body = SupervisionTask, headers(("ETag" = String))),
    (status = 404, description = "No such task, or not the caller's unit's", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Not a move from its state", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "A report without its text, or naming a file not uploaded for this task", body = Problem, content_type = "application/problem+json"),
))]
#[post("/supervision-tasks/{id}/transitions")]
pub async fn transition_supervision_task(
    state: web::Data<AppState>,
    who: Authed<TaskMovers>,
    id: web::Path<Uuid>,
    body: ValidJson<TaskTransition>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let t = in_tx(&state, async |tx| {
        supervision::transition(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &t, t.version))
}

/// Upload a file for the task's report (its unit's representative, while the task is open or in
/// progress); report with it by naming it in `attachment_ids`. Download it at
/// `/attachments/{id}/content`. The same bytes uploaded again give the stored file back (200).
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path)), request_body(content = super::attachments::UploadForm, content_type = "multipart/form-data"), responses(
    (status = 201, description = "Stored", body = Attachment, headers(("Location" = String))),
    (status = 200, description = "The same bytes were uploaded for this task's unit and meeting before: that file; nothing is stored", body = Attachment, headers(("Location" = String))),
    (status = 403, description = "Not the task's unit", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such task, or not the caller's unit's", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "The task is done or closed: its report no longer changes", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "Larger than the upload limit", body = Problem, content_type = "application/problem+json"),
    (status = 415, description = "A type outside the allow-list, or content that is not what it says", body = Problem, content_type = "application/problem+json"),
))]
#[post("/supervision-tasks/{id}/attachments")]
pub async fn upload_task_attachment(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<UnitReps>,
    id: web::Path<Uuid>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let limit = state.settings.server.upload_limit_bytes;
    let (filename, content_type, data) =
        super::attachments::read_upload(&req, payload, limit).await?;
    let (a, created) = in_tx(&state, async |tx| {
        supervision::upload(tx, &who, *id, &filename, &content_type, data).await
    })
    .await?;
    let mut res = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(res
        .insert_header(("Location", format!("/api/v1/attachments/{}", a.id)))
        .json(a))
}
