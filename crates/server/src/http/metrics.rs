//! Counts and times every request for `GET /metrics` (the counters: `crate::metrics`).

use std::time::Instant;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::state::AppState;

/// Times every request and counts it under its route pattern (`unmatched` for paths no route
/// knows, so that scanners cannot grow the series).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    // Only the methods the API has; anything else is one label.
    let method = match req.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => m,
        _ => "OTHER",
    }
    .to_owned();
    let res = next.call(req).await;
    if let Some(state) = state {
        let status = match &res {
            Ok(r) => r.status().as_u16(),
            Err(e) => e.as_response_error().status_code().as_u16(),
        };
        state
            .metrics
            .observe(&route, &method, status, started.elapsed().as_secs_f64());
    }
    res
}
