//! `/service-accounts`: the platform's scripts' credentials (admins only).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{CreateServiceAccount, Page, PageParams, ServiceAccount, ServiceAccountCreated};

use super::{created, in_tx, tx, with_etag};
use crate::auth::{Admins, password};
use crate::error::ApiResult;
use crate::http::Authed;
use crate::http::{IfMatch, ValidJson, ValidQuery, paged};
use crate::services::{service_accounts, sessions};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_service_accounts)
        .service(create_service_account)
        .service(get_service_account)
        .service(revoke_service_account);
}

/// List service accounts.
#[utoipa::path(tag = "service-accounts", params(PageParams), responses(
    (status = 200, description = "A page of service accounts", body = Page<ServiceAccount>),
))]
#[get("/service-accounts")]
pub async fn list_service_accounts(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<Admins>,
    page: ValidQuery<PageParams>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, service_accounts::list(&state.db, *page).await?))
}

/// Create a service account; the answer holds its secret, which is never shown again.
#[utoipa::path(tag = "service-accounts", request_body = CreateServiceAccount, responses(
    (status = 201, description = "Created; keep the secret now", body = ServiceAccountCreated, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/service-accounts")]
pub async fn create_service_account(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    body: ValidJson<CreateServiceAccount>,
) -> ApiResult<HttpResponse> {
    let secret = sessions::random_token();
    let s = secret.clone();
    let hash = state.hashing.run(move || password::hash(&s)).await??;
    let tx = tx(&state).await?;
    let out = service_accounts::create(
        &*tx,
        &who.actor(),
        &body,
        service_accounts::new_client_id(),
        secret,
        hash,
    )
    .await?;
    tx.commit().await?;
    Ok(created(
        format!("/api/v1/service-accounts/{}", out.account.id),
        &out,
        out.account.version,
    ))
}

/// Get a service account.
#[utoipa::path(tag = "service-accounts", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The account", body = ServiceAccount, headers(("ETag" = String))),
    (status = 404, description = "No such account", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[get("/service-accounts/{id}")]
pub async fn get_service_account(
    state: web::Data<AppState>,
    _who: Authed<Admins>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let a = service_accounts::get(&state.db, *id).await?;
    Ok(with_etag(StatusCode::OK, &a, a.version))
}

/// Revoke a service account: it is deleted, and its secret and tokens stop working at once.
#[utoipa::path(tag = "service-accounts", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Revoked"),
    (status = 404, description = "No such account", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[delete("/service-accounts/{id}")]
pub async fn revoke_service_account(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        service_accounts::revoke(tx, &who.actor(), *id, if_match.expected()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
