//! The API's resources, one module each, registered with `.service()` so that utoipa sees them.

pub mod agenda;
pub mod analysis;
pub mod assessment;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod briefings;
pub mod calendar;
pub mod cases;
pub mod conclusions;
pub mod documents;
pub mod escalations;
pub mod health;
pub mod inspections;
pub mod me;
pub mod meetings;
pub mod notifications;
pub mod referrals;
pub mod search;
pub mod service_accounts;
pub mod supervision;
pub mod topics;
pub mod units;
pub mod users;
pub mod webhooks;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

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
    attachments::configure(cfg);
    calendar::configure(cfg);
    search::configure(cfg);
    documents::configure(cfg);
    cases::configure(cfg);
    analysis::configure(cfg);
    topics::configure(cfg);
    briefings::configure(cfg);
    supervision::configure(cfg);
    referrals::configure(cfg);
    inspections::configure(cfg);
    assessment::configure(cfg);
    notifications::configure(cfg);
    webhooks::configure(cfg);
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

pub use crate::db::WriteTx;

/// Runs `work` in a write transaction and commits it: the one way handlers change data.
pub async fn in_tx<T>(
    state: &web::Data<AppState>,
    work: impl AsyncFnOnce(&sea_orm::DatabaseTransaction) -> ApiResult<T>,
) -> ApiResult<T> {
    let tx = tx(state).await?;
    let out = work(&tx).await?;
    tx.commit().await?;
    Ok(out)
}

/// Opens a write transaction on the shared pool (on SQLite, after this server's writer turn).
pub async fn tx(state: &web::Data<AppState>) -> ApiResult<WriteTx> {
    Ok(WriteTx::begin(&state.db, &state.writer).await?)
}

#[cfg(test)]
mod tests {
    /// actix-web polls a handler's extractors together and answers the first that fails, so a
    /// body, path or `If-Match` error could beat the role check. `Authed` is decided before routing
    /// (the auth middleware) and answers on its first poll; that makes 403 win only when `Authed`
    /// comes before every extractor that can fail. This test keeps it so for every handler.
    #[test]
    fn authorization_comes_before_every_fallible_extractor() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let src = std::fs::read_to_string(&path).unwrap();
            for (at, _) in src.match_indices("pub async fn ") {
                let rest = &src[at..];
                let Some(open) = rest.find('(') else { continue };
                let Some(close) = rest.find(") ->") else {
                    continue;
                };
                let name = &rest["pub async fn ".len()..open];
                let params: Vec<&str> = rest[open + 1..close]
                    .split(",\n")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .collect();
                let Some(auth) = params.iter().position(|p| p.contains("Authed<")) else {
                    continue;
                };
                for p in &params[..auth] {
                    let ty = p.split_once(':').map_or("", |(_, t)| t.trim());
                    assert!(
                        ty == "HttpRequest" || ty.starts_with("web::Data<"),
                        "{}: `{name}` takes `{p}` before its `Authed` parameter",
                        path.display()
                    );
                }
                checked += 1;
            }
        }
        assert!(
            checked > 40,
            "only {checked} handlers found: is the parser still right?"
        );
    }
}
