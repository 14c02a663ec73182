//! Failed sign-in counting per username and per address, answering 429 with `Retry-After`.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sliding-window failure counters (kept in memory: one process, reset at restart).
pub struct LoginThrottle {
    window: Duration,
    max_per_user: usize,
    max_per_ip: usize,
    users: Mutex<HashMap<String, VecDeque<Instant>>>,
    ips: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Upper bound of tracked keys, so a flood of usernames cannot exhaust memory.
const MAX_KEYS: usize = 100_000;

impl LoginThrottle {
    pub fn new(window_secs: u64, max_per_user: u32, max_per_ip: u32) -> Self {
        Self {
            window: Duration::from_secs(window_secs),
            max_per_user: max_per_user as usize,
            max_per_ip: max_per_ip as usize,
            users: Mutex::new(HashMap::new()),
            ips: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds)` while either counter is at its limit.
    pub fn check(&self, user: &str, ip: &str) -> Result<(), u64> {
        let now = Instant::now();
        let a = Self::blocked(&self.users, user, self.max_per_user, self.window, now);
        let b = Self::blocked(&self.ips, ip, self.max_per_ip, self.window, now);
        match a.max(b) {
            0 => Ok(()),
            secs => Err(secs),
        }
    }

    pub fn record_failure(&self, user: &str, ip: &str) {
        let now = Instant::now();
        Self::push(&self.users, user, self.window, now);
        Self::push(&self.ips, ip, self.window, now);
    }

    pub fn reset_user(&self, user: &str) {
        if let Ok(mut m) = self.users.lock() {
            m.remove(user);
        }
    }

    fn blocked(
        map: &Mutex<HashMap<String, VecDeque<Instant>>>,
        key: &str,
        max: usize,
        window: Duration,
        now: Instant,
    ) -> u64 {
        let Ok(mut m) = map.lock() else { return 0 };
        let Some(q) = m.get_mut(key) else { return 0 };
        while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
            q.pop_front();
        }
        if q.len() < max {
            return 0;
        }
        // Blocked until enough of the oldest failures leave the window.
        let idx = q.len() - max;
        q.get(idx)
            .map(|t| {
                (window.saturating_sub(now.duration_since(*t)))
                    .as_secs()
                    .max(1)
            })
            .unwrap_or(1)
    }

    fn push(
        map: &Mutex<HashMap<String, VecDeque<Instant>>>,
        key: &str,
        window: Duration,
        now: Instant,
    ) {
        let Ok(mut m) = map.lock() else { return };
        if m.len() >= MAX_KEYS {
            m.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        m.entry(key.to_owned()).or_default().push_back(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_resets_on_success() {
        let t = LoginThrottle::new(60, 3, 100);
        for _ in 0..3 {
            assert!(t.check("alice", "1.2.3.4").is_ok());
            t.record_failure("alice", "1.2.3.4");
        }
        let secs = t.check("alice", "1.2.3.4").unwrap_err();
        assert!((1..=60).contains(&secs));
        assert!(t.check("bob", "1.2.3.4").is_ok());
        t.reset_user("alice");
        assert!(t.check("alice", "1.2.3.4").is_ok());
    }
}
