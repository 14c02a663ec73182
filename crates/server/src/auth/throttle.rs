//! Failed sign-in counting per (username, address) pair and per address, answering 429 with
//! `Retry-After`.
//!
//! Why pairs: counting per username alone lets anyone lock any account (five wrong passwords for
//! `admin` from anywhere would make the owner's right password answer 429). Counting the pair
//! slows the guesser at that address while the owner, elsewhere, signs in as usual. The per-address
//! limit (higher) stops one address from spraying many usernames. Behind a reverse proxy every
//! caller shares the proxy's address: name it in `server.trusted_proxies` so that the client's
//! own address (from `X-Forwarded-For`) is counted instead.
//!
//! An attempt is counted *before* the password is hashed (`attempt` reserves a slot under one
//! lock): parallel guesses cannot all pass a check that is recorded only after the slow hash.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sliding-window counters (kept in memory: one process, reset at restart).
pub struct LoginThrottle {
    window: Duration,
    max_per_pair: usize,
    max_per_ip: usize,
    inner: Mutex<Counters>,
}

#[derive(Default)]
struct Counters {
    pairs: HashMap<(String, String), VecDeque<Instant>>,
    ips: HashMap<String, VecDeque<Instant>>,
}

/// Upper bound of tracked keys, so a flood of usernames cannot exhaust memory.
const MAX_KEYS: usize = 100_000;

/// A counted attempt. Dropped as it is, it stays counted as a failure; `succeeded` takes it back
/// and forgets the pair's earlier failures.
#[must_use]
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    user: String,
    ip: String,
    at: Instant,
}

impl Attempt<'_> {
    pub fn succeeded(self) {
        let Ok(mut c) = self.throttle.inner.lock() else {
            return;
        };
        c.pairs.remove(&(self.user.clone(), self.ip.clone()));
        if let Some(q) = c.ips.get_mut(&self.ip)
            && let Some(pos) = q.iter().rposition(|t| *t == self.at)
        {
            q.remove(pos);
        }
    }
}

impl LoginThrottle {
    pub fn new(window_secs: u64, max_per_pair: u32, max_per_ip: u32) -> Self {
        Self {
            window: Duration::from_secs(window_secs),
            max_per_pair: max_per_pair.max(1) as usize,
            max_per_ip: max_per_ip.max(1) as usize,
            inner: Mutex::new(Counters::default()),
        }
    }

    /// Counts an attempt now, or `Err(seconds)` to wait while the pair or the address is at its
    /// limit (nothing is counted then).
    pub fn attempt(&self, user: &str, ip: &str) -> Result<Attempt<'_>, u64> {
        let now = Instant::now();
        let Ok(mut c) = self.inner.lock() else {
            // A poisoned lock means a panic elsewhere: refuse rather than stop counting.
            return Err(1);
        };
        let pair = (user.to_owned(), ip.to_owned());
        let a = blocked(c.pairs.get_mut(&pair), self.max_per_pair, self.window, now);
        let b = blocked(c.ips.get_mut(ip), self.max_per_ip, self.window, now);
        if a.max(b) > 0 {
            return Err(a.max(b));
        }
        if c.pairs.len() >= MAX_KEYS || c.ips.len() >= MAX_KEYS {
            let w = self.window;
            let live = |q: &VecDeque<Instant>| q.back().is_some_and(|t| now.duration_since(*t) < w);
            c.pairs.retain(|_, q| live(q));
            c.ips.retain(|_, q| live(q));
        }
        c.pairs.entry(pair).or_default().push_back(now);
        c.ips.entry(ip.to_owned()).or_default().push_back(now);
        Ok(Attempt {
            throttle: self,
            user: user.to_owned(),
            ip: ip.to_owned(),
            at: now,
        })
    }
}

/// Seconds until the queue drops below `max` (0 when it is below already).
fn blocked(q: Option<&mut VecDeque<Instant>>, max: usize, window: Duration, now: Instant) -> u64 {
    let Some(q) = q else { return 0 };
    while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
        q.pop_front();
    }
    if q.len() < max {
        return 0;
    }
    // Blocked until enough of the oldest failures leave the window.
    q.get(q.len() - max)
        .map(|t| {
            window
                .saturating_sub(now.duration_since(*t))
                .as_secs()
                .max(1)
        })
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_blocked_after_its_limit_and_the_owner_elsewhere_is_not() {
        let t = LoginThrottle::new(60, 3, 100);
        for _ in 0..3 {
            drop(t.attempt("admin", "6.6.6.6").unwrap());
        }
        let secs = t.attempt("admin", "6.6.6.6").err().unwrap();
        assert!((1..=60).contains(&secs));
        // The owner, at another address, is not locked out.
        t.attempt("admin", "10.0.0.7").unwrap().succeeded();
        // The guesser's other usernames are still allowed (up to the address limit).
        assert!(t.attempt("bob", "6.6.6.6").is_ok());
    }

    #[test]
    fn attempts_are_counted_before_the_outcome_is_known() {
        let t = LoginThrottle::new(60, 5, 100);
        // Forty guesses in flight at once: only five get a slot.
        let held: Vec<_> = (0..40)
            .filter_map(|_| t.attempt("u", "1.1.1.1").ok())
            .collect();
        assert_eq!(held.len(), 5);
    }

    #[test]
    fn a_success_forgets_the_pair_and_frees_its_address_slot() {
        let t = LoginThrottle::new(60, 2, 2);
        drop(t.attempt("u", "1.1.1.1").unwrap());
        t.attempt("u", "1.1.1.1").unwrap().succeeded();
        // One failure left on the address; the pair starts over.
        drop(t.attempt("u", "1.1.1.1").unwrap());
        assert!(
            t.attempt("v", "1.1.1.1").is_err(),
            "the address is at its limit"
        );
    }

    #[test]
    fn an_address_spraying_usernames_is_stopped() {
        let t = LoginThrottle::new(60, 5, 10);
        for i in 0..10 {
            drop(t.attempt(&format!("user{i}"), "6.6.6.6").unwrap());
        }
        assert!(t.attempt("user99", "6.6.6.6").is_err());
        assert!(t.attempt("user99", "7.7.7.7").is_ok());
    }
}
