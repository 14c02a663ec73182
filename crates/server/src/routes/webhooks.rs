//! `/webhooks`: endpoints the outbox's events are pushed to, and their delivery log
//! (administrators).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{
    CreateWebhook, DeliveryQuery, Page, PageParams, Problem, UpdateWebhook, WebhookCreated,
    WebhookDelivery, WebhookEndpoint,
};

use super::{created, in_tx, with_etag};
use crate::auth::Admins;
use crate::error::ApiResult;
use crate::http::{Authed, IfMatch, ValidJson, ValidQuery, paged};
use crate::services::{sessions, webhooks};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(list_webhook_deliveries)
        .service(get_webhook_delivery)
        .service(redeliver_webhook_delivery);
}

/// The registered webhook endpoints.
#[utoipa::path(tag = "webhooks", params(PageParams), responses(
    (status = 200, description = "A page of endpoints", body = Page<WebhookEndpoint>),
))]
#[get("/webhooks")]
pub async fn list_webhooks(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<Admins>,
    page: ValidQuery<PageParams>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, webhooks::list(&state.db, *page).await?))
}

/// Register an endpoint for the outbox's events (all kinds, or those listed). Each event is
/// POSTed as JSON (`WebhookEvent`) with the headers `Yanpan-Webhook-Id` (the event's id:
/// deduplicate on it), `Yanpan-Webhook-Timestamp` (Unix seconds) and `Yanpan-Webhook-Signature`
/// (`v1=` + hex HMAC-SHA256 of `{timestamp}.{body}` with the endpoint's secret; refuse
/// timestamps more than 300 s from your clock). Any 2xx answer within 10 s delivers it;
/// otherwise it is retried after 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, 1 h, 2 h, 4 h, 8 h,
/// 8 h and 1 h (over 24 h in all), then marked `failed`. A resource's events arrive in order.
/// The answer holds the signing secret, which is never shown again.
#[utoipa::path(tag = "webhooks", request_body = CreateWebhook, responses(
    (status = 201, description = "Registered; keep the secret now", body = WebhookCreated, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    body: ValidJson<CreateWebhook>,
) -> ApiResult<HttpResponse> {
    let out = in_tx(&state, async |tx| {
        webhooks::create(tx, &who.actor(), &body, sessions::random_token()).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/webhooks/{}", out.endpoint.id),
        &out,
        out.endpoint.version,
    ))
}

/// An endpoint (without its secret).
#[utoipa::path(tag = "webhooks", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The endpoint", body = WebhookEndpoint, headers(("ETag" = String))),
    (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
))]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    _who: Authed<Admins>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let e = webhooks::get(&state.db, *id).await?;
    Ok(with_etag(StatusCode::OK, &e, e.version))
}

/// Change an endpoint's address, events or description, or pause it (`active: false`: its
/// events wait and are sent when it is active again).
#[utoipa::path(tag = "webhooks", params(("id" = Uuid, Path)), request_body = UpdateWebhook, responses(
    (status = 200, description = "Changed", body = WebhookEndpoint, headers(("ETag" = String))),
    (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateWebhook>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let e = in_tx(&state, async |tx| {
        webhooks::update(tx, &who.actor(), *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &e, e.version))
}

/// Remove an endpoint with its delivery log.
#[utoipa::path(tag = "webhooks", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Removed"),
    (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        webhooks::delete(tx, &who.actor(), *id, if_match.expected()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// An endpoint's delivery log, the newest first: each event with every attempt (time, HTTP
/// status or error, duration).
#[utoipa::path(tag = "webhooks", params(("id" = Uuid, Path), DeliveryQuery, PageParams), responses(
    (status = 200, description = "A page of deliveries", body = Page<WebhookDelivery>),
    (status = 404, description = "No such endpoint", body = Problem, content_type = "application/problem+json"),
))]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<Admins>,
    id: web::Path<Uuid>,
    q: ValidQuery<DeliveryQuery>,
    page: ValidQuery<PageParams>,
) -> ApiResult<HttpResponse> {
    Ok(paged(
        &req,
        webhooks::deliveries(&state.db, *id, &q, *page).await?,
    ))
}

/// One delivery with its attempts.
#[utoipa::path(tag = "webhooks", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The delivery", body = WebhookDelivery),
    (status = 404, description = "No such delivery", body = Problem, content_type = "application/problem+json"),
))]
#[get("/webhook-deliveries/{id}")]
pub async fn get_webhook_delivery(
    state: web::Data<AppState>,
    _who: Authed<Admins>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(webhooks::delivery(&state.db, *id).await?))
}

/// Send a delivery's event again now (a new delivery with the same event id and body; the old
/// one stays in the log as it was).
#[utoipa::path(tag = "webhooks", params(("id" = Uuid, Path)), responses(
    (status = 201, description = "Queued", body = WebhookDelivery, headers(("Location" = String))),
    (status = 404, description = "No such delivery", body = Problem, content_type = "application/problem+json"),
))]
#[post("/webhook-deliveries/{id}/redeliver")]
pub async fn redeliver_webhook_delivery(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let d = in_tx(&state, async |tx| {
        webhooks::redeliver(tx, &who.actor(), *id).await
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/webhook-deliveries/{}", d.id),
        ))
        .json(d))
}
