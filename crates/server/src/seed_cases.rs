//! The demo's analysis-room data (issue 11): the category dictionary and 24 months of the
//! platform's cases across the six streets and the departments, generated deterministically (a
//! fixed-seed generator and the seeding day): seasonality, repeat reporters and addresses, units
//! that differ in speed and satisfaction, and one planted hot issue in the last three weeks.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use uuid::Uuid;
use yanpan_types::{
    CaseChannel, CaseKind, CaseStatus, CreateCaseCategory, Satisfaction, SupervisionLevel, UnitKind,
};

use crate::auth::Actor;
use crate::domain::cases::{Handling, normalise_address, reporter_hash};
use crate::entities::{case, unit};
use crate::error::ApiResult;
use crate::services::cases::{create_category, day_start};

/// First-level categories, then (code, name, parent, platform code, mean cases a month in the
/// whole district, handling department or `None` for the street itself, kind, summer factor).
const TOPS: &[(&str, &str)] = &[
    ("urban", "城市管理"),
    ("housing", "物业住房"),
    ("social", "社会矛盾"),
    ("market", "市场消费"),
];

type Leaf = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    Option<&'static str>,
    CaseKind,
    f64,
);

const LEAVES: &[Leaf] = &[
    (
        "noise",
        "噪音扰民",
        "urban",
        "PA-0101",
        420.0,
        Some("dept-urban"),
        CaseKind::Demand,
        1.6,
    ),
    (
        "illegal-building",
        "违章搭建",
        "urban",
        "PA-0102",
        180.0,
        Some("dept-urban"),
        CaseKind::Demand,
        1.0,
    ),
    (
        "street-vending",
        "占道经营",
        "urban",
        "PA-0103",
        260.0,
        Some("dept-urban"),
        CaseKind::Incident,
        1.3,
    ),
    (
        "garbage",
        "垃圾分类",
        "urban",
        "PA-0104",
        230.0,
        Some("dept-urban"),
        CaseKind::Demand,
        1.2,
    ),
    (
        "parking",
        "停车难",
        "urban",
        "PA-0105",
        310.0,
        Some("dept-police"),
        CaseKind::Demand,
        0.9,
    ),
    (
        "property",
        "物业纠纷",
        "housing",
        "PA-0201",
        330.0,
        Some("dept-housing"),
        CaseKind::Dispute,
        1.0,
    ),
    (
        "elevator",
        "加装电梯",
        "housing",
        "PA-0202",
        150.0,
        Some("dept-housing"),
        CaseKind::Demand,
        0.9,
    ),
    (
        "leaking",
        "房屋漏水",
        "housing",
        "PA-0203",
        190.0,
        Some("dept-housing"),
        CaseKind::Demand,
        1.8,
    ),
    (
        "neighbour",
        "邻里纠纷",
        "social",
        "PA-0301",
        280.0,
        None,
        CaseKind::Dispute,
        1.1,
    ),
    (
        "wage",
        "劳资纠纷",
        "social",
        "PA-0302",
        170.0,
        Some("dept-hrss"),
        CaseKind::Dispute,
        0.8,
    ),
    (
        "food-safety",
        "食品安全",
        "market",
        "PA-0401",
        140.0,
        Some("dept-market"),
        CaseKind::Incident,
        1.3,
    ),
    (
        "consumer",
        "消费投诉",
        "market",
        "PA-0402",
        240.0,
        Some("dept-market"),
        CaseKind::Demand,
        1.0,
    ),
];

/// Streets: code, share of the cases, road names of its addresses, communities.
const STREETS: &[(&str, f64, &[&str], &[&str])] = &[
    (
        "street-qingbo",
        0.15,
        &["河坊街", "南山路", "清波街", "劳动路"],
        &["清波门社区", "柳翠井巷社区", "劳动路社区"],
    ),
    (
        "street-hubin",
        0.17,
        &["延安路", "平海路", "东坡路", "邮电路"],
        &["东坡路社区", "青年路社区", "岳王路社区"],
    ),
    (
        "street-xiaoying",
        0.16,
        &["建国中路", "小营巷", "葵巷", "马市街"],
        &["小营巷社区", "葵巷社区", "长明寺巷社区"],
    ),
    (
        "street-nanxing",
        0.18,
        &["复兴街", "秋涛路", "海潮路", "南星路"],
        &["复兴南苑社区", "海月社区", "梵天寺社区"],
    ),
    (
        "street-ziyang",
        0.16,
        &["紫阳山路", "江城路", "大马弄", "望江路"],
        &["新工社区", "上羊市街社区", "紫阳社区"],
    ),
    (
        "street-wangjiang",
        0.18,
        &["望江东路", "近江路", "秋涛北路", "婺江路"],
        &["近江东园社区", "望江家园社区", "始版桥社区"],
    ),
];

/// Handling units' quality: (days they usually take, chance of a late case, chance of an
/// unsatisfied rating, chance of being sent back).
fn quality(code: &str) -> (f64, f64, f64, f64) {
    match code {
        "dept-urban" => (3.0, 0.08, 0.07, 0.05),
        "dept-police" => (2.0, 0.05, 0.05, 0.03),
        "dept-housing" => (6.0, 0.22, 0.18, 0.12),
        "dept-hrss" => (5.0, 0.12, 0.10, 0.06),
        "dept-market" => (3.0, 0.06, 0.06, 0.04),
        "street-nanxing" => (4.0, 0.15, 0.12, 0.08),
        _ => (3.0, 0.09, 0.08, 0.05),
    }
}

/// SplitMix64: a tiny generator whose sequence is fixed by its seed on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// A Poisson count (Knuth; means here are small).
    fn poisson(&mut self, mean: f64) -> u64 {
        let l = (-mean).exp();
        let (mut k, mut p) = (0, 1.0);
        loop {
            p *= self.unit();
            if p <= l {
                return k;
            }
            k += 1;
        }
    }
}

/// Summer (June–August) months get a category's summer factor; the rest of the year 1, with a
/// dip at the Spring Festival (February).
fn season(month: u32, summer: f64) -> f64 {
    match month {
        6..=8 => summer,
        2 => 0.75,
        _ => 1.0,
    }
}

/// Seeds the dictionary and the cases; returns how many cases.
pub async fn seed(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    key: &[u8],
    today: NaiveDate,
    scale: f64,
) -> ApiResult<u64> {
    for (code, name) in TOPS {
        create_category(
            conn,
            actor,
            &CreateCaseCategory {
                code: (*code).into(),
                name: (*name).into(),
                parent_code: None,
                platform_codes: vec![],
            },
        )
        .await?;
    }
    let mut categories = HashMap::new();
    for leaf in LEAVES {
        let c = create_category(
            conn,
            actor,
            &CreateCaseCategory {
                code: leaf.0.into(),
                name: leaf.1.into(),
                parent_code: Some(leaf.2.into()),
                platform_codes: vec![leaf.3.into()],
            },
        )
        .await?;
        categories.insert(leaf.0, c.id);
    }
    let units: HashMap<String, Uuid> = unit::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .filter(|u| matches!(u.kind, UnitKind::Street | UnitKind::Department))
        .map(|u| (u.code, u.id))
        .collect();
    let mut rng = Rng(0x5948_414E_4750_4153);
    // Frequent reporters: each tied to a street, a category and an address.
    let frequent: Vec<(usize, usize, String, String)> = (0..500)
        .map(|i| {
            let s = rng.below(STREETS.len());
            let c = rng.below(LEAVES.len());
            let road = STREETS[s].2[rng.below(STREETS[s].2.len())];
            (
                s,
                c,
                format!("1{}{:09}", 3 + i % 7, rng.next() % 1_000_000_000),
                format!("{road}{}号", 1 + rng.below(300)),
            )
        })
        .collect();
    let first = today
        .with_day(1)
        .and_then(|d| d.checked_sub_months(chrono::Months::new(23)))
        .unwrap_or(today);
    let now = day_start(today) + Duration::hours(10);
    let mut rows = Vec::new();
    let mut total = 0u64;
    let mut serial: HashMap<String, u32> = HashMap::new();
    let mut day = first;
    while day <= today {
        for (ci, leaf) in LEAVES.iter().enumerate() {
            let per_day = scale * leaf.4 * season(day.month(), leaf.7) / 30.4;
            for (si, street) in STREETS.iter().enumerate() {
                let mut n = rng.poisson(per_day * street.1);
                // The planted hot issue: construction noise at night in 望江街道, last 3 weeks,
                // rising. The detector tests the last week against the twelve before it, which
                // hold the first two: at an even six a day their weight left the last week below
                // twice the baseline on some days, and the issue went unseen.
                let age = (today - day).num_days();
                let planted = leaf.0 == "noise" && street.0 == "street-wangjiang" && age < 21;
                if planted {
                    n += rng.poisson(match age {
                        0..7 => 10.0,
                        7..14 => 4.0,
                        _ => 2.0,
                    });
                }
                for _ in 0..n {
                    let seconds = 7 * 3600 + rng.below(14 * 3600) as i64;
                    let received = day_start(day) + Duration::seconds(seconds);
                    if received > now {
                        continue;
                    }
                    let month_key = format!("{:04}{:02}", day.year(), day.month());
                    let k = serial.entry(month_key.clone()).or_insert(0);
                    *k += 1;
                    let number = format!("PA{month_key}{:05}", k);
                    rows.push(make_case(
                        &mut rng,
                        &units,
                        &categories,
                        &frequent,
                        key,
                        (ci, si),
                        number,
                        received,
                        now,
                        planted,
                    ));
                }
            }
        }
        // Written a few days at a time: a scaled-up benchmark's million cases never sit in
        // memory together.
        if rows.len() >= 5_000 || day >= today {
            total += rows.len() as u64;
            let mut rest = std::mem::take(&mut rows).into_iter().peekable();
            while rest.peek().is_some() {
                let chunk: Vec<case::ActiveModel> = rest.by_ref().take(500).collect();
                case::Entity::insert_many(chunk)
                    .exec_without_returning(conn)
                    .await?;
            }
        }
        day = day + Days::new(1);
    }
    crate::store::case_stats::rebuild(conn).await?;
    Ok(total)
}

#[allow(clippy::too_many_arguments)]
fn make_case(
    rng: &mut Rng,
    units: &HashMap<String, Uuid>,
    categories: &HashMap<&str, Uuid>,
    frequent: &[(usize, usize, String, String)],
    key: &[u8],
    (ci, si): (usize, usize),
    number: String,
    received: DateTime<Utc>,
    now: DateTime<Utc>,
    planted: bool,
) -> case::ActiveModel {
    let leaf = &LEAVES[ci];
    let street = &STREETS[si];
    let street_id = units.get(street.0).copied().unwrap_or_default();
    let handler_code = leaf.5.unwrap_or(street.0);
    let handler = units.get(handler_code).copied();
    let (days, late_p, unsat_p, redo_p) = quality(handler_code);
    // One case in eight comes from a frequent reporter of this street and category.
    let regulars: Vec<&(usize, usize, String, String)> =
        frequent.iter().filter(|f| f.0 == si && f.1 == ci).collect();
    let (phone, address) = if !regulars.is_empty() && rng.chance(0.12) {
        let f = regulars[rng.below(regulars.len())];
        (f.2.clone(), f.3.clone())
    } else if planted {
        (
            format!("13{:09}", rng.next() % 1_000_000_000),
            "望江东路88号（地铁施工工地）".to_owned(),
        )
    } else {
        let road = street.2[rng.below(street.2.len())];
        (
            format!("1{}{:09}", 5 + rng.below(4), rng.next() % 1_000_000_000),
            format!("{road}{}号", 1 + rng.below(300)),
        )
    };
    let due = received + Duration::days(5);
    let age = (now - received).num_hours() as f64 / 24.0;
    // Most cases take about the unit's usual time; some run late, a few stall for months.
    let took = days * (0.3 + rng.unit() * 1.4)
        + if rng.chance(late_p) {
            4.0 + rng.unit() * 6.0
        } else {
            0.0
        }
        + if rng.chance(0.03) {
            30.0 + rng.unit() * 90.0
        } else {
            0.0
        };
    let resolved = (took < age).then(|| received + Duration::minutes((took * 1440.0) as i64));
    let status = match resolved {
        Some(r) if (now - r).num_days() > 7 => CaseStatus::Closed,
        Some(_) => CaseStatus::Resolved,
        None if age < 0.2 => CaseStatus::Received,
        None if age < 1.0 => CaseStatus::Dispatched,
        None => CaseStatus::InProgress,
    };
    let redo_count = i32::from(rng.chance(redo_p)) + i32::from(rng.chance(redo_p / 4.0));
    let late = resolved.map_or(now > due, |r| r > due);
    let supervision_level = if late && rng.chance(0.25) {
        if rng.chance(0.2) {
            SupervisionLevel::Level1
        } else {
            SupervisionLevel::Level2
        }
    } else {
        SupervisionLevel::None
    };
    let rated = resolved.filter(|_| rng.chance(0.85));
    let satisfaction = rated.map(|_| {
        let p = unsat_p * if late { 2.5 } else { 1.0 } * if redo_count > 0 { 1.8 } else { 1.0 };
        if rng.chance(0.06) {
            Satisfaction::NotReached
        } else if rng.chance(p) {
            Satisfaction::Unsatisfied
        } else if rng.chance(0.3) {
            Satisfaction::BasicallySatisfied
        } else {
            Satisfaction::Satisfied
        }
    });
    let comment = match satisfaction {
        Some(Satisfaction::Unsatisfied) => Some(
            [
                "处理太慢，拖了很久",
                "问题没有根本解决",
                "反复反映仍未处理",
                "工作人员态度敷衍",
                "只回复不落实",
            ][rng.below(5)]
            .to_owned(),
        ),
        _ => None,
    };
    let summary = format!("{}：{}反映{}问题，请求处理", leaf.1, address, leaf.1);
    let updated = resolved.unwrap_or(received) + Duration::hours(1);
    let channel = [
        CaseChannel::Hotline,
        CaseChannel::Hotline,
        CaseChannel::Hotline,
        CaseChannel::App,
        CaseChannel::Web,
        CaseChannel::GridPatrol,
        CaseChannel::WalkIn,
        CaseChannel::Other,
    ][rng.below(8)];
    case::ActiveModel {
        id: Set(Uuid::now_v7()),
        case_number: Set(number),
        kind: Set(leaf.6),
        channel: Set(channel),
        category_id: Set(categories.get(leaf.0).copied().unwrap_or_default()),
        street_id: Set(street_id),
        community: Set(Some(street.3[rng.below(street.3.len())].to_owned())),
        address_key: Set(Some(normalise_address(&address))),
        address: Set(Some(address)),
        summary: Set(summary),
        received_at: Set(received),
        handling_unit_id: Set(if status == CaseStatus::Received {
            None
        } else {
            handler
        }),
        due_at: Set(Some(due)),
        status: Set(status),
        resolved_at: Set(resolved),
        result: Set(resolved.map(|_| "已现场核实并处置，已回复诉求人".to_owned())),
        redo_count: Set(redo_count),
        supervision_level: Set(supervision_level),
        satisfaction: Set(satisfaction),
        satisfaction_comment: Set(comment),
        rated_at: Set(rated.map(|r| r + Duration::days(1)).filter(|r| *r <= now)),
        reporter_hash: Set(Some(reporter_hash(key, &phone))),
        platform_updated_at: Set(updated.min(now)),
        fixed_marks: Set(Handling {
            status,
            due_at: Some(due),
            resolved_at: resolved,
            redo_count,
            supervision_level,
            satisfaction,
        }
        .fixed_marks() as i16),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}
