//! `/users`: administrators manage accounts; a person may read their own record.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{CreateUser, Page, PageParams, Role, UpdateUser, User, UserQuery};

use super::{created, in_tx, with_etag};
use crate::auth::{Admins, AnyRole, password};
use crate::error::{ApiError, ApiResult};
use crate::http::Authed;
use crate::http::{IfMatch, ValidJson, ValidQuery, paged};
use crate::services::users;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(get_user)
        .service(update_user);
}

/// List users.
#[utoipa::path(tag = "users", params(PageParams, UserQuery), responses(
    (status = 200, description = "A page of users", body = Page<User>),
))]
#[get("/users")]
pub async fn list_users(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<Admins>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<UserQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, users::list(&state.db, &q, *page).await?))
}

/// Create a user.
#[utoipa::path(tag = "users", request_body = CreateUser, responses(
    (status = 201, description = "Created", body = User, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    body: ValidJson<CreateUser>,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let pw = input.password.clone();
    let hash = state.hashing.run(move || password::hash(&pw)).await??;
    let user = in_tx(&state, async |tx| {
        users::create(tx, &who.actor(), &input, hash).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/users/{}", user.id),
        &user,
        user.version,
    ))
}

/// Get a user (administrators, or the person themself).
#[utoipa::path(tag = "users", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The user", body = User, headers(("ETag" = String))),
    (status = 404, description = "No such user", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    who: Authed<AnyRole>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    if who.role != Role::Admin && who.id != *id {
        return Err(ApiError::forbidden(
            "only administrators see other people's accounts",
        ));
    }
    let user = users::get(&state.db, *id).await?;
    Ok(with_etag(StatusCode::OK, &user, user.version))
}

/// Change a user: name, role, unit, active, or set a new password (which ends their sessions).
#[utoipa::path(tag = "users", params(("id" = Uuid, Path)), request_body = UpdateUser, responses(
    (status = 200, description = "Changed", body = User, headers(("ETag" = String))),
    (status = 404, description = "No such user", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateUser>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let input = body.into_inner();
    let new_hash = match input.password.clone() {
        Some(pw) => Some(state.hashing.run(move || password::hash(&pw)).await??),
        None => None,
    };
    let user = in_tx(&state, async |tx| {
        users::update(tx, &who.actor(), *id, if_match.expected(), &input, new_hash).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &user, user.version))
}
