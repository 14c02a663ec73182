//! `/notifications`: the signed-in person's notification centre; `/outbox`: the same events, in
//! order, for the platform.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{
    ChangeFeed, ChangeQuery, Notification, NotificationQuery, OutboxEvent, OutboxQuery, PageParams,
    Problem, UnreadCount,
};

use super::in_tx;
use crate::auth::{OutboxReaders, People};
use crate::error::ApiResult;
use crate::http::{Authed, ValidQuery, paged};
use crate::services::notifications;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_notifications)
        .service(unread_notifications)
        .service(read_all_notifications)
        .service(read_notification)
        .service(list_outbox)
        .service(list_changes);
}

/// The signed-in person's notifications, the newest first (`unread=true`: only unread ones).
#[utoipa::path(tag = "notifications", params(PageParams, NotificationQuery), responses(
    (status = 200, description = "A page of notifications", body = yanpan_types::Page<Notification>),
))]
#[get("/notifications")]
pub async fn list_notifications(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<People>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<NotificationQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(
        &req,
        notifications::list(&state.db, &who, &q, *page).await?,
    ))
}

/// How many notifications the signed-in person has not read (the header's badge).
#[utoipa::path(tag = "notifications", responses(
    (status = 200, description = "The unread count", body = UnreadCount),
))]
#[get("/notifications/unread-count")]
pub async fn unread_notifications(
    state: web::Data<AppState>,
    who: Authed<People>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(notifications::unread(&state.db, &who).await?))
}

/// Mark every notification of the signed-in person read.
#[utoipa::path(tag = "notifications", responses(
    (status = 200, description = "All read", body = UnreadCount),
))]
#[post("/notifications/read-all")]
pub async fn read_all_notifications(
    state: web::Data<AppState>,
    who: Authed<People>,
) -> ApiResult<HttpResponse> {
    let n = in_tx(&state, async |tx| notifications::read_all(tx, &who).await).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Mark one notification read.
#[utoipa::path(tag = "notifications", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "Read", body = Notification),
    (status = 404, description = "No such notification of the caller", body = Problem, content_type = "application/problem+json"),
))]
#[post("/notifications/{id}/read")]
pub async fn read_notification(
    state: web::Data<AppState>,
    who: Authed<People>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let n = in_tx(&state, async |tx| notifications::read(tx, &who, *id).await).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// The outbox: every event the notification centre shows, once, in order (`seq`), with the
/// units concerned; read on with `after` = the last `seq` seen. For the platform's service
/// accounts and administrators.
#[utoipa::path(tag = "notifications", params(OutboxQuery), responses(
    (status = 200, description = "Events after `after`", body = Vec<OutboxEvent>),
))]
#[get("/outbox")]
pub async fn list_outbox(
    state: web::Data<AppState>,
    _who: Authed<OutboxReaders>,
    q: ValidQuery<OutboxQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(notifications::outbox(&state.db, &q).await?))
}

/// The change feed, to mirror meetings, agenda items, conclusions, escalations, cases, briefings
/// and supervision tasks: each resource that changed after `after`, once, at the place of its
/// last change, in the order the changes committed, with `delete` for what was deleted. Read the
/// resource by its id (a case by `case_number`), then call again with `next_after`; a script
/// that stops and resumes from its last `next_after` misses nothing and sees nothing twice. For
/// the platform's service accounts and administrators.
#[utoipa::path(tag = "notifications", params(ChangeQuery), responses(
    (status = 200, description = "Changes after `after`", body = ChangeFeed),
))]
#[get("/changes")]
pub async fn list_changes(
    state: web::Data<AppState>,
    _who: Authed<OutboxReaders>,
    q: ValidQuery<ChangeQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(notifications::changes(&state.db, &q).await?))
}
