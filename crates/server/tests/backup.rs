//! `yanpan backup` copies a live SQLite database: taken while another process writes, the copy
//! serves on its own, holds every write acknowledged before the backup began and no write
//! without those acknowledged before it (one snapshot, not a file copied while it changed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

const PASSWORD: &str = "backup-admin-password-1";

fn yanpan(db_url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yanpan"))
        .args(args)
        .env("YANPAN_DATABASE_URL", db_url)
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

/// The status code of a raw HTTP answer.
fn status(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Signs in and returns the access token.
fn sign_in(port: u16) -> String {
    let body = format!(r#"{{"username":"backup-admin","password":"{PASSWORD}"}}"#);
    let answer = common::request(port, &post("/api/v1/auth/login", None, &body)).unwrap();
    assert_eq!(status(&answer), 200, "{answer}");
    let json = answer.split("\r\n\r\n").nth(1).unwrap();
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["access_token"].as_str().unwrap().to_owned()
}

fn post(path: &str, token: Option<&str>, body: &str) -> Vec<u8> {
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    format!(
        "POST {path} HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The codes of every unit the server at `port` holds.
fn unit_codes(port: u16, token: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for page in 1.. {
        let raw = format!(
            "GET /api/v1/units?page={page}&page_size=100 HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n\r\n"
        );
        let answer = common::request(port, raw.as_bytes()).unwrap();
        assert_eq!(status(&answer), 200, "{answer}");
        let v: serde_json::Value =
            serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        let items = v["items"].as_array().unwrap();
        codes.extend(items.iter().map(|u| u["code"].as_str().unwrap().to_owned()));
        if items.len() < 100 {
            break;
        }
    }
    codes
}

#[test]
fn a_backup_taken_under_write_load_holds_every_write_acknowledged_before_it() {
    let served = common::serve("backup", &[]);
    let db_url = served.database_url();
    let made = yanpan(
        &db_url,
        &[
            "user",
            "create",
            "--username",
            "backup-admin",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
    assert!(made.status.success(), "{made:?}");
    let token = sign_in(served.port);

    // A writer creates units one after another and notes each the server acknowledged (201).
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (acknowledged, stop, token, port) = (
            acknowledged.clone(),
            stop.clone(),
            token.clone(),
            served.port,
        );
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let code = format!("backup-{n:05}");
                let body = format!(r#"{{"code":"{code}","name":"单位{n}","kind":"department"}}"#);
                let answer = common::request(port, &post("/api/v1/units", Some(&token), &body));
                if answer.is_some_and(|a| status(&a) == 201) {
                    acknowledged.lock().unwrap().push(code);
                }
            }
        })
    };
    while acknowledged.lock().unwrap().len() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }

    let copy = served.dir().join("copy.db");
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let out = yanpan(&db_url, &["backup", copy.to_str().unwrap()], None);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity ok"));
    // Writing goes on after the backup, so the copy cannot have been taken at rest.
    let after_backup = acknowledged.lock().unwrap().len();
    while acknowledged.lock().unwrap().len() < after_backup + 5 {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    let all: Vec<String> = acknowledged.lock().unwrap().clone();

    // A backup never overwrites a file, not even its own copy.
    let again = yanpan(&db_url, &["backup", copy.to_str().unwrap()], None);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    // Restored: a server on the copy answers, with every unit acknowledged before the backup
    // began, and the units it holds are a prefix of the acknowledged ones (one snapshot).
    let copy_url = format!("sqlite://{}?mode=rwc", copy.display());
    let restored = common::serve(
        "backup-restored",
        &[("YANPAN_DATABASE_URL", copy_url.clone())],
    );
    // … and its audit log's hash chain holds: the snapshot cut no transaction in half.
    let verified = yanpan(&copy_url, &["audit", "verify"], None);
    assert!(verified.status.success(), "{verified:?}");
    assert!(String::from_utf8_lossy(&verified.stdout).contains("intact"));
    let token = sign_in(restored.port);
    let held: Vec<String> = unit_codes(restored.port, &token)
        .into_iter()
        .filter(|c| c.starts_with("backup-"))
        .collect();
    for code in &before {
        assert!(
            held.contains(code),
            "{code} was acknowledged before the backup but is missing"
        );
    }
    let mut held_sorted = held.clone();
    held_sorted.sort();
    assert_eq!(held_sorted, all[..held.len()].to_vec());
    assert!(
        held.len() < all.len(),
        "the writes after the backup are not in it"
    );
}
