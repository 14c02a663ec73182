//! The request id and path of the request being served, and the headers every response gets.

use std::time::Instant;
use yanpan_types::ProblemCode;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, ResponseError};

use super::extract::nul_field;
use crate::error::ApiError;
use tracing::Instrument;

use crate::request::{CONTEXT, RequestContext};

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The SPA loads nothing from elsewhere; WASM needs `wasm-unsafe-eval`.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

fn acceptable_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 64
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Assigns the request id (the caller's `X-Request-Id` when sane), logs the request, and adds
/// the security headers and `Cache-Control: no-store` for API answers.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable_id(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let ctx = RequestContext {
        id: id.clone(),
        path: req.path().to_owned(),
    };
    req.extensions_mut().insert(ctx.clone());
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = Instant::now();
    let (http_req, payload) = req.into_parts();
    let res = match refuse_nul(&http_req) {
        Some(err) => Ok(ServiceResponse::new(http_req, err.error_response()).map_into_right_body()),
        None => {
            let req = ServiceRequest::from_parts(http_req, payload);
            CONTEXT
                .scope(ctx.clone(), next.call(req))
                .instrument(span.clone())
                .await
                .map(ServiceResponse::map_into_left_body)
        }
    };
    let mut res = res?;
    // actix-cors refuses a foreign origin with a plain-text 400: say it as problem+json.
    if res
        .response()
        .error()
        .is_some_and(|e| e.as_error::<actix_cors::CorsError>().is_some())
    {
        let detail = res
            .response()
            .error()
            .map(|e| e.to_string())
            .unwrap_or_default();
        let problem = CONTEXT.sync_scope(ctx, || {
            ApiError::bad_request(ProblemCode::CorsRefused, detail).error_response()
        });
        res = res.into_response(problem).map_into_right_body();
    }
    let _enter = span.enter();
    tracing::info!(
        status = res.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "served"
    );
    let api = res.request().path().starts_with("/api/");
    let hsts = res
        .request()
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .is_some_and(|s| {
            s.settings
                .server
                .hsts
                .unwrap_or(s.settings.environment == crate::config::Environment::Production)
        });
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id) {
        h.insert(REQUEST_ID, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    if api || !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    Ok(res)
}

/// PostgreSQL cannot store U+0000 in text (SQLite can): a NUL anywhere in the path or query is
/// refused at the edge with 422, naming each parameter that carries one.
fn refuse_nul(req: &actix_web::HttpRequest) -> Option<ApiError> {
    let has_nul = |s: &str| {
        s.as_bytes()
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
            || s.contains('\0')
    };
    let path = req.uri().path();
    let query = req.uri().query().unwrap_or_default();
    if !has_nul(path) && !has_nul(query) {
        return None;
    }
    let mut errors = Vec::new();
    if has_nul(path) {
        errors.push(nul_field("path"));
    }
    for (name, value) in form_urlencoded_pairs(query) {
        if name.contains('\0') || value.contains('\0') {
            errors.push(nul_field(&name.replace('\0', "")));
        }
    }
    if errors.is_empty() {
        // `%00` that decodes to no NUL (e.g. in `%2500`): nothing to refuse.
        return None;
    }
    Some(ApiError::Validation(errors))
}

fn form_urlencoded_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default()
}
