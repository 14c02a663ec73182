//! Prometheus metrics (`GET /metrics`, issue 13; the HTTP middleware feeds them): requests
//! counted and timed per route pattern, method and status; sign-in failures; the database pool's
//! connections. Kept in memory per process (Prometheus scrapes each server and adds them up). The route label is the pattern
//! (`/api/v1/meetings/{id}`), never the path, so that ids and unknown paths cannot grow the
//! series without bound.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::{DatabaseConnection, DbBackend};

/// Upper bounds of the latency buckets, in seconds.
const BOUNDS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The sign-in routes whose 401 and 429 answers are counted as failures.
const SIGN_IN_ROUTES: [&str; 2] = ["/api/v1/auth/login", "/api/v1/auth/token"];

#[derive(Default)]
struct Series {
    count: u64,
    sum_secs: f64,
    /// Requests at or under each bound (not cumulative here; summed when rendered).
    buckets: [u64; BOUNDS.len()],
}

/// The counters of one server process.
#[derive(Default)]
pub struct Metrics {
    /// By (route pattern, method, status).
    requests: Mutex<BTreeMap<(String, String, u16), Series>>,
    bad_credentials: AtomicU64,
    throttled: AtomicU64,
}

impl Metrics {
    pub fn observe(&self, route: &str, method: &str, status: u16, secs: f64) {
        if SIGN_IN_ROUTES.contains(&route) {
            match status {
                401 => self.bad_credentials.fetch_add(1, Ordering::Relaxed),
                429 => self.throttled.fetch_add(1, Ordering::Relaxed),
                _ => 0,
            };
        }
        let Ok(mut map) = self.requests.lock() else {
            return;
        };
        let s = map
            .entry((route.to_owned(), method.to_owned(), status))
            .or_default();
        s.count += 1;
        s.sum_secs += secs;
        if let Some(i) = BOUNDS.iter().position(|b| secs <= *b) {
            s.buckets[i] += 1;
        }
    }

    /// The text exposition format (version 0.0.4).
    /// `outbox_backlog`: the webhook deliveries of the outbox's events not delivered yet.
    pub fn render(&self, db: &DatabaseConnection, outbox_backlog: u64) -> String {
        let mut out = String::new();
        out.push_str("# HELP yanpan_http_requests_total Requests answered, by route pattern, method and status.\n");
        out.push_str("# TYPE yanpan_http_requests_total counter\n");
        let map = match self.requests.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        for ((route, method, status), s) in map.iter() {
            let _ = writeln!(
                out,
                "yanpan_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {}",
                escape(route),
                s.count
            );
        }
        out.push_str("# HELP yanpan_http_request_duration_seconds Time from receiving a request to its answer.\n");
        out.push_str("# TYPE yanpan_http_request_duration_seconds histogram\n");
        for ((route, method, status), s) in map.iter() {
            let labels = format!(
                "route=\"{}\",method=\"{method}\",status=\"{status}\"",
                escape(route)
            );
            let mut cumulative = 0;
            for (bound, n) in BOUNDS.iter().zip(s.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "yanpan_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "yanpan_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "yanpan_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum_secs
            );
            let _ = writeln!(
                out,
                "yanpan_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        drop(map);
        out.push_str("# HELP yanpan_sign_in_failures_total Refused sign-ins of people and service accounts: wrong credentials, or throttled.\n");
        out.push_str("# TYPE yanpan_sign_in_failures_total counter\n");
        let _ = writeln!(
            out,
            "yanpan_sign_in_failures_total{{reason=\"bad_credentials\"}} {}",
            self.bad_credentials.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "yanpan_sign_in_failures_total{{reason=\"throttled\"}} {}",
            self.throttled.load(Ordering::Relaxed)
        );
        let (size, idle) = pool_use(db);
        out.push_str(
            "# HELP yanpan_db_pool_connections The database pool's connections, by state.\n",
        );
        out.push_str("# TYPE yanpan_db_pool_connections gauge\n");
        let _ = writeln!(out, "yanpan_db_pool_connections{{state=\"idle\"}} {idle}");
        let _ = writeln!(
            out,
            "yanpan_db_pool_connections{{state=\"in_use\"}} {}",
            size.saturating_sub(idle)
        );
        out.push_str("# HELP yanpan_outbox_backlog Webhook deliveries of outbox events still pending (not yet delivered, not given up).\n");
        out.push_str("# TYPE yanpan_outbox_backlog gauge\n");
        let _ = writeln!(out, "yanpan_outbox_backlog {outbox_backlog}");
        out
    }
}

/// (open connections, idle ones) of the pool.
fn pool_use(db: &DatabaseConnection) -> (u64, u64) {
    match db.get_database_backend() {
        DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (u64::from(p.size()), p.num_idle() as u64)
        }
        DbBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (u64::from(p.size()), p.num_idle() as u64)
        }
        _ => (0, 0),
    }
}

/// A label value as the exposition format wants it.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
