//! Argon2id password and secret hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane).

use std::sync::OnceLock;

use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: m=19456 KiB, t=2, p=1.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
}

/// Spends the same work as a real check, so an unknown username answers as slowly as a wrong password.
pub fn verify_dummy(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not-a-real-password-at-all").unwrap_or_default());
    let _ = verify(password, stored);
}

/// Runs a hashing closure on the blocking pool, off the async workers, without a bound: for
/// command-line tools only. The server uses `HashGate`.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| anyhow::anyhow!("hashing task failed: {e}"))
}

/// A bound on concurrent password hashing. Each argon2 computation takes 19 MiB and a core for
/// tens of milliseconds; unbounded, a flood of sign-ins (no account needed) queues hundreds on the
/// blocking pool and the server's memory grows by gigabytes. At most `concurrency` run at once;
/// a caller waits for its turn at most `wait`, then gets 503 with `Retry-After`.
pub struct HashGate {
    permits: tokio::sync::Semaphore,
    wait: std::time::Duration,
}

impl HashGate {
    pub fn new(concurrency: usize, wait_ms: u64) -> Self {
        Self {
            permits: tokio::sync::Semaphore::new(concurrency.max(1)),
            wait: std::time::Duration::from_millis(wait_ms),
        }
    }

    /// One hashing slot per available core, waiting at most `wait_ms` (0 cores reported → 1).
    pub fn per_core(wait_ms: u64) -> Self {
        Self::new(
            std::thread::available_parallelism().map_or(1, |n| n.get()),
            wait_ms,
        )
    }

    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, crate::error::ApiError> {
        use crate::error::ApiError;
        let permit = tokio::time::timeout(self.wait, self.permits.acquire())
            .await
            .map_err(|_| ApiError::Busy {
                retry_after_secs: 1,
            })?
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("hash gate closed: {e}")))?;
        let out = tokio::task::spawn_blocking(f)
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("hashing task failed: {e}")))?;
        drop(permit);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_gate_turns_away_a_caller_while_every_slot_is_held() {
        use std::sync::Arc;
        let gate = Arc::new(super::HashGate::new(1, 50));
        let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let holder = {
            let gate = gate.clone();
            tokio::spawn(async move {
                gate.run(move || {
                    let _ = started_tx.send(());
                    let _ = release_rx.recv();
                })
                .await
            })
        };
        started_rx.await.unwrap();
        // The only slot is held (and stays held until released): the next caller is refused.
        let refused = gate.run(|| ()).await;
        assert!(matches!(
            refused,
            Err(crate::error::ApiError::Busy {
                retry_after_secs: 1
            })
        ));
        release_tx.send(()).unwrap();
        holder.await.unwrap().unwrap();
        // Released, the slot serves the next caller.
        assert!(gate.run(|| 7).await.is_ok_and(|v| v == 7));
    }

    #[test]
    fn hashes_verify_and_use_argon2id() {
        let h = super::hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(super::verify("correct horse battery", &h));
        assert!(!super::verify("wrong", &h));
    }
}
