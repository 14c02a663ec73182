//! `/escalations`: the queue of requests to the level-1 supervision meeting and their course.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::*;

use super::{created, in_tx, with_etag};
use crate::auth::{Conveners, Organisers, Overseers};
use crate::error::ApiResult;
use crate::http::Authed;
use crate::http::{OptionalIfMatch, ValidJson, ValidQuery, paged};
use crate::services::escalations;
use crate::state::AppState;
use crate::store;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_escalations)
        .service(create_escalation)
        .service(get_escalation)
        .service(review_escalation)
        .service(schedule_escalation)
        .service(resolve_escalation);
}

/// The escalation queue, oldest first (filter `status=pending` for what awaits a decision).
#[utoipa::path(tag = "escalations", params(PageParams, EscalationQuery), responses((status = 200, description = "A page of escalations", body = Page<Escalation>)))]
#[get("/escalations")]
pub async fn list_escalations(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<Overseers>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<EscalationQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, escalations::list(&state.db, &q, *page).await?))
}

/// Raise an escalation from an agenda item or a conclusion, with the reason.
#[utoipa::path(tag = "escalations", request_body = CreateEscalation, responses(
    (status = 201, description = "Raised (pending)", body = Escalation, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/escalations")]
pub async fn create_escalation(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    body: ValidJson<CreateEscalation>,
) -> ApiResult<HttpResponse> {
    let e = in_tx(&state, async |tx| {
        escalations::insert(tx, &who, &body).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/escalations/{}", e.id),
        &e,
        e.version,
    ))
}

/// One escalation.
#[utoipa::path(tag = "escalations", params(("id" = Uuid, Path)), responses((status = 200, description = "The escalation", body = Escalation, headers(("ETag" = String)))))]
#[get("/escalations/{id}")]
pub async fn get_escalation(
    state: web::Data<AppState>,
    _who: Authed<Overseers>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let e = escalations::to_dto(&state.db, store::escalations::find(&state.db, *id).await?).await?;
    Ok(with_etag(StatusCode::OK, &e, e.version))
}

/// Accept or reject a pending escalation, with a note (conveners).
#[utoipa::path(tag = "escalations", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the escalation's ETag")), request_body = EscalationReview, responses(
    (status = 200, description = "Decided", body = Escalation, headers(("ETag" = String))),
    (status = 409, description = "Not pending (see `allowed`)", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/escalations/{id}/review")]
pub async fn review_escalation(
    state: web::Data<AppState>,
    who: Authed<Conveners>,
    id: web::Path<Uuid>,
    body: ValidJson<EscalationReview>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let e = in_tx(&state, async |tx| {
        escalations::decide(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &e, e.version))
}

/// Schedule an accepted escalation into a level-1 supervision meeting (it becomes an agenda item there).
#[utoipa::path(tag = "escalations", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the escalation's ETag")), request_body = ScheduleEscalation, responses(
    (status = 200, description = "Scheduled", body = Escalation, headers(("ETag" = String))),
    (status = 409, description = "Not accepted (see `allowed`), or the level-1 meeting is locked", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/escalations/{id}/schedule")]
pub async fn schedule_escalation(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<ScheduleEscalation>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let e = in_tx(&state, async |tx| {
        escalations::schedule(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &e, e.version))
}

/// Record the level-1 outcome; it shows on the original agenda item.
#[utoipa::path(tag = "escalations", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the escalation's ETag")), request_body = ResolveEscalation, responses(
    (status = 200, description = "Resolved", body = Escalation, headers(("ETag" = String))),
    (status = 409, description = "Not scheduled (see `allowed`)", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/escalations/{id}/resolve")]
pub async fn resolve_escalation(
    state: web::Data<AppState>,
    who: Authed<Conveners>,
    id: web::Path<Uuid>,
    body: ValidJson<ResolveEscalation>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let e = in_tx(&state, async |tx| {
        escalations::resolve(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &e, e.version))
}
