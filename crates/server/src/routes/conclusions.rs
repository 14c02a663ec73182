//! `/conclusions/{id}`: read, change or delete a draft, and adopt it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::*;

use super::{in_tx, with_etag};
use crate::auth::{Conveners, MeetingReaders, Organisers};
use crate::error::ApiResult;
use crate::http::Authed;
use crate::http::{IfMatch, OptionalIfMatch, ValidJson};
use crate::services::conclusions;
use crate::state::AppState;
use crate::store;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_conclusion)
        .service(update_conclusion)
        .service(delete_conclusion)
        .service(adopt_conclusion);
}

/// One conclusion with its recommendations.
#[utoipa::path(tag = "conclusions", params(("id" = Uuid, Path)), responses((status = 200, description = "The conclusion", body = Conclusion, headers(("ETag" = String)))))]
#[get("/conclusions/{id}")]
pub async fn get_conclusion(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let c = conclusions::get(&state.db, *id).await?;
    store::meetings::visible(&state.db, &who, c.meeting_id).await?;
    Ok(with_etag(StatusCode::OK, &c, c.version))
}

/// Change a draft conclusion (an adopted one answers 409).
#[utoipa::path(tag = "conclusions", params(("id" = Uuid, Path)), request_body = UpdateConclusion, responses(
    (status = 200, description = "Changed", body = Conclusion, headers(("ETag" = String))),
    (status = 409, description = "Adopted conclusions never change", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/conclusions/{id}")]
pub async fn update_conclusion(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateConclusion>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let c = in_tx(&state, async |tx| {
        conclusions::update(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &c, c.version))
}

/// Delete a draft conclusion.
#[utoipa::path(tag = "conclusions", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 409, description = "Adopted conclusions never change", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/conclusions/{id}")]
pub async fn delete_conclusion(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        conclusions::delete(tx, &who, *id, if_match.expected()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Adopt a draft conclusion (conveners); a correction then supersedes the one it names.
#[utoipa::path(tag = "conclusions", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "Optional: the conclusion's ETag")), responses(
    (status = 200, description = "Adopted", body = Conclusion, headers(("ETag" = String))),
    (status = 409, description = "Adopted already, or the meeting is locked", body = Problem, content_type = "application/problem+json"),
    (status = 412, description = "If-Match names an old version", body = Problem, content_type = "application/problem+json"),
))]
#[post("/conclusions/{id}/adopt")]
pub async fn adopt_conclusion(
    state: web::Data<AppState>,
    who: Authed<Conveners>,
    id: web::Path<Uuid>,
    if_match: OptionalIfMatch,
) -> ApiResult<HttpResponse> {
    let c = in_tx(&state, async |tx| {
        conclusions::adopt(tx, &who, *id, if_match.expected()).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &c, c.version))
}
