//! A flood of wrong sign-ins (no account needed) must not grow the server's memory: password
//! hashing (argon2, 19 MiB each) is bounded, and callers beyond the bound wait or get 503.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

/// Concurrent wrong sign-ins sent at once. (`FLOOD_HASH_CONCURRENCY=1000` lifts the bound, to see
/// what the flood costs without it: about 5.8 GB.)
const FLOOD: usize = 300;
/// The server's peak resident memory may not exceed this. Unbounded, 150 concurrent hashes took a
/// server from 2.1 GB to 4.9 GB; bounded, the flood adds a few argon2 buffers to an idle server.
const CEILING_KIB: u64 = 200 * 1024;

#[test]
fn a_sign_in_flood_keeps_memory_flat() {
    let served = common::serve(
        "flood",
        &[
            // Every guess must reach the hashing, not the address limit.
            ("YANPAN_AUTH__MAX_FAILURES_PER_IP", "1000000".into()),
            (
                "YANPAN_AUTH__HASH_CONCURRENCY",
                std::env::var("FLOOD_HASH_CONCURRENCY").unwrap_or("2".into()),
            ),
        ],
    );
    let (pid, port) = (served.child.id(), served.port);
    let idle = peak_kib(pid);

    let barrier = std::sync::Arc::new(std::sync::Barrier::new(FLOOD));
    let threads: Vec<_> = (0..FLOOD)
        .map(|i| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                sign_in(port, &format!("nobody{i}"), "wrong-password")
            })
        })
        .collect();
    let statuses: Vec<u16> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let peak = peak_kib(pid);
    drop(served);

    println!("peak RSS: idle {idle} KiB, after {FLOOD} concurrent wrong sign-ins {peak} KiB");
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 503),
        "every guess is refused (401) or turned away (503): {statuses:?}"
    );
    assert!(statuses.contains(&401));
    assert!(
        peak < CEILING_KIB,
        "peak RSS {peak} KiB exceeds {CEILING_KIB} KiB (idle: {idle} KiB)"
    );
}

/// The process's peak resident set (`VmHWM`), in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn sign_in(port: u16, user: &str, password: &str) -> u16 {
    let body = format!(r#"{{"username":"{user}","password":"{password}"}}"#);
    let raw = format!(
        "POST /api/v1/auth/login HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    common::request(port, raw.as_bytes())
        .and_then(|r| r.split(' ').nth(1).and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}
