//! A flood of wrong sign-ins (no account needed) must not grow the server's memory: password
//! hashing (argon2, 19 MiB each) is bounded, and callers beyond the bound wait or get 503.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Concurrent wrong sign-ins sent at once. (`FLOOD_HASH_CONCURRENCY=1000` lifts the bound, to see
/// what the flood costs without it: about 5.8 GB.)
const FLOOD: usize = 300;
/// The server's peak resident memory may not exceed this. Unbounded, 150 concurrent hashes took a
/// server from 2.1 GB to 4.9 GB; bounded, the flood adds a few argon2 buffers to an idle server.
const CEILING_KIB: u64 = 200 * 1024;

#[test]
fn a_sign_in_flood_keeps_memory_flat() {
    let dir = std::env::temp_dir().join(format!("yanpan-flood-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_yanpan"))
        .arg("serve")
        .env(
            "YANPAN_DATABASE_URL",
            format!("sqlite://{}/f.db?mode=rwc", dir.display()),
        )
        .env("YANPAN_PORT", port.to_string())
        .env("RUST_LOG", "error")
        // Every guess must reach the hashing, not the address limit.
        .env("YANPAN_AUTH__MAX_FAILURES_PER_IP", "1000000")
        .env(
            "YANPAN_AUTH__HASH_CONCURRENCY",
            std::env::var("FLOOD_HASH_CONCURRENCY").unwrap_or("2".into()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready(port) {
        assert!(Instant::now() < deadline, "the server did not start");
        assert!(child.try_wait().unwrap().is_none(), "the server exited");
        std::thread::sleep(Duration::from_millis(50));
    }
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
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);

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

fn request(port: u16, raw: &[u8]) -> Option<String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(120))).ok()?;
    s.write_all(raw).ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    Some(buf)
}

fn ready(port: u16) -> bool {
    request(port, b"GET /readyz HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .is_some_and(|r| r.starts_with("HTTP/1.0 200") || r.starts_with("HTTP/1.1 200"))
}

fn sign_in(port: u16, user: &str, password: &str) -> u16 {
    let body = format!(r#"{{"username":"{user}","password":"{password}"}}"#);
    let raw = format!(
        "POST /api/v1/auth/login HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    request(port, raw.as_bytes())
        .and_then(|r| r.split(' ').nth(1).and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}
