//! `/inspections`: special supervision (专项督查, Art. 8.4) of groups of supervision tasks.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{CreateInspection, Inspection, PageParams, Problem, RecordFinding};

use super::{created, in_tx, with_etag};
use crate::auth::{Organisers, People};
use crate::error::ApiResult;
use crate::http::{Authed, ValidJson, ValidQuery, paged};
use crate::services::inspections;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_inspections)
        .service(create_inspection)
        .service(get_inspection)
        .service(record_inspection_finding);
}

/// Special supervisions, the newest first; a unit's representative sees those that check its
/// unit's tasks, and only those tasks.
#[utoipa::path(tag = "supervision", params(PageParams), responses(
    (status = 200, description = "A page of inspections", body = yanpan_types::Page<Inspection>),
))]
#[get("/inspections")]
pub async fn list_inspections(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<People>,
    page: ValidQuery<PageParams>,
) -> ApiResult<HttpResponse> {
    Ok(paged(
        &req,
        inspections::list(&state.db, &who, *page).await?,
    ))
}

/// Start a special supervision of a group of tasks (organisers).
#[utoipa::path(tag = "supervision", request_body = CreateInspection, responses(
    (status = 201, description = "Started", body = Inspection, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/inspections")]
pub async fn create_inspection(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    body: ValidJson<CreateInspection>,
) -> ApiResult<HttpResponse> {
    let i = in_tx(&state, async |tx| {
        inspections::create(tx, &who, &body).await
    })
    .await?;
    Ok(created(
        format!("{}/inspections/{}", yanpan_types::API_PREFIX, i.id),
        &i,
        i.version,
    ))
}

/// One special supervision with its tasks and findings.
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The inspection", body = Inspection, headers(("ETag" = String))),
    (status = 404, description = "No such inspection, or none of the caller's unit's tasks in it", body = Problem, content_type = "application/problem+json"),
))]
#[get("/inspections/{id}")]
pub async fn get_inspection(
    state: web::Data<AppState>,
    who: Authed<People>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let i = inspections::get(&state.db, &who, *id).await?;
    Ok(with_etag(StatusCode::OK, &i, i.version))
}

/// Record (or correct) what the inspection found on one of its tasks (organisers).
#[utoipa::path(tag = "supervision", params(("id" = Uuid, Path), ("task_id" = Uuid, Path)), request_body = RecordFinding, responses(
    (status = 200, description = "Recorded", body = Inspection, headers(("ETag" = String))),
    (status = 404, description = "No such inspection, or the task is not in it", body = Problem, content_type = "application/problem+json"),
))]
#[put("/inspections/{id}/tasks/{task_id}")]
pub async fn record_inspection_finding(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    path: web::Path<(Uuid, Uuid)>,
    body: ValidJson<RecordFinding>,
) -> ApiResult<HttpResponse> {
    let (id, task) = *path;
    let i = in_tx(&state, async |tx| {
        inspections::record_finding(tx, &who, id, task, &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &i, i.version))
}
