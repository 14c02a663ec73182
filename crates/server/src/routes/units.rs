//! `/units`: everyone signed in reads; admins create, change and delete.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use yanpan_types::{CreateUnit, Page, PageParams, Unit, UnitQuery, UpdateUnit};

use super::{created, in_tx, with_etag};
use crate::auth::{Admins, AnyRole};
use crate::error::ApiResult;
use crate::http::Authed;
use crate::http::{IfMatch, ValidJson, ValidQuery, paged};
use crate::services::units;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_units)
        .service(create_unit)
        .service(get_unit)
        .service(update_unit)
        .service(delete_unit);
}

/// List units.
#[utoipa::path(tag = "units", params(PageParams, UnitQuery), responses(
    (status = 200, description = "A page of units", body = Page<Unit>),
))]
#[get("/units")]
pub async fn list_units(
    req: HttpRequest,
    state: web::Data<AppState>,
    _who: Authed<AnyRole>,
    page: ValidQuery<PageParams>,
    q: ValidQuery<UnitQuery>,
) -> ApiResult<HttpResponse> {
    Ok(paged(&req, units::list(&state.db, &q, *page).await?))
}

/// Create a unit.
#[utoipa::path(tag = "units", request_body = CreateUnit, responses(
    (status = 201, description = "Created", body = Unit, headers(("ETag" = String), ("Location" = String))),
))]
#[post("/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    body: ValidJson<CreateUnit>,
) -> ApiResult<HttpResponse> {
    let unit = in_tx(&state, async |tx| {
        units::create(tx, &who.actor(), &body).await
    })
    .await?;
    Ok(created(
        format!("/api/v1/units/{}", unit.id),
        &unit,
        unit.version,
    ))
}

/// Get a unit.
#[utoipa::path(tag = "units", params(("id" = Uuid, Path)), responses(
    (status = 200, description = "The unit", body = Unit, headers(("ETag" = String))),
    (status = 404, description = "No such unit", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[get("/units/{id}")]
pub async fn get_unit(
    state: web::Data<AppState>,
    _who: Authed<AnyRole>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let unit = units::get(&state.db, *id).await?;
    Ok(with_etag(StatusCode::OK, &unit, unit.version))
}

/// Change a unit.
#[utoipa::path(tag = "units", params(("id" = Uuid, Path)), request_body = UpdateUnit, responses(
    (status = 200, description = "Changed", body = Unit, headers(("ETag" = String))),
    (status = 404, description = "No such unit", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[patch("/units/{id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    id: web::Path<Uuid>,
    body: ValidJson<UpdateUnit>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    let unit = in_tx(&state, async |tx| {
        units::update(tx, &who.actor(), *id, if_match.expected(), &body).await
    })
    .await?;
    Ok(with_etag(StatusCode::OK, &unit, unit.version))
}

/// Delete a unit nothing refers to (otherwise 409: deactivate it instead).
#[utoipa::path(tag = "units", params(("id" = Uuid, Path)), responses(
    (status = 204, description = "Deleted"),
    (status = 404, description = "No such unit", body = yanpan_types::Problem, content_type = "application/problem+json"),
    (status = 409, description = "The unit is in use", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[delete("/units/{id}")]
pub async fn delete_unit(
    state: web::Data<AppState>,
    who: Authed<Admins>,
    id: web::Path<Uuid>,
    if_match: IfMatch,
) -> ApiResult<HttpResponse> {
    in_tx(&state, async |tx| {
        units::delete(tx, &who.actor(), *id, if_match.expected()).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
