//! `/me`: the signed-in person's own account.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use yanpan_types::{ChangePassword, UpdateMe, User};

use super::{tx, with_etag};
use crate::auth::{Authed, People, password};
use crate::error::{ApiError, ApiResult};
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
    let tx = tx(&state).await?;
    let user = users::update_me(&*tx, &who.actor(), who.id, if_match, &body).await?;
    tx.commit().await?;
    Ok(with_etag(StatusCode::OK, &user, user.version))
}

/// Change my password; every session of mine ends (sign in again).
#[utoipa::path(tag = "me", request_body = ChangePassword, responses((status = 204, description = "Changed")))]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    who: Authed<People>,
    body: ValidJson<ChangePassword>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let current = users::find(&state.db, who.id).await?;
    let (stored, cur, new) = (
        current.password_hash.clone(),
        input.current_password,
        input.new_password,
    );
    let hash = password::blocking(move || {
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
    let tx = tx(&state).await?;
    let current = users::find(&*tx, who.id).await?;
    users::set_password(&*tx, &who.actor(), &current, hash).await?;
    tx.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
