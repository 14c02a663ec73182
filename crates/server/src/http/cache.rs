//! A short-lived, per-process cache of API reads, keyed by the caller and the URL.
//!
//! Every request that may change data (any method but GET/HEAD) advances one generation counter
//! when it completes; a cached answer is served only while the generation it was computed at is
//! still current and it is younger than `server.read_cache_ttl_ms`. Within one server a read
//! therefore never sees data older than the last change; across several servers (each with its
//! own cache) a read may lag another server's change by at most the TTL. The same generation
//! guards the cache of principals that authentication keeps.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::{Error, HttpMessage, HttpResponse};

pub use crate::cache::{CachedResponse, Generation, InFlight, TtlCache};
use crate::http::authn::Authentication;
use crate::state::AppState;

/// GET paths whose answers depend on more than the caller and the URL, or are large.
fn cacheable(path: &str) -> bool {
    path.starts_with("/api/v1/")
        && path != "/api/v1/me"
        && !path.starts_with("/api/v1/me/")
        && !path.starts_with("/api/v1/auth/")
        && !path.starts_with("/api/v1/calendar-feeds/")
        && !path.ends_with("/content")
        // Documents: large, and sent with a file name the cache does not keep.
        && !path.contains("/exports/")
        && path != "/api/v1/openapi.json"
}

const KEPT_HEADERS: &[HeaderName] = &[header::CONTENT_TYPE, header::ETAG, header::LINK];

pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let method = req.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let res = next.call(req).await;
        // Whatever happened, data may have changed.
        state.generation.advance();
        return Ok(res?.map_into_boxed_body());
    }
    if method != Method::GET || !cacheable(req.path()) || !state.responses.enabled() {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    // Only for a caller the authentication middleware accepted (a token of an ended session is
    // answered by the handler, never from another session's entry).
    let caller = req
        .extensions()
        .get::<Authentication>()
        .and_then(|a| match a {
            Authentication::Principal(p) => Some(format!("{}:{}", p.kind.as_str(), p.id)),
            _ => None,
        });
    let Some(caller) = caller else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = format!("{caller} {}", req.uri());
    let generation = state.generation.current();
    if let Some(hit) = state.responses.get(&key, generation) {
        return Ok(req.into_response(replay(&hit)));
    }
    // One computation per key at a time: when an entry expires under load, the other callers
    // wait for it instead of all asking the database at once.
    let flight = state.in_flight.enter(&key);
    let _turn = flight.lock().await;
    if let Some(hit) = state.responses.get(&key, state.generation.current()) {
        return Ok(req.into_response(replay(&hit)));
    }
    let res = next.call(req).await?;
    if res.status() != StatusCode::OK {
        return Ok(res.map_into_boxed_body());
    }
    let (http_req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
    let mut headers: Vec<(HeaderName, HeaderValue)> = KEPT_HEADERS
        .iter()
        .filter_map(|h| head.headers().get(h).map(|v| (h.clone(), v.clone())))
        .collect();
    if let Some(t) = head.headers().get("x-total-count") {
        headers.push((HeaderName::from_static("x-total-count"), t.clone()));
    }
    state.responses.put(
        key,
        generation,
        CachedResponse {
            status: head.status(),
            headers,
            body: bytes.clone(),
        },
    );
    Ok(ServiceResponse::new(
        http_req,
        head.set_body(bytes).map_into_boxed_body(),
    ))
}

fn replay(hit: &CachedResponse) -> HttpResponse {
    let mut res = HttpResponse::build(hit.status);
    for (k, v) in &hit.headers {
        res.insert_header((k.clone(), v.clone()));
    }
    res.body(hit.body.clone())
}
