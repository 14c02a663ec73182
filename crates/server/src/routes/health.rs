//! Liveness and readiness probes (outside `/api/v1`, no authentication), and the metrics.

use actix_web::{HttpRequest, HttpResponse, get, web};
use sea_orm::ConnectionTrait;
use yanpan_types::{Health, ProblemCode};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The process is up.
#[utoipa::path(tag = "health", responses((status = 200, description = "Alive", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
    })
}

/// The database answers.
#[utoipa::path(tag = "health", responses(
    (status = 200, description = "Ready", body = Health),
    (status = 503, description = "The database does not answer", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    state.db.execute_unprepared("SELECT 1").await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        ApiError::Unavailable
    })?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
    }))
}

/// This server's metrics, in Prometheus' text format.
///
/// Requests and their latency per route pattern, method and status; refused sign-ins; the
/// database pool's connections; the outbox's backlog (webhook deliveries pending). Not public: it answers only when `server.metrics_token` is set,
/// to a request bearing that token (401 otherwise).
#[utoipa::path(tag = "health", responses(
    (status = 200, description = "The metrics (text exposition format 0.0.4)", body = String, content_type = "text/plain; version=0.0.4"),
    (status = 401, description = "No token, not the configured one, or metrics off (no `server.metrics_token` configured)", body = yanpan_types::Problem, content_type = "application/problem+json"),
))]
#[get("/metrics")]
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    use secrecy::ExposeSecret;
    // Off (no token configured) answers as a wrong token does: no request can bear the token.
    let Some(expected) = state.settings.server.metrics_token.as_ref() else {
        return Err(ApiError::unauthorized(
            ProblemCode::InvalidToken,
            "metrics are off: no `server.metrics_token` is configured on this server",
        ));
    };
    let given = crate::auth::bearer(&req).unwrap_or_default();
    if !same(given.as_bytes(), expected.expose_secret().as_bytes()) {
        return Err(ApiError::unauthorized(
            ProblemCode::InvalidToken,
            "send the metrics token as `Authorization: Bearer <token>`",
        ));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render(
            &state.db,
            crate::services::webhooks::backlog(&state.db).await?,
        )))
}

/// Equal, in a time that does not depend on where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
