//! A short-lived, per-process cache of API reads, keyed by the caller and the URL.
//!
//! Every request that may change data (any method but GET/HEAD) advances one generation counter
//! when it completes; a cached answer is served only while the generation it was computed at is
//! still current and it is younger than `server.read_cache_ttl_ms`. Within one server a read
//! therefore never sees data older than the last change; across several servers (each with its
//! own cache) a read may lag another server's change by at most the TTL. The same generation
//! guards the cache of principals that authentication keeps.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{Error, HttpResponse};

use crate::auth::Authentication;
use crate::state::AppState;
use actix_web::HttpMessage;

/// The data generation: advanced by every completed change.
#[derive(Debug, Clone, Default)]
pub struct Generation(Arc<AtomicU64>);

impl Generation {
    pub fn current(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }
    /// Marks that data changed (call after the change is committed).
    pub fn advance(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }
}

/// Cached values valid for one generation and a time to live.
pub struct TtlCache<V> {
    ttl: Duration,
    max_entries: usize,
    map: Mutex<HashMap<String, (u64, Instant, V)>>,
}

impl<V: Clone> TtlCache<V> {
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        Self {
            ttl,
            max_entries,
            map: Mutex::new(HashMap::new()),
        }
    }

    pub fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }

    pub fn get(&self, key: &str, generation: u64) -> Option<V> {
        if !self.enabled() {
            return None;
        }
        let map = self.map.lock().ok()?;
        let (g, at, v) = map.get(key)?;
        (*g == generation && at.elapsed() < self.ttl).then(|| v.clone())
    }

    pub fn put(&self, key: String, generation: u64, value: V) {
        if !self.enabled() {
            return;
        }
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= self.max_entries {
                // Simple bound: drop what is stale, and everything if that is not enough.
                let ttl = self.ttl;
                map.retain(|_, (g, at, _)| *g == generation && at.elapsed() < ttl);
                if map.len() >= self.max_entries {
                    map.clear();
                }
            }
            map.insert(key, (generation, Instant::now(), value));
        }
    }
}

#[derive(Clone)]
pub struct CachedResponse {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
}

/// GET paths whose answers depend on more than the caller and the URL, or are large.
fn cacheable(path: &str) -> bool {
    path.starts_with("/api/v1/")
        && path != "/api/v1/me"
        && !path.starts_with("/api/v1/me/")
        && !path.starts_with("/api/v1/auth/")
        && !path.starts_with("/api/v1/calendar-feeds/")
        && !path.ends_with("/content")
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

/// Per-key locks of the reads being computed now.
#[derive(Default)]
pub struct InFlight {
    keys: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// A caller's place in the queue of one key; leaving it forgets the key when nobody else waits.
pub struct Flight<'a> {
    owner: &'a InFlight,
    key: String,
    lock: Arc<tokio::sync::Mutex<()>>,
}

impl InFlight {
    pub fn enter(&self, key: &str) -> Flight<'_> {
        let lock = match self.keys.lock() {
            Ok(mut m) => m.entry(key.to_owned()).or_default().clone(),
            Err(_) => Arc::default(),
        };
        Flight {
            owner: self,
            key: key.to_owned(),
            lock,
        }
    }
}

impl Flight<'_> {
    pub async fn lock(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.lock.lock().await
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        if let Ok(mut m) = self.owner.keys.lock() {
            // Two references: the map's and ours; nobody else is waiting.
            if Arc::strong_count(&self.lock) <= 2 {
                m.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_lives_for_its_generation_and_ttl_only() {
        let c: TtlCache<u32> = TtlCache::new(Duration::from_secs(60), 10);
        c.put("a".into(), 1, 7);
        assert_eq!(c.get("a", 1), Some(7));
        assert_eq!(c.get("a", 2), None);
        let off: TtlCache<u32> = TtlCache::new(Duration::ZERO, 10);
        off.put("a".into(), 1, 7);
        assert_eq!(off.get("a", 1), None);
        let short: TtlCache<u32> = TtlCache::new(Duration::from_millis(1), 10);
        short.put("a".into(), 1, 7);
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(short.get("a", 1), None);
    }

    #[tokio::test]
    async fn one_caller_at_a_time_computes_a_key_and_the_key_is_forgotten_after() {
        let f = InFlight::default();
        let a = f.enter("k");
        let b = f.enter("k");
        let held = a.lock().await;
        assert!(
            b.lock.try_lock().is_err(),
            "the second caller waits for the first"
        );
        drop(held);
        assert!(b.lock.try_lock().is_ok());
        drop(a);
        drop(b);
        assert!(f.keys.lock().unwrap().is_empty());
    }
}
