//! Argon2id password and secret hashing with OWASP's parameters (19 MiB, 2 passes, 1 lane).

use std::cell::RefCell;
use std::sync::OnceLock;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Block, Params, Version};

fn hasher() -> Argon2<'static> {
    // OWASP Password Storage Cheat Sheet: m=19456 KiB, t=2, p=1.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

thread_local! {
    /// argon2's working memory, kept per thread and reused. Allocating 19 MiB afresh for every
    /// hash fragments the allocator's per-thread arenas: under a flood of sign-ins each hashing
    /// thread kept about ten such blocks (~190 MiB), however few ran at once.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Computes `a`'s hash of `password` with `salt` into `out`, on this thread's reused memory.
fn compute(
    a: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let count = a.params().block_count();
    BLOCKS.with(|cell| {
        let mut blocks = cell.borrow_mut();
        if blocks.len() < count {
            blocks.resize(count, Block::default());
        }
        a.hash_password_into_with_memory(password, salt, out, &mut blocks[..count])
    })
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let e = |e: argon2::password_hash::Error| anyhow::anyhow!("hashing failed: {e}");
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf).map_err(e)?;
    let a = hasher();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&a, password.as_bytes(), salt_bytes, &mut out)
        .map_err(|err| anyhow::anyhow!("hashing failed: {err}"))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(a.params()).map_err(e)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(e)?),
    };
    Ok(phc.to_string())
}

/// Checks `password` against a stored PHC string (any argon2 variant, version and parameters).
pub fn verify(password: &str, stored: &str) -> bool {
    let Ok(h) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (h.salt, h.hash) else {
        return false;
    };
    let (Ok(alg), Ok(params)) = (Algorithm::try_from(h.algorithm), Params::try_from(&h)) else {
        return false;
    };
    let version = match h.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let a = Argon2::new(alg, version, params);
    let mut out = vec![0u8; expected.len()];
    if compute(&a, password.as_bytes(), salt_bytes, &mut out).is_err() {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|o| o == expected)
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
/// blocking pool and the server's memory grows by gigabytes. At most `concurrency` run at once, on
/// as many threads of the gate's own (so that no more than that many threads ever hold an
/// allocator arena with argon2's buffer in it); a caller waits for its turn at most `wait`, then
/// gets 503 with `Retry-After`.
pub struct HashGate {
    permits: tokio::sync::Semaphore,
    wait: std::time::Duration,
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Job>>,
}

type Job = Box<dyn FnOnce() + Send>;

impl HashGate {
    pub fn new(concurrency: usize, wait_ms: u64) -> Self {
        let n = concurrency.max(1);
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..n {
            let rx = rx.clone();
            // A worker ends when the gate (the only sender) is dropped.
            let spawned = std::thread::Builder::new()
                .name(format!("yanpan-hash-{i}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a hashing thread");
            }
        }
        Self {
            permits: tokio::sync::Semaphore::new(n),
            wait: std::time::Duration::from_millis(wait_ms),
            jobs: std::sync::Mutex::new(tx),
        }
    }

    /// One hashing slot per available core, waiting at most `wait_ms`.
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
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
        });
        self.jobs
            .lock()
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("hash queue poisoned")))?
            .send(job)
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("no hashing thread")))?;
        let out = rx
            .await
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("the hashing job was lost")))?;
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
        assert!(!super::verify("correct horse battery", "not a hash"));
    }

    #[test]
    fn hashes_agree_with_the_argon2_crates_own_hasher_and_verifier() {
        use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
        let ours = super::hash("同一个口令").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            super::hasher()
                .verify_password("同一个口令".as_bytes(), &parsed)
                .is_ok()
        );
        // A hash made by the crate itself, with other parameters, verifies here too.
        let salt = SaltString::from_b64("c2FsdHNhbHRzYWx0c2FsdA").unwrap();
        let other = argon2::Argon2::new(
            argon2::Algorithm::Argon2i,
            argon2::Version::V0x10,
            argon2::Params::new(1024, 3, 1, None).unwrap(),
        )
        .hash_password(b"legacy", &salt)
        .unwrap()
        .to_string();
        assert!(super::verify("legacy", &other));
        assert!(!super::verify("Legacy", &other));
    }
}
