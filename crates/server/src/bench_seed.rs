//! Synthetic volume for `make bench`: ten years of a district's meetings, agenda items,
//! participants and submissions, inserted in bulk (no audit rows: this is not real history).

use chrono::{Duration, TimeZone, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};
use uuid::Uuid;
use yanpan_types::{
    AgendaCategory, Attendance, MeetingKind, MeetingStatus, MeetingTrigger, ParticipantRole, Role,
    UnitKind,
};

use crate::db;
use crate::entities::{agenda_item, meeting, participant, search_doc, submission, unit};
use crate::error::ApiResult;
use crate::services::search;

const PLACES: &[&str] = &[
    "清波街道",
    "湖滨街道",
    "小营街道",
    "南星街道",
    "紫阳街道",
    "望江街道",
];
const ISSUES: &[&str] = &[
    "夜间施工噪音扰民",
    "老旧小区加装电梯矛盾",
    "物业服务收费纠纷",
    "违章建筑处置不力",
    "餐饮油烟扰民",
    "占道经营反复回潮",
    "群租房安全隐患",
    "停车难引发邻里纠纷",
    "垃圾分类投放不规范",
    "农贸市场秩序混乱",
    "二次供水水质投诉",
    "拆迁安置遗留问题",
    "欠薪讨薪集中反映",
    "养老服务供给不足",
    "学区划分意见集中",
    "共享单车乱停放",
    "地下管网渗漏",
    "景区周边交通拥堵",
    "宠物扰民纠纷",
    "房屋漏水邻里矛盾",
    "快递网点占道",
    "装修噪音投诉",
    "消防通道堵塞",
    "电动车违规充电",
];
const CAUSES: &[&str] = &[
    "部门职责交叉",
    "街道与部门信息不同步",
    "执法力量不足",
    "群众诉求表达渠道不畅",
    "历史遗留问题复杂",
];

/// How many meetings at the end are still open for work: the first few of them `in_progress`
/// (attendance is recorded there), the rest `draft` (agenda items and submissions go there).
const OPEN_MEETINGS: usize = 20;
const IN_PROGRESS_MEETINGS: usize = 5;

/// The people the load generator signs in as (username prefix, role, unit code, how many): many
/// distinct sessions of every role that reads, unit representatives of streets and departments
/// included. They share the password given to `seed-bench`.
const BENCH_USERS: &[(&str, Role, Option<&str>, usize)] = &[
    ("bench-analyst", Role::Analyst, Some("command-center"), 8),
    ("bench-convener", Role::Convener, Some("party-office"), 4),
    ("bench-inspector", Role::Inspector, Some("discipline"), 4),
    ("bench-qingbo", Role::UnitRep, Some("street-qingbo"), 2),
    ("bench-hubin", Role::UnitRep, Some("street-hubin"), 2),
    ("bench-xiaoying", Role::UnitRep, Some("street-xiaoying"), 2),
    ("bench-nanxing", Role::UnitRep, Some("street-nanxing"), 2),
    ("bench-ziyang", Role::UnitRep, Some("street-ziyang"), 2),
    (
        "bench-wangjiang",
        Role::UnitRep,
        Some("street-wangjiang"),
        2,
    ),
    ("bench-police", Role::UnitRep, Some("dept-police"), 2),
    ("bench-urban", Role::UnitRep, Some("dept-urban"), 2),
];

/// Creates the load generator's users (`bench-analyst-1` …) unless they exist.
async fn seed_users(conn: &DatabaseConnection, password: &str) -> ApiResult<usize> {
    use crate::entities::user;
    if user::Entity::find()
        .filter(user::Column::Username.starts_with("bench-"))
        .count(conn)
        .await?
        > 0
    {
        return Ok(0);
    }
    let pw = password.to_owned();
    // One hash for all: they share the password, and hashing is deliberately slow.
    let hash = crate::auth::password::blocking(move || crate::auth::password::hash(&pw)).await??;
    let units = unit::Entity::find().all(conn).await?;
    let now = Utc::now();
    let mut rows = Vec::new();
    for (prefix, role, code, n) in BENCH_USERS {
        let unit_id = code.and_then(|c| units.iter().find(|u| u.code == c).map(|u| u.id));
        for i in 1..=*n {
            rows.push(user::ActiveModel {
                id: Set(Uuid::now_v7()),
                username: Set(format!("{prefix}-{i}")),
                display_name: Set(format!("压测用户 {prefix}-{i}")),
                role: Set(*role),
                unit_id: Set(unit_id),
                password_hash: Set(hash.clone()),
                active: Set(true),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            });
        }
    }
    let n = rows.len();
    user::Entity::insert_many(rows).exec(conn).await?;
    Ok(n)
}

/// Inserts `meetings` meetings (with ten agenda items, eight participants and six submissions
/// each) unless the database holds that many already, and the load generator's users. Returns
/// the number of rows written.
pub async fn seed(conn: &DatabaseConnection, meetings: usize, password: &str) -> ApiResult<usize> {
    let users = seed_users(conn, password).await?;
    if meeting::Entity::find().count(conn).await? >= meetings as u64 {
        return Ok(users);
    }
    let units = unit::Entity::find().all(conn).await?;
    let streets: Vec<Uuid> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Street)
        .map(|u| u.id)
        .collect();
    let depts: Vec<Uuid> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Department)
        .map(|u| u.id)
        .collect();
    let submitter = crate::entities::user::Entity::find()
        .filter(crate::entities::user::Column::Active.eq(true))
        .one(conn)
        .await?
        .map(|u| u.id)
        .unwrap_or_default();
    let start = Utc
        .with_ymd_and_hms(2016, 12, 1, 1, 30, 0)
        .single()
        .unwrap_or_default();
    let span_minutes = Duration::days(3650).num_minutes();
    let mut written = users;
    let chunk = 200;
    let mut i = 0;
    while i < meetings {
        let tx = db::begin_write(conn).await?;
        let (mut ms, mut items, mut parts, mut subs, mut docs) =
            (vec![], vec![], vec![], vec![], vec![]);
        for k in i..(i + chunk).min(meetings) {
            let at = start + Duration::minutes(span_minutes * k as i64 / meetings as i64);
            let kind = match k % 10 {
                0..=6 => MeetingKind::Regular,
                7 | 8 => MeetingKind::SpecialTopic,
                _ => MeetingKind::Level1Supervision,
            };
            let status = if k + OPEN_MEETINGS >= meetings {
                if k + OPEN_MEETINGS < meetings + IN_PROGRESS_MEETINGS {
                    MeetingStatus::InProgress
                } else {
                    MeetingStatus::Draft
                }
            } else if k % 50 == 3 {
                MeetingStatus::Cancelled
            } else {
                MeetingStatus::Concluded
            };
            let issue = ISSUES[k % ISSUES.len()];
            let id = Uuid::now_v7();
            let title = format!(
                "{}{}研判会议（第{}次）",
                at.format("%Y年%m月"),
                if kind == MeetingKind::Regular {
                    "例会"
                } else {
                    "专题"
                },
                k + 1
            );
            let m = meeting::ActiveModel {
                platform_ref: Set(None),
                id: Set(id),
                kind: Set(kind),
                title: Set(title.clone()),
                status: Set(status),
                period: Set((kind == MeetingKind::Regular).then(|| at.format("%Y-%m").to_string())),
                trigger: Set(
                    (kind == MeetingKind::SpecialTopic).then_some(MeetingTrigger::HotIssue)
                ),
                trigger_reason: Set(
                    (kind == MeetingKind::SpecialTopic).then(|| format!("{issue}问题集中爆发"))
                ),
                starts_at: Set(at),
                ends_at: Set(at + Duration::hours(2)),
                place: Set("区联动指挥中心三楼会议室".into()),
                chair: Set("区委副书记".into()),
                submission_due_at: Set(at - Duration::days(2)),
                preliminary_analysis: Set(Some(format!("本期{issue}类诉求占比上升，需重点研判。"))),
                main_reporter: Set(Some("联动中心主任".into())),
                minutes: Set((status == MeetingStatus::Concluded)
                    .then(|| format!("会议听取了{issue}情况汇报，形成处置意见。"))),
                cancel_reason: Set((status == MeetingStatus::Cancelled).then(|| "改期".into())),
                early_start_reason: Set(None),
                concluded_at: Set(
                    (status == MeetingStatus::Concluded).then_some(at + Duration::hours(2))
                ),
                created_by: Set(None),
                version: Set(1),
                created_at: Set(at - Duration::days(10)),
                updated_at: Set(at),
            };
            docs.push(doc(
                "meeting",
                id,
                id,
                &title,
                &format!("{title}\n本期{issue}类诉求占比上升，需重点研判。"),
            ));
            ms.push(m);
            let mut invited: Vec<Uuid> = streets.clone();
            invited.extend(depts.iter().skip(k % depts.len().max(1)).take(2));
            for u in &invited {
                parts.push(participant::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    meeting_id: Set(id),
                    unit_id: Set(*u),
                    role: Set(ParticipantRole::Invited),
                    attendance: Set(Some(Attendance::Present)),
                    attendance_reason: Set(None),
                    attendees: Set(serde_json::json!([])),
                    version: Set(1),
                });
            }
            for (n, u) in streets.iter().enumerate().take(6) {
                subs.push(submission::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    meeting_id: Set(id),
                    unit_id: Set(*u),
                    version_no: Set(1),
                    opinion: Set(format!(
                        "{}关于{}的研判意见",
                        PLACES[n % PLACES.len()],
                        ISSUES[(k + n) % ISSUES.len()]
                    )),
                    submitted_by: Set(submitter),
                    submitted_at: Set(at - Duration::days(3)),
                    due_at_when_submitted: Set(None),
                });
            }
            for j in 0..10 {
                let cat = AgendaCategory::ALL[j % 5];
                let issue = ISSUES[(k * 7 + j) % ISSUES.len()];
                let place = PLACES[(k + j) % PLACES.len()];
                let item_id = Uuid::now_v7();
                let title = format!("{place}{issue}");
                let summary = format!(
                    "{place}本月{issue}相关诉求{}件，较上月有所变化，群众反映强烈。",
                    10 + (k + j) % 40
                );
                let cause = CAUSES[(k + j) % CAUSES.len()];
                docs.push(doc(
                    "agenda_item",
                    item_id,
                    id,
                    &title,
                    &format!("{title}\n{summary}\n{cause}"),
                ));
                items.push(agenda_item::ActiveModel {
                    platform_ref: Set(None),
                    id: Set(item_id),
                    meeting_id: Set(id),
                    category: Set(cat),
                    title: Set(title),
                    summary: Set(summary),
                    evidence: Set(serde_json::json!({"figures": [{"label": "件数", "value": 12, "unit": "件"}], "case_numbers": [format!("LD-{k}-{j}")]})),
                    causes: Set(Some(cause.into())),
                    weak_links: Set(Some("信息共享不及时".into())),
                    remedies: Set(Some("建立联合处置机制".into())),
                    presenting_unit_id: Set(None),
                    position: Set(j as i32 + 1),
                    escalate: Set((cat == AgendaCategory::PoorDisposal).then_some(false)),
                    escalation_reason: Set((cat == AgendaCategory::PoorDisposal).then(|| "已整改".into())),
                    version: Set(1),
                    created_at: Set(at - Duration::days(5)),
                    updated_at: Set(at - Duration::days(5)),
                });
            }
        }
        written += ms.len() + items.len() + parts.len() + subs.len() + docs.len();
        meeting::Entity::insert_many(ms).exec(&tx).await?;
        for c in items.chunks(500) {
            agenda_item::Entity::insert_many(c.to_vec())
                .exec(&tx)
                .await?;
        }
        for c in parts.chunks(1000) {
            participant::Entity::insert_many(c.to_vec())
                .exec(&tx)
                .await?;
        }
        for c in subs.chunks(1000) {
            submission::Entity::insert_many(c.to_vec())
                .exec(&tx)
                .await?;
        }
        for c in docs.chunks(500) {
            search_doc::Entity::insert_many(c.to_vec())
                .exec(&tx)
                .await?;
        }
        db::commit(tx).await?;
        i += chunk;
    }
    Ok(written)
}

fn doc(
    entity: &str,
    entity_id: Uuid,
    meeting_id: Uuid,
    title: &str,
    body: &str,
) -> search_doc::ActiveModel {
    search_doc::ActiveModel {
        id: Set(Uuid::now_v7()),
        entity: Set(entity.into()),
        entity_id: Set(entity_id),
        meeting_id: Set(meeting_id),
        title: Set(title.chars().take(200).collect()),
        body: Set(body.into()),
        tokens: Set(search::tokens(body).join(" ")),
    }
}

/// The database's own cost of each read of the mixed workload: the statements the server runs
/// for a list page, a meeting's detail and a search, built by the same code, run one after
/// another straight on the pool (no HTTP, authentication or JSON), `rounds` times each with
/// varied parameters. Answers, per operation, the median and 99th percentile in milliseconds.
pub async fn sql_cost(conn: &DatabaseConnection, rounds: usize) -> ApiResult<serde_json::Value> {
    use crate::auth::{Principal, PrincipalKind};
    use sea_orm::{ConnectionTrait, QueryOrder, QueryTrait};
    use yanpan_types::{MeetingQuery, PageParams, SearchQuery};
    let backend = conn.get_database_backend();
    let ids: Vec<Uuid> = meeting::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let analyst = Principal {
        id: Uuid::now_v7(),
        kind: PrincipalKind::User,
        name: "bench".into(),
        role: Role::Analyst,
        unit_id: None,
        scopes: Vec::new(),
    };
    let phrases = [
        "噪音",
        "加装电梯",
        "违章建筑",
        "清波街道",
        "执法力量不足",
        "第1024次",
        "群租房",
        "研判意见",
    ];
    let kinds = [
        None,
        Some(MeetingKind::Regular),
        Some(MeetingKind::SpecialTopic),
    ];
    let statuses = [
        None,
        Some(MeetingStatus::Concluded),
        Some(MeetingStatus::Cancelled),
    ];
    let sorts = ["-starts_at", "starts_at", "title", "-created_at"];
    let mut times: std::collections::BTreeMap<&str, Vec<f64>> = Default::default();
    let mut rng = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n.max(1) as u64) as usize
    };
    for _ in 0..rounds {
        // A list page, as `meetings::list` runs it (the count rides in the same query).
        let q = MeetingQuery {
            kind: kinds[next(kinds.len())],
            status: statuses[next(statuses.len())],
            sort: Some(sorts[next(sorts.len())].into()),
            ..Default::default()
        };
        let page = PageParams::new(1 + next(40) as u64, 50);
        let (stmt, _) = crate::services::meetings::list_statements(backend, &analyst, &q, page);
        let t = std::time::Instant::now();
        conn.query_all_raw(stmt).await?;
        times
            .entry("list_meetings")
            .or_default()
            .push(t.elapsed().as_secs_f64() * 1000.0);
        // A meeting's detail: the meeting, participants with names, agenda, escalations.
        let id = ids[next(ids.len())];
        let t = std::time::Instant::now();
        conn.query_all_raw(meeting::Entity::find_by_id(id).build(backend))
            .await?;
        crate::services::meetings::participants(conn, id).await?;
        let items: Vec<Uuid> = agenda_item::Entity::find()
            .filter(agenda_item::Column::MeetingId.eq(id))
            .order_by_asc(agenda_item::Column::Position)
            .all(conn)
            .await?
            .into_iter()
            .map(|i| i.id)
            .collect();
        times
            .entry("meeting_detail")
            .or_default()
            .push(t.elapsed().as_secs_f64() * 1000.0);
        let t = std::time::Instant::now();
        crate::store::escalations::of_items(conn, &items).await?;
        let escalations_ms = t.elapsed().as_secs_f64() * 1000.0;
        if let Some(last) = times.get_mut("meeting_detail").and_then(|v| v.last_mut()) {
            *last += escalations_ms;
        }
        // A search's first page and its count, as `search::search` runs them.
        let sq = SearchQuery {
            q: phrases[next(phrases.len())].into(),
            entity: None,
        };
        let (page_stmt, count_stmt) = crate::services::search::search_statements(
            backend,
            &analyst,
            &sq,
            PageParams::new(1, 20),
        );
        let t = std::time::Instant::now();
        let rows = conn.query_all_raw(page_stmt).await?;
        if rows.len() == 20 {
            conn.query_all_raw(count_stmt).await?;
        }
        times
            .entry("search")
            .or_default()
            .push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut out = serde_json::Map::new();
    for (op, mut v) in times {
        v.sort_by(|a, b| a.total_cmp(b));
        let at = |p: f64| {
            v.get(((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1)
                .copied()
                .unwrap_or(0.0)
        };
        // The mean too: what the statements cost on average is what bounds the throughput.
        let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
        let round = |x: f64| (x * 100.0).round() / 100.0;
        out.insert(
            op.into(),
            serde_json::json!({"p50_ms": round(at(0.5)), "p99_ms": round(at(0.99)), "mean_ms": round(mean), "samples": v.len()}),
        );
    }
    Ok(serde_json::Value::Object(out))
}
