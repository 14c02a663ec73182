//! `/agenda-items/{id}`: one item, its changes, and the escalate-or-not decision.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::*;

use super::{in_tx, with_etag};
use crate::auth::{Conveners, MeetingReaders, Organisers};
use crate::error::ApiResult;
use crate::http::Authed;
use crate::http::{IfMatch, ValidJson};
use crate::services::agenda;
use crate::state::AppState;
use crate::store;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_agenda_item)
        .service(update_agenda_item)
        .service(delete_agenda_item)
        .service(decide_escalation);
}

/// One agenda item, with the escalation raised from it.
#[utoipa::path(tag = "agenda", params(("id" = Uuid, Path)), responses((status = 200, description = "The item", body = AgendaItem, headers(("ETag" = String)))))]
#[get("/agenda-items/{id}")]
pub async fn get_agenda_item(
    state: web::Data<AppState>,
    who: Authed<MeetingReaders>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let item = agenda::get(&state.db, *id).await?;
    store::meetings::visible(&state.db, &who, item.meeting_id).await?;
    Ok(with_etag(StatusCode::OK, &item, item.version))
}

/// Change an agenda item (until its meeting is concluded).
#[utoipa::path(tag = "agenda", params(("id" = Uuid, Path)), request_body = UpdateAgendaItem, responses(
    (status = 200, description = "Changed", body = AgendaItem, headers(("ETag" = String))),
    (status = 409, description = "The meeting is locked", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/agenda-items/{id}")]
pub async fn update_agenda_item(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateAgendaItem>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let item = in_tx(&state, async |tx| {
        agenda::update(tx, &who, *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &item, item.version))
}

/// Remove an agenda item (not once an escalation was raised from it).
#[utoipa::path(tag = "agenda", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Removed"),
    (status = 409, description = "The meeting is locked or the item is referred to", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/agenda-items/{id}")]
pub async fn delete_agenda_item(
    state: web::Data<AppState>,
    who: Authed<Organisers>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        agenda::delete(tx, &who, *id, if_match.expected()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Decide whether a `poor_disposal` item goes to the level-1 meeting, and why; escalating
/// raises a pending escalation request.
#[utoipa::path(tag = "agenda", params(("id" = Uuid, Path)), request_body = EscalationDecision, responses(
    (status = 200, description = "Decided", body = AgendaItem, headers(("ETag" = String))),
    (status = 409, description = "The meeting is locked, or an escalation exists", body = Problem, content_type = "application/problem+json"),
))]
#[post("/agenda-items/{id}/decision")]
pub async fn decide_escalation(
    state: web::Data<AppState>,
    who: Authed<Conveners>,
    id: web::Path<Uuid>,
    body: ValidJson<EscalationDecision>,
) -> ApiResult<HttpResponse> {
    let item = in_tx(&state, async |tx| {
        agenda::decide(tx, &who, *id, &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &item, item.version))
}
