//! The `yanpan` binary started as a real process on a free port with a fresh SQLite file, for
//! the tests that need a process of its own (signals, memory).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `yanpan serve`; killed when dropped.
pub struct Served {
    pub child: Child,
    pub port: u16,
    dir: std::path::PathBuf,
}

impl Served {
    /// The folder of this server's database file (removed with it).
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// The database URL the server was started with (unless `env` replaced it).
    pub fn database_url(&self) -> String {
        format!("sqlite://{}/s.db?mode=rwc", self.dir.display())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts `yanpan serve` with `env` added, and waits until it answers HTTP (its signal handlers
/// are installed by then, not just its port bound).
pub fn serve(name: &str, env: &[(&str, String)]) -> Served {
    let dir = std::env::temp_dir().join(format!("yanpan-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yanpan"));
    cmd.arg("serve")
        .env(
            "YANPAN_DATABASE_URL",
            format!("sqlite://{}/s.db?mode=rwc", dir.display()),
        )
        .env("YANPAN_PORT", port.to_string())
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut served = Served {
        child: cmd.spawn().unwrap(),
        port,
        dir,
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while !ready(port) {
        assert!(Instant::now() < deadline, "the server did not start");
        assert!(
            served.child.try_wait().unwrap().is_none(),
            "the server exited"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    served
}

/// One raw HTTP/1.0 exchange; the whole answer, or `None` when the connection failed.
pub fn request(port: u16, raw: &[u8]) -> Option<String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(120))).ok()?;
    s.write_all(raw).ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    Some(buf)
}

pub fn ready(port: u16) -> bool {
    request(port, b"GET /readyz HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .is_some_and(|r| r.starts_with("HTTP/1.0 200") || r.starts_with("HTTP/1.1 200"))
}
