//! `yanpan-loadgen`: the mixed workload of `make bench`. Every connection is one signed-in user
//! (analysts, conveners, inspectors, street and department representatives: the `bench-*` users
//! `yanpan seed-bench` creates); each picks its next request at random: about 60 % meeting lists
//! with random filters, sort orders and pages, 25 % one meeting by a random id it may see, 10 %
//! searches of phrases found in the seeded text, 5 % writes (agenda items, submissions,
//! attendance). It prints per-operation counts, p50/p99 and the mix's throughput as JSON.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use serde_json::{Value, json};

#[derive(Parser, Clone)]
struct Args {
    /// The server, e.g. http://127.0.0.1:8080
    #[arg(long)]
    base: String,
    /// The password of the `bench-*` users.
    #[arg(long, env = "YANPAN_BENCH_PASSWORD")]
    password: String,
    /// Concurrent connections, one user each.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Seconds measured (after the warm-up).
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// Seconds of load before measuring.
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Seed of the random choices, so that two runs ask the same questions.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Percentage of writes in the mix (the rest keeps the 60 : 25 : 10 proportions).
    #[arg(long, default_value_t = 5)]
    writes: u32,
}

/// The bench users: (username prefix, how many, role).
const USERS: &[(&str, usize, Role)] = &[
    ("bench-analyst", 8, Role::Organiser),
    ("bench-convener", 4, Role::Organiser),
    ("bench-inspector", 4, Role::Inspector),
    ("bench-qingbo", 2, Role::Rep),
    ("bench-hubin", 2, Role::Rep),
    ("bench-xiaoying", 2, Role::Rep),
    ("bench-nanxing", 2, Role::Rep),
    ("bench-ziyang", 2, Role::Rep),
    ("bench-wangjiang", 2, Role::Rep),
    ("bench-police", 2, Role::Rep),
    ("bench-urban", 2, Role::Rep),
];

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Organiser,
    Inspector,
    Rep,
}

/// Phrases of two to six characters found in the seeded text: common ones (a category of issue,
/// a street, a cause) and rare ones (one meeting's number).
const PHRASES: &[&str] = &[
    "噪音",
    "施工噪音",
    "夜间施工",
    "扰民",
    "加装电梯",
    "电梯",
    "老旧小区",
    "电梯矛盾",
    "物业服务",
    "收费纠纷",
    "物业",
    "违章建筑",
    "处置不力",
    "违章",
    "餐饮油烟",
    "油烟扰民",
    "油烟",
    "占道经营",
    "反复回潮",
    "回潮",
    "群租房",
    "安全隐患",
    "隐患",
    "停车难",
    "邻里纠纷",
    "邻里",
    "垃圾分类",
    "投放不规范",
    "垃圾",
    "农贸市场",
    "市场秩序",
    "秩序混乱",
    "二次供水",
    "水质投诉",
    "水质",
    "拆迁安置",
    "遗留问题",
    "拆迁",
    "欠薪讨薪",
    "集中反映",
    "讨薪",
    "养老服务",
    "供给不足",
    "养老",
    "学区划分",
    "意见集中",
    "学区",
    "共享单车",
    "乱停放",
    "单车",
    "地下管网",
    "管网渗漏",
    "渗漏",
    "景区周边",
    "交通拥堵",
    "拥堵",
    "宠物扰民",
    "宠物",
    "房屋漏水",
    "漏水",
    "快递网点",
    "快递",
    "装修噪音",
    "装修",
    "消防通道",
    "通道堵塞",
    "消防",
    "电动车",
    "违规充电",
    "充电",
    "清波街道",
    "湖滨街道",
    "小营街道",
    "南星街道",
    "紫阳街道",
    "望江街道",
    "清波",
    "湖滨",
    "望江",
    "紫阳",
    "部门职责交叉",
    "职责交叉",
    "信息不同步",
    "执法力量不足",
    "执法力量",
    "表达渠道不畅",
    "渠道不畅",
    "历史遗留",
    "研判意见",
    "处置意见",
    "诉求占比上升",
    "重点研判",
    "情况汇报",
    "群众反映强烈",
    "较上月",
    "研判会议",
    "例会",
    "专题",
    "问题集中爆发",
    "集中爆发",
    "第17次",
    "第204次",
    "第388次",
    "第1024次",
    "第1999次",
    "第2718次",
    "第3141次",
    "第4096次",
    "第5000次",
    "第6174次",
    "第7777次",
    "第8128次",
    "第9001次",
    "第9973次",
    "第12次",
    "第555次",
];

const CATEGORIES: &[&str] = &[
    "repeated_demands",
    "poor_disposal",
    "satisfaction",
    "suggestions",
    "other",
];

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        v.get(self.below(v.len()))
    }
    fn percent(&mut self) -> u32 {
        (self.next() % 100) as u32
    }
}

/// What every worker knows about the data, learnt before the run.
struct World {
    /// Meeting ids each unit's representative may see (streets see all), by username prefix.
    visible: HashMap<String, Arc<Vec<String>>>,
    all: Arc<Vec<String>>,
    drafts: Vec<String>,
    in_progress: Vec<(String, Vec<String>)>,
    /// Earliest and latest year of the seeded meetings.
    years: (i32, i32),
}

#[derive(Default)]
struct Samples {
    /// Microseconds of every measured request, by operation.
    latencies: HashMap<&'static str, Vec<u32>>,
    errors: HashMap<&'static str, u64>,
    error_examples: Vec<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let http = client(args.connections)?;
    let mut sessions = Vec::new();
    for (prefix, n, role) in USERS {
        for i in 1..=*n {
            let name = format!("{prefix}-{i}");
            sessions.push((prefix.to_string(), *role, login(&http, &args, &name).await?));
        }
    }
    let world = Arc::new(learn(&http, &args, &sessions).await?);
    let samples = Arc::new(Mutex::new(Samples::default()));
    let start = Instant::now();
    let measure_from = start + Duration::from_secs(args.warmup);
    let end = measure_from + Duration::from_secs(args.duration);
    let mut tasks = Vec::new();
    for c in 0..args.connections {
        let (prefix, role, token) = sessions[c % sessions.len()].clone();
        let http = client(1)?;
        let world = world.clone();
        let samples = samples.clone();
        let args = args.clone();
        let seed = args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (c as u64 + 1);
        tasks.push(tokio::spawn(async move {
            let mut w = Worker {
                http,
                base: args.base.clone(),
                token,
                role,
                visible: world
                    .visible
                    .get(&prefix)
                    .cloned()
                    .unwrap_or(world.all.clone()),
                drafts: {
                    let seen = world
                        .visible
                        .get(&prefix)
                        .cloned()
                        .unwrap_or(world.all.clone());
                    world
                        .drafts
                        .iter()
                        .filter(|d| seen.contains(d))
                        .cloned()
                        .collect()
                },
                world,
                rng: Rng(seed | 1),
                totals: HashMap::new(),
                writes: args.writes,
                n: 0,
            };
            let mut local = Samples::default();
            while Instant::now() < end {
                let t0 = Instant::now();
                let (op, outcome) = w.one().await;
                let us = t0.elapsed().as_micros().min(u32::MAX as u128) as u32;
                if t0 >= measure_from && Instant::now() <= end {
                    local.latencies.entry(op).or_default().push(us);
                    if let Err(e) = outcome {
                        *local.errors.entry(op).or_default() += 1;
                        if local.error_examples.len() < 5 {
                            local.error_examples.push(format!("{op}: {e}"));
                        }
                    }
                }
            }
            if let Ok(mut all) = samples.lock() {
                for (k, v) in local.latencies {
                    all.latencies.entry(k).or_default().extend(v);
                }
                for (k, v) in local.errors {
                    *all.errors.entry(k).or_default() += v;
                }
                all.error_examples.extend(local.error_examples);
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let s = samples.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
    let secs = args.duration as f64;
    let mut ops = serde_json::Map::new();
    let mut all: Vec<u32> = Vec::new();
    let mut total = 0usize;
    let mut names: Vec<_> = s.latencies.keys().copied().collect();
    names.sort();
    for name in names {
        let mut v = s.latencies[name].clone();
        v.sort_unstable();
        total += v.len();
        all.extend(&v);
        ops.insert(
            name.into(),
            json!({
                "count": v.len(),
                "share_percent": 0.0,
                "rps": v.len() as f64 / secs,
                "p50_ms": pct(&v, 50.0),
                "p99_ms": pct(&v, 99.0),
                "max_ms": v.last().map(|x| *x as f64 / 1000.0).unwrap_or(0.0),
                "errors": s.errors.get(name).copied().unwrap_or(0),
            }),
        );
    }
    for (_, o) in ops.iter_mut() {
        let c = o["count"].as_u64().unwrap_or(0) as f64;
        o["share_percent"] = json!((1000.0 * c / total.max(1) as f64).round() / 10.0);
    }
    all.sort_unstable();
    let out = json!({
        "connections": args.connections,
        "users": sessions.len(),
        "duration_s": args.duration,
        "requests": total,
        "throughput_rps": total as f64 / secs,
        "p50_ms": pct(&all, 50.0),
        "p99_ms": pct(&all, 99.0),
        "errors": s.errors.values().sum::<u64>(),
        "error_examples": s.error_examples,
        "ops": ops,
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

fn client(conns: usize) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(conns)
        .timeout(Duration::from_secs(30))
        .build()?)
}

async fn login(http: &reqwest::Client, args: &Args, username: &str) -> anyhow::Result<String> {
    let r = http
        .post(format!("{}/api/v1/auth/login", args.base))
        .json(&json!({"username": username, "password": args.password}))
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("cannot sign in as {username}: {}", r.status());
    }
    let v: Value = r.json().await?;
    Ok(v["access_token"]
        .as_str()
        .context("no access_token")?
        .to_owned())
}

async fn get_json(
    http: &reqwest::Client,
    args: &Args,
    token: &str,
    path: &str,
) -> anyhow::Result<Value> {
    let r = http
        .get(format!("{}/api/v1{path}", args.base))
        .bearer_auth(token)
        .send()
        .await?;
    if !r.status().is_success() {
        bail!("GET {path}: {}", r.status());
    }
    Ok(r.json().await?)
}

/// Every meeting id the token may see, newest first.
async fn meeting_ids(
    http: &reqwest::Client,
    args: &Args,
    token: &str,
    filter: &str,
) -> anyhow::Result<Vec<String>> {
    let mut ids = Vec::new();
    for page in 1.. {
        let v = get_json(
            http,
            args,
            token,
            &format!("/meetings?page_size=100&page={page}{filter}"),
        )
        .await?;
        let items = v["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        ids.extend(
            items
                .iter()
                .filter_map(|m| m["id"].as_str().map(str::to_owned)),
        );
    }
    Ok(ids)
}

async fn learn(
    http: &reqwest::Client,
    args: &Args,
    sessions: &[(String, Role, String)],
) -> anyhow::Result<World> {
    let organiser = &sessions
        .iter()
        .find(|s| s.1 == Role::Organiser)
        .context("no organiser")?
        .2;
    let all = meeting_ids(http, args, organiser, "").await?;
    let mut visible = HashMap::new();
    for (prefix, role, token) in sessions {
        if *role == Role::Rep && !visible.contains_key(prefix) {
            visible.insert(
                prefix.clone(),
                Arc::new(meeting_ids(http, args, token, "").await?),
            );
        }
    }
    let drafts = meeting_ids(http, args, organiser, "&status=draft").await?;
    let mut in_progress = Vec::new();
    for id in meeting_ids(http, args, organiser, "&status=in_progress").await? {
        let d = get_json(http, args, organiser, &format!("/meetings/{id}")).await?;
        let units = d["participants"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter_map(|p| p["unit_id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        in_progress.push((id, units));
    }
    let year = |page: &str| -> anyhow::Result<i32> {
        let v: Value = serde_json::from_str(page)?;
        let s = v["items"][0]["starts_at"].as_str().context("no meetings")?;
        Ok(s.get(..4).context("date")?.parse()?)
    };
    let newest = get_json(
        http,
        args,
        organiser,
        "/meetings?page_size=1&sort=-starts_at",
    )
    .await?;
    let oldest = get_json(
        http,
        args,
        organiser,
        "/meetings?page_size=1&sort=starts_at",
    )
    .await?;
    if drafts.is_empty() || in_progress.is_empty() {
        bail!("the bench seed has no draft or in-progress meetings");
    }
    Ok(World {
        visible,
        all: Arc::new(all),
        drafts,
        in_progress,
        years: (year(&oldest.to_string())?, year(&newest.to_string())?),
    })
}

struct Worker {
    http: reqwest::Client,
    base: String,
    token: String,
    role: Role,
    visible: Arc<Vec<String>>,
    /// Draft meetings this user may work on (its unit takes part, for a representative).
    drafts: Vec<String>,
    world: Arc<World>,
    rng: Rng,
    /// The number of meetings each list filter found, so later pages can be asked for.
    totals: HashMap<String, u64>,
    writes: u32,
    n: u64,
}

type Outcome = Result<(), String>;

impl Worker {
    async fn one(&mut self) -> (&'static str, Outcome) {
        self.n += 1;
        let r = self.rng.percent();
        let reads = 100 - self.writes;
        // 60 : 25 : 10 among the reads (of 95 by default).
        let list_cut = reads * 60 / 95;
        let detail_cut = list_cut + reads * 25 / 95;
        if r < list_cut {
            ("list_meetings", self.list().await)
        } else if r < detail_cut {
            ("meeting_detail", self.detail().await)
        } else if r < reads {
            ("search", self.search().await)
        } else {
            match self.role {
                Role::Rep => ("create_submission", self.submit().await),
                Role::Organiser if self.rng.percent() < 67 => {
                    ("create_agenda_item", self.add_item().await)
                }
                Role::Organiser => ("record_attendance", self.attend().await),
                // Inspectors only read: another list.
                Role::Inspector => ("list_meetings", self.list().await),
            }
        }
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<reqwest::Response, String> {
        let r = req
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if r.status().is_success() {
            Ok(r)
        } else {
            let status = r.status();
            let body = r.text().await.unwrap_or_default();
            Err(format!(
                "{status}: {}",
                body.chars().take(300).collect::<String>()
            ))
        }
    }

    async fn get(&self, path: &str) -> Result<reqwest::Response, String> {
        self.send(self.http.get(format!("{}/api/v1{path}", self.base)))
            .await
    }

    async fn list(&mut self) -> Outcome {
        let mut q: Vec<String> = Vec::new();
        let kind = ["", "", "regular", "special_topic", "level1_supervision"];
        let status = ["", "", "", "concluded", "cancelled", "draft"];
        let sort = [
            "",
            "-starts_at",
            "starts_at",
            "title",
            "-title",
            "-created_at",
        ];
        let k = *self.rng.pick(&kind).unwrap_or(&"");
        if !k.is_empty() {
            q.push(format!("kind={k}"));
        }
        let s = *self.rng.pick(&status).unwrap_or(&"");
        if !s.is_empty() {
            q.push(format!("status={s}"));
        }
        let (y0, y1) = self.world.years;
        let span = (y1 - y0 + 1).max(1) as usize;
        match self.rng.percent() {
            0..15 => {
                let y = y0 + self.rng.below(span) as i32;
                q.push(format!("period={y}-{:02}", 1 + self.rng.below(12)));
            }
            15..30 => {
                let y = y0 + self.rng.below(span) as i32;
                q.push(format!(
                    "from={y}-01-01T00:00:00Z&to={}-01-01T00:00:00Z",
                    y + 1 + self.rng.below(2) as i32
                ));
            }
            30..38 => {
                let t = ["例会", "专题", "研判会议", "2021年", "06月"];
                q.push(format!(
                    "q={}",
                    urlencode(self.rng.pick(&t).unwrap_or(&"例会"))
                ));
            }
            _ => {}
        }
        let so = *self.rng.pick(&sort).unwrap_or(&"");
        if !so.is_empty() {
            q.push(format!("sort={so}"));
        }
        let size = if self.rng.percent() < 75 { 50 } else { 20 };
        q.push(format!("page_size={size}"));
        let key = q.join("&");
        let pages = self
            .totals
            .get(&key)
            .map(|t| t.div_ceil(size).max(1))
            .unwrap_or(1);
        let page = 1 + self.rng.below(pages as usize);
        let r = self.get(&format!("/meetings?{key}&page={page}")).await?;
        let total = r
            .headers()
            .get("x-total-count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        r.bytes().await.map_err(|e| e.to_string())?;
        if let Some(t) = total {
            self.totals.insert(key, t);
        }
        Ok(())
    }

    async fn detail(&mut self) -> Outcome {
        let Some(id) = self.rng.pick(&self.visible).cloned() else {
            return Err("no visible meeting".into());
        };
        let r = self.get(&format!("/meetings/{id}")).await?;
        r.bytes().await.map_err(|e| e.to_string())?;
        Ok(())
    }

    async fn search(&mut self) -> Outcome {
        let phrase = self.rng.pick(PHRASES).copied().unwrap_or("噪音");
        let page = if self.rng.percent() < 80 {
            1
        } else {
            2 + self.rng.below(3)
        };
        let r = self
            .get(&format!("/search?q={}&page={page}", urlencode(phrase)))
            .await?;
        r.bytes().await.map_err(|e| e.to_string())?;
        Ok(())
    }

    async fn post(&self, path: &str, body: Value) -> Outcome {
        let r = self
            .send(
                self.http
                    .post(format!("{}/api/v1{path}", self.base))
                    .json(&body),
            )
            .await?;
        r.bytes().await.map_err(|e| e.to_string())?;
        Ok(())
    }

    async fn add_item(&mut self) -> Outcome {
        let Some(id) = self.rng.pick(&self.world.drafts).cloned() else {
            return Err("no draft".into());
        };
        let cat = self.rng.pick(CATEGORIES).copied().unwrap_or("other");
        let topic = self.rng.pick(&PHRASES[..70]).copied().unwrap_or("噪音");
        let body = json!({
            "category": cat,
            "title": format!("压测议题：{topic}（{}）", self.n),
            "summary": format!("本月{topic}相关诉求较上月增加，需研判处置。"),
            "evidence": {"figures": [{"label": "件数", "value": 12, "unit": "件"}], "case_numbers": []},
        });
        self.post(&format!("/meetings/{id}/agenda-items"), body)
            .await
    }

    async fn submit(&mut self) -> Outcome {
        let Some(id) = self.rng.pick(&self.drafts).cloned() else {
            return Err("no draft".into());
        };
        let topic = self.rng.pick(&PHRASES[..70]).copied().unwrap_or("噪音");
        let body = json!({"opinion": format!("本单位关于{topic}的研判意见：诉求集中，建议联合处置。"), "attachment_ids": []});
        self.post(&format!("/meetings/{id}/submissions"), body)
            .await
    }

    async fn attend(&mut self) -> Outcome {
        let Some((id, units)) = self.rng.pick(&self.world.in_progress).cloned() else {
            return Err("no meeting in progress".into());
        };
        let Some(unit) = self.rng.pick(&units).cloned() else {
            return Err("no participants".into());
        };
        let body =
            json!({"entries": [{"unit_id": unit, "attendance": "present", "attendees": ["张三"]}]});
        let r = self
            .send(
                self.http
                    .put(format!("{}/api/v1/meetings/{id}/attendance", self.base))
                    .json(&body),
            )
            .await?;
        r.bytes().await.map_err(|e| e.to_string())?;
        Ok(())
    }
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
