//! The API's resources, one module each, registered with `.service()` so that utoipa sees them.

pub mod agenda;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod conclusions;
pub mod escalations;
pub mod files;
pub mod health;
pub mod me;
pub mod meetings;
pub mod search;
pub mod service_accounts;
pub mod units;
pub mod users;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use sea_orm::DatabaseTransaction;
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::db;
use crate::error::ApiResult;
use crate::http::etag_of;
use crate::state::AppState;

/// Everything under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    auth::configure(cfg);
    me::configure(cfg);
    units::configure(cfg);
    users::configure(cfg);
    service_accounts::configure(cfg);
    audit::configure(cfg);
    meetings::configure(cfg);
    agenda::configure(cfg);
    conclusions::configure(cfg);
    escalations::configure(cfg);
    files::configure(cfg);
    calendar::configure(cfg);
    search::configure(cfg);
}

/// A single resource with its `ETag`.
pub fn with_etag<T: Serialize>(status: StatusCode, body: &T, version: i32) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::ETAG, etag_of(version)))
        .json(body)
}

/// 201 with `Location` and `ETag`.
pub fn created<T: Serialize>(location: String, body: &T, version: i32) -> HttpResponse {
    HttpResponse::build(StatusCode::CREATED)
        .insert_header((header::LOCATION, location))
        .insert_header((header::ETAG, etag_of(version)))
        .json(body)
}

/// Opens a write transaction on the shared pool.
pub async fn tx(state: &web::Data<AppState>) -> ApiResult<DatabaseTransaction> {
    Ok(db::begin_write(&state.db).await?)
}
