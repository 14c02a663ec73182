//! `/me`: the signed-in person's own account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yanpan_types::{ChangePassword, Problem, UpdateMe, User};

use super::{in_tx, tx, with_etag};
use crate::auth::{People, password};
use crate::error::{ApiError, ApiResult};
use crate::http::Authed;
use crate::http::{IfMatch, ValidJson};
use crate::services::users;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_me)
        .service(update_me)
        .service(change_password);
}

/// Who am I.
#[utoipa::path(tag = "me", responses((status = 200, description = "My account", body = User, headers(("ETag" = String)))))]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, who: Authed<People>) -> ApiResult<HttpResponse> {
    let user = users::get(&state.db, who.id).await?;
    Ok(with_etag(StatusCode::OK, &user, user.version))
}

/// Change my display name (role, unit and username are not mine to change).
#[utoipa::path(tag = "me", request_body = UpdateMe, responses((status = 200, description = "Changed", body = User, headers(("ETag" = String)))))]
#[patch("/me")]
pub async fn update_me(
    state: web::Data<AppState>,
    who: Authed<People>,
    body: ValidJson<UpdateMe>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let user = in_tx(&state, async |tx| {
        users::update_me(tx, &who.actor(), who.id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &user, user.version))
}

/// Change my password; every session of mine ends (sign in again).
#[utoipa::path(tag = "me", request_body = ChangePassword, responses(
    (status = 204, description = "Changed"),
    (status = 429, description = "Too many wrong current passwords; see Retry-After", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64))),
    (status = 503, description = "Too many passwords being checked at once; see Retry-After", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64))),
))]
#[post("/me/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authed<People>,
    body: ValidJson<ChangePassword>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    // A stolen access token must not become a way to guess the password: same throttle as sign-in.
    let ip = super::auth::client_ip(&req, &state.settings.server.trusted_proxies);
    let attempt = state
        .throttle
        .attempt(&state.db, &state.writer, &format!("me:{}", who.id), &ip)
        .await?
        .map_err(|secs| ApiError::TooManyRequests {
            retry_after_secs: secs,
        })?;
    let current = users::find(&state.db, who.id).await?;
    let (stored, cur, new) = (
        current.password_hash.clone(),
        input.current_password,
        input.new_password,
    );
    let hash = state
        .hashing
        .run(move || {
            if password::verify(&cur, &stored) {
                password::hash(&new).map(Some)
            } else {
                Ok(None)
            }
        })
        .await??
        .ok_or_else(|| {
            ApiError::field(
                "current_password",
                "incorrect",
                "the current password is not correct",
            )
        })?;
    attempt.succeeded(&state.db, &state.writer).await?;
    let tx = tx(&state).await?;
    let current = users::find(&*tx, who.id).await?;
    users::set_password(&*tx, &who.actor(), &current, hash).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
