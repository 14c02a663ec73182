//! Short-lived, per-process caches keyed by text and guarded by the data generation: the read
//! cache's answers and the principals authentication keeps (see `http::cache` for the policy).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::web::Bytes;

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
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
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
