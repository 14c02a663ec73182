//! `yanpan-bench-cases`: the analysis room's part of `make bench` (issue 11).
//!
//! - `intake`: pushes new cases through `POST /cases/batch`, 1,000 a call, from several
//!   connections at once (a service account with the `cases_write` scope, signed in by client
//!   credentials), and reports cases per second;
//! - `analyses`: connections signed in as an analyst each ask, one after another, one of the
//!   analyses (overview, repeated demands, poor disposal, satisfaction, unit ranking, hot issues,
//!   trend) for a random period (a month of the last two years, a quarter, a random range of
//!   one to 92 days, or a whole year) and, half the time, a random street or category; it
//!   reports p50 / p99 per analysis and overall as JSON.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use serde_json::{Value, json};

#[derive(Parser)]
struct Cli {
    /// The server, e.g. http://127.0.0.1:8080
    #[arg(long, global = true, default_value = "http://127.0.0.1:8080")]
    base: String,
    #[command(subcommand)]
    command: Mode,
}

#[derive(Subcommand)]
enum Mode {
    Intake {
        #[arg(long, env = "YANPAN_BENCH_CLIENT_ID")]
        client_id: String,
        #[arg(long, env = "YANPAN_BENCH_CLIENT_SECRET")]
        client_secret: String,
        /// Cases to push in all.
        #[arg(long, default_value_t = 100_000)]
        cases: usize,
        #[arg(long, default_value_t = 1000)]
        batch: usize,
        #[arg(long, default_value_t = 4)]
        connections: usize,
        /// Street codes, comma-separated.
        #[arg(long)]
        streets: String,
        /// Category codes, comma-separated.
        #[arg(long)]
        categories: String,
        /// Handling unit codes, comma-separated.
        #[arg(long)]
        units: String,
        /// Prefix of the new case numbers (unique per run).
        #[arg(long, default_value = "BENCH")]
        prefix: String,
    },
    Analyses {
        #[arg(long)]
        username: String,
        #[arg(long, env = "YANPAN_BENCH_PASSWORD")]
        password: String,
        #[arg(long, default_value_t = 8)]
        connections: usize,
        #[arg(long, default_value_t = 30)]
        duration: u64,
        #[arg(long, default_value_t = 3)]
        warmup: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Street codes to filter on, comma-separated.
        #[arg(long)]
        streets: String,
        /// Category codes to filter on, comma-separated.
        #[arg(long)]
        categories: String,
        /// The last full month (`YYYY-MM`): periods are drawn from the 24 months ending with it.
        #[arg(long)]
        last_month: String,
    },
}

/// A small xorshift generator: the same seed asks the same questions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let out = match cli.command {
        Mode::Intake {
            client_id,
            client_secret,
            cases,
            batch,
            connections,
            streets,
            categories,
            units,
            prefix,
        } => {
            let http = client()?;
            let token: Value = http
                .post(format!("{}/api/v1/auth/token", cli.base))
                .json(&json!({"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret}))
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            let token = token["access_token"]
                .as_str()
                .context("no access_token")?
                .to_owned();
            intake(
                &cli.base,
                &token,
                cases,
                batch,
                connections,
                (list(&streets), list(&categories), list(&units)),
                &prefix,
            )
            .await?
        }
        Mode::Analyses {
            username,
            password,
            connections,
            duration,
            warmup,
            seed,
            streets,
            categories,
            last_month,
        } => {
            let http = client()?;
            let r: Value = http
                .post(format!("{}/api/v1/auth/login", cli.base))
                .json(&json!({"username": username, "password": password}))
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            let token = r["access_token"]
                .as_str()
                .context("no access_token")?
                .to_owned();
            analyses(
                &cli.base,
                &token,
                connections,
                (warmup, duration),
                seed,
                (list(&streets), list(&categories)),
                &last_month,
            )
            .await?
        }
    };
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// One synthetic record as the platform's script pushes them: received in the last three days,
/// nine in ten resolved (most of them rated); a category has its kind and handling unit.
fn record(rng: &mut Rng, number: String, codes: &(Vec<String>, Vec<String>, Vec<String>)) -> Value {
    let day = 1 + rng.below(3) as i64;
    let received = chrono_like(day, rng.below(86_400) as i64);
    let resolved = rng.below(10) != 0;
    let kinds = ["demand", "dispute", "incident"];
    let channels = ["hotline", "web", "app", "walk_in", "grid_patrol", "other"];
    let category = rng.below(codes.1.len());
    let mut v = json!({
        "case_number": number,
        "kind": kinds[category % 3],
        "channel": channels[rng.below(6)],
        "category_code": codes.1[category],
        "street_code": codes.0[rng.below(codes.0.len())],
        "community": "清波社区",
        "address": format!("河坊街{}号", 1 + rng.below(400)),
        "summary": "楼下餐饮店油烟扰民，多次反映未解决",
        "received_at": received.0,
        "handling_unit_code": codes.2[category % codes.2.len()],
        "due_at": received.1,
        "status": if resolved { "resolved" } else { "in_progress" },
        "resolved_at": if resolved { Value::from(received.2.clone()) } else { Value::Null },
        "redo_count": rng.below(10) / 8,
        "supervision_level": "none",
        "reporter": format!("139{:08}", rng.below(50_000_000)),
        "updated_at": received.2,
    });
    if resolved {
        let s = [
            "satisfied",
            "basically_satisfied",
            "unsatisfied",
            "not_reached",
        ];
        v["satisfaction"] = json!(s[rng.below(4)]);
    }
    v
}

/// (received, due, resolved) as RFC 3339, `days_ago` days before a fixed recent day.
fn chrono_like(days_ago: i64, second: i64) -> (String, String, String) {
    // 2026-11-20T00:00:00Z as seconds since the epoch; the bench only needs recent, fixed times.
    let base = 1_795_132_800i64 - days_ago * 86_400 + second;
    let fmt = |t: i64| {
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400);
        let (y, m, d) = civil(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    };
    (fmt(base), fmt(base + 3 * 86_400), fmt(base + 86_400))
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

async fn intake(
    base: &str,
    token: &str,
    cases: usize,
    batch: usize,
    connections: usize,
    codes: (Vec<String>, Vec<String>, Vec<String>),
    prefix: &str,
) -> anyhow::Result<Value> {
    if codes.0.is_empty() || codes.1.is_empty() || codes.2.is_empty() {
        bail!("give --streets, --categories and --units");
    }
    let calls = cases.div_ceil(batch);
    let next = Arc::new(Mutex::new(0usize));
    let codes = Arc::new(codes);
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (next, codes, latencies) = (next.clone(), codes.clone(), latencies.clone());
        let (base, token, prefix) = (base.to_owned(), token.to_owned(), prefix.to_owned());
        tasks.push(tokio::spawn(async move {
            let http = client()?;
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (c as u64 + 1));
            loop {
                let i = {
                    let mut n = next.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
                    if *n >= calls {
                        break;
                    }
                    *n += 1;
                    *n - 1
                };
                let records: Vec<Value> = (0..batch)
                    .map(|k| record(&mut rng, format!("{prefix}{:09}", i * batch + k), &codes))
                    .collect();
                let body = serde_json::to_vec(&json!({ "records": records }))?;
                let t0 = Instant::now();
                let r = http
                    .post(format!("{base}/api/v1/cases/batch"))
                    .bearer_auth(&token)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await?;
                let status = r.status();
                let report: Value = r.json().await?;
                if !status.is_success() || report["created"].as_u64() != Some(batch as u64) {
                    bail!(
                        "batch {i}: {status} {}",
                        report.to_string().chars().take(400).collect::<String>()
                    );
                }
                if let Ok(mut l) = latencies.lock() {
                    l.push(t0.elapsed().as_micros().min(u32::MAX as u128) as u32);
                }
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let secs = start.elapsed().as_secs_f64();
    let mut l = latencies
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))?
        .clone();
    l.sort_unstable();
    Ok(json!({
        "cases": calls * batch,
        "batch": batch,
        "connections": connections,
        "seconds": secs,
        "cases_per_second": (calls * batch) as f64 / secs,
        "call_p50_ms": pct(&l, 50.0),
        "call_p99_ms": pct(&l, 99.0),
    }))
}

const OPS: &[&str] = &[
    "overview",
    "repeated-demands",
    "poor-disposal",
    "satisfaction",
    "unit-ranking",
    "hot-issues",
    "trend",
];

/// A random question: which analysis, for which period and filter.
fn question(
    rng: &mut Rng,
    codes: &(Vec<String>, Vec<String>),
    months: &[String],
) -> (usize, String) {
    let op = rng.below(OPS.len());
    let mut q: Vec<String> = Vec::new();
    let month = &months[rng.below(months.len())];
    match OPS[op] {
        "hot-issues" => {
            let (y, m) = (&month[..4], &month[5..7]);
            q.push(format!("as_of={y}-{m}-{:02}", 1 + rng.below(28)));
        }
        "trend" => q.push(format!("month={month}")),
        _ => match rng.below(10) {
            // A month most of the time; else a quarter, a random range, or a year.
            0..=5 => q.push(format!("month={month}")),
            6 | 7 => {
                let len = 1 + rng.below(92);
                let start = rng.below(700 - len);
                q.push(format!(
                    "from={}&to={}",
                    day_of(months, start),
                    day_of(months, start + len - 1)
                ));
            }
            8 => {
                let i = rng.below(months.len() - 2);
                q.push(format!(
                    "from={}-01&to={}",
                    months[i],
                    last_day(&months[i + 2])
                ));
            }
            _ => {
                let i = rng.below(months.len() - 11);
                q.push(format!(
                    "from={}-01&to={}",
                    months[i],
                    last_day(&months[i + 11])
                ));
            }
        },
    }
    if !matches!(OPS[op], "hot-issues") {
        match rng.below(4) {
            0 => q.push(format!("street={}", codes.0[rng.below(codes.0.len())])),
            1 => q.push(format!("category={}", codes.1[rng.below(codes.1.len())])),
            _ => {}
        }
    }
    (op, format!("/api/v1/analysis/{}?{}", OPS[op], q.join("&")))
}

fn days_in(month: &str) -> u32 {
    let y: i64 = month[..4].parse().unwrap_or(2026);
    let m: u32 = month[5..7].parse().unwrap_or(1);
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn last_day(month: &str) -> String {
    format!("{month}-{:02}", days_in(month))
}

/// The `n`th day of the months (from the first's first day).
fn day_of(months: &[String], mut n: usize) -> String {
    for m in months {
        let d = days_in(m) as usize;
        if n < d {
            return format!("{m}-{:02}", n + 1);
        }
        n -= d;
    }
    months.last().map(|m| last_day(m)).unwrap_or_default()
}

fn months_ending(last: &str) -> Vec<String> {
    let y: i32 = last[..4].parse().unwrap_or(2026);
    let m: i32 = last[5..7].parse().unwrap_or(10);
    let end = y * 12 + m - 1;
    (end - 23..=end)
        .map(|k| format!("{:04}-{:02}", k / 12, k % 12 + 1))
        .collect()
}

async fn analyses(
    base: &str,
    token: &str,
    connections: usize,
    (warmup, duration): (u64, u64),
    seed: u64,
    codes: (Vec<String>, Vec<String>),
    last_month: &str,
) -> anyhow::Result<Value> {
    let months = Arc::new(months_ending(last_month));
    let codes = Arc::new(codes);
    let start = Instant::now();
    let measure_from = start + Duration::from_secs(warmup);
    let end = measure_from + Duration::from_secs(duration);
    let samples: Arc<Mutex<Vec<Vec<u32>>>> = Arc::new(Mutex::new(vec![Vec::new(); OPS.len()]));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (samples, errors, codes, months) = (
            samples.clone(),
            errors.clone(),
            codes.clone(),
            months.clone(),
        );
        let (base, token) = (base.to_owned(), token.to_owned());
        tasks.push(tokio::spawn(async move {
            let http = client()?;
            let mut rng = Rng((seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (c as u64 + 1)) | 1);
            let mut local: Vec<Vec<u32>> = vec![Vec::new(); OPS.len()];
            while Instant::now() < end {
                let (op, path) = question(&mut rng, &codes, &months);
                let t0 = Instant::now();
                let r = http
                    .get(format!("{base}{path}"))
                    .bearer_auth(&token)
                    .send()
                    .await;
                let ok = match r {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    Ok(r) => {
                        if let Ok(mut e) = errors.lock() {
                            e.push(format!("{path}: {}", r.status()));
                        }
                        false
                    }
                    Err(e) => {
                        if let Ok(mut v) = errors.lock() {
                            v.push(format!("{path}: {e}"));
                        }
                        false
                    }
                };
                let us = t0.elapsed().as_micros().min(u32::MAX as u128) as u32;
                if ok && t0 >= measure_from && Instant::now() <= end {
                    local[op].push(us);
                }
            }
            if let Ok(mut all) = samples.lock() {
                for (i, v) in local.into_iter().enumerate() {
                    all[i].extend(v);
                }
            }
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let samples = samples.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
    let mut ops = serde_json::Map::new();
    let mut all = Vec::new();
    for (i, name) in OPS.iter().enumerate() {
        let mut v = samples[i].clone();
        v.sort_unstable();
        all.extend(&v);
        ops.insert(
            (*name).into(),
            json!({"count": v.len(), "p50_ms": pct(&v, 50.0), "p99_ms": pct(&v, 99.0), "max_ms": v.last().map(|x| *x as f64 / 1000.0).unwrap_or(0.0)}),
        );
    }
    all.sort_unstable();
    let errors = errors.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
    Ok(json!({
        "connections": connections,
        "duration_s": duration,
        "requests": all.len(),
        "throughput_rps": all.len() as f64 / duration as f64,
        "p50_ms": pct(&all, 50.0),
        "p99_ms": pct(&all, 99.0),
        "errors": errors.len(),
        "error_examples": errors.iter().take(5).collect::<Vec<_>>(),
        "ops": ops,
    }))
}
