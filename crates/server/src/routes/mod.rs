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
    // The document itself is not an operation of the document.
    cfg.route("/openapi.json", web::get().to(openapi_json));
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

/// The finished OpenAPI document, serialised once at start-up.
pub struct OpenApiJson(pub String);

async fn openapi_json(doc: web::Data<OpenApiJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.0.clone())
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

/// A write transaction; on SQLite it also holds this server's writer turn.
pub struct WriteTx {
    tx: DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteTx {
    type Target = DatabaseTransaction;
    fn deref(&self) -> &DatabaseTransaction {
        &self.tx
    }
}

impl WriteTx {
    pub async fn commit(self) -> Result<(), sea_orm::DbErr> {
        self.tx.commit().await
    }
}

/// Opens a write transaction on the shared pool. SQLite has one writer at a time: queueing for
/// it here, in order, replaces SQLite's sleeping retries (which make slow tails) with a fair wait.
pub async fn tx(state: &web::Data<AppState>) -> ApiResult<WriteTx> {
    let turn = match state.db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => Some(state.sqlite_writer.clone().lock_owned().await),
        _ => None,
    };
    Ok(WriteTx {
        tx: db::begin_write(&state.db).await?,
        _turn: turn,
    })
}
