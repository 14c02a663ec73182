//! The rules of webhook deliveries: the signature, the replay window, and the retry schedule.

use chrono::Duration;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Waits after each failed attempt, in seconds: about 24 h 46 min in all before a delivery is
/// given up (`failed`), so that an endpoint down for a whole day still gets every event.
pub const RETRY_SCHEDULE_SECS: [i64; 12] = [
    10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 28_800, 3600,
];

/// The wait before the attempt after `failed_attempts` failures (1 = after the first), with
/// each second of the schedule lasting `unit_ms` milliseconds (1,000 in production; tests
/// shorten it); `None` when the schedule is spent and the delivery fails.
pub fn retry_after(failed_attempts: u32, unit_ms: u64) -> Option<Duration> {
    let i = usize::try_from(failed_attempts.checked_sub(1)?).ok()?;
    let secs = *RETRY_SCHEDULE_SECS.get(i)?;
    let ms = i64::try_from(unit_ms).unwrap_or(i64::MAX);
    Some(Duration::milliseconds(secs.saturating_mul(ms)))
}

/// The value of the signature header for a body sent at `timestamp` (Unix seconds):
/// `v1=` and the hex HMAC-SHA256 of `{timestamp}.{body}` keyed with the endpoint's secret.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        // HMAC takes a key of any length; this branch cannot be reached.
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// What a receiver checks: the signature matches (compared in constant time) and the timestamp
/// lies within the replay window of its own clock `now`.
pub fn verify(secret: &str, timestamp: i64, body: &[u8], header: &str, now: i64) -> bool {
    if (now - timestamp).abs() > yanpan_types::WEBHOOK_REPLAY_WINDOW_SECS {
        return false;
    }
    let Some(hex_sig) = header.strip_prefix("v1=") else {
        return false;
    };
    let Ok(given) = hex::decode(hex_sig) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_keeps_trying_for_more_than_a_day_then_gives_up() {
        let total: i64 = (1..=RETRY_SCHEDULE_SECS.len() as u32)
            .map(|n| retry_after(n, 1000).unwrap().num_seconds())
            .sum();
        assert!(total >= 24 * 3600, "{total}");
        assert_eq!(retry_after(1, 1000), Some(Duration::seconds(10)));
        assert_eq!(
            retry_after(RETRY_SCHEDULE_SECS.len() as u32 + 1, 1000),
            None
        );
        assert_eq!(retry_after(0, 1000), None);
        // Waits grow until the last stretch.
        assert!(RETRY_SCHEDULE_SECS[..10].windows(2).all(|w| w[0] <= w[1]));
        // Tests run the same schedule faster.
        assert_eq!(retry_after(2, 10), Some(Duration::milliseconds(300)));
    }

    #[test]
    fn a_signature_verifies_only_with_its_secret_body_and_a_fresh_timestamp() {
        let body = br#"{"id":"x"}"#;
        let sig = signature("s3cret-s3cret-s3cret-s3cret-s3cret", 1_800_000_000, body);
        // The same vector as examples/platform_sync.py's selftest: both sides agree.
        assert_eq!(
            sig,
            "v1=2bc675e69254a6d35e46f52bfd603e7029792af8c0dd6a43056a9151b7c6ecd7"
        );
        let ok = |secret: &str, ts: i64, body: &[u8], now: i64| verify(secret, ts, body, &sig, now);
        assert!(ok(
            "s3cret-s3cret-s3cret-s3cret-s3cret",
            1_800_000_000,
            body,
            1_800_000_100
        ));
        assert!(!ok(
            "another-secret-another-secret-xx",
            1_800_000_000,
            body,
            1_800_000_100
        ));
        assert!(!ok(
            "s3cret-s3cret-s3cret-s3cret-s3cret",
            1_800_000_000,
            b"{}",
            1_800_000_100
        ));
        // The timestamp is signed: moving it breaks the signature.
        assert!(!ok(
            "s3cret-s3cret-s3cret-s3cret-s3cret",
            1_800_000_001,
            body,
            1_800_000_100
        ));
        // A replay after the window is refused even with a valid signature.
        assert!(!ok(
            "s3cret-s3cret-s3cret-s3cret-s3cret",
            1_800_000_000,
            body,
            1_800_000_301
        ));
    }
}
