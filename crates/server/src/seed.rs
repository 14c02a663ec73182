//! The demo organisation of Shangcheng District and one demo user per role.

use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use yanpan_types::{CreateUnit, CreateUser, Role, UnitKind};

use crate::auth::password;
use crate::db;
use crate::entities::unit;
use crate::error::ApiResult;
use crate::services::audit::Actor;
use crate::services::{sessions, units, users};

/// (code, name, kind) of the real organisation.
pub const UNITS: &[(&str, &str, UnitKind)] = &[
    ("party-office", "区委办", UnitKind::PartyOffice),
    ("gov-office", "区政府办", UnitKind::GovernmentOffice),
    ("command-center", "区联动指挥中心", UnitKind::CommandCenter),
    ("street-qingbo", "清波街道", UnitKind::Street),
    ("street-hubin", "湖滨街道", UnitKind::Street),
    ("street-xiaoying", "小营街道", UnitKind::Street),
    ("street-nanxing", "南星街道", UnitKind::Street),
    ("street-ziyang", "紫阳街道", UnitKind::Street),
    ("street-wangjiang", "望江街道", UnitKind::Street),
    ("dept-police", "区公安分局", UnitKind::Department),
    ("dept-urban", "区城管局", UnitKind::Department),
    ("dept-market", "区市场监管局", UnitKind::Department),
    ("dept-housing", "区住建局", UnitKind::Department),
    ("dept-civil", "区民政局", UnitKind::Department),
    ("dept-petition", "区信访局", UnitKind::Department),
    ("dept-justice", "区司法局", UnitKind::Department),
    ("dept-health", "区卫生健康局", UnitKind::Department),
    ("dept-education", "区教育局", UnitKind::Department),
    ("dept-hrss", "区人力社保局", UnitKind::Department),
    ("discipline", "区纪委监察局", UnitKind::DisciplineCommission),
];

/// (username, display name, role, unit code) of the demo users.
pub const USERS: &[(&str, &str, Role, Option<&str>)] = &[
    ("admin", "系统管理员", Role::Admin, None),
    (
        "convener",
        "区委办 王主任",
        Role::Convener,
        Some("party-office"),
    ),
    (
        "analyst",
        "联动中心 陈分析员",
        Role::Analyst,
        Some("command-center"),
    ),
    (
        "qingbo",
        "清波街道 李联络员",
        Role::UnitRep,
        Some("street-qingbo"),
    ),
    (
        "hubin",
        "湖滨街道 张联络员",
        Role::UnitRep,
        Some("street-hubin"),
    ),
    (
        "inspector",
        "区纪委 赵监察员",
        Role::Inspector,
        Some("discipline"),
    ),
];

/// Seeds the units and demo users when there are no units yet; returns the one-time report
/// with the generated passwords.
pub async fn seed_demo_if_empty(db: &DatabaseConnection) -> ApiResult<Option<String>> {
    if unit::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    seed_demo(db).await.map(Some)
}

pub async fn seed_demo(db: &DatabaseConnection) -> ApiResult<String> {
    let actor = Actor::system("seed-demo");
    let mut creds = Vec::new();
    let mut hashed = Vec::new();
    for (username, ..) in USERS {
        let pw = format!("Yp-{}", &sessions::random_token()[..14]);
        let p = pw.clone();
        hashed.push(password::blocking(move || password::hash(&p)).await??);
        creds.push((*username, pw));
    }
    let tx = db::begin_write(db).await?;
    for (code, name, kind) in UNITS {
        if units::by_code(&tx, code).await?.is_none() {
            units::create(
                &tx,
                &actor,
                &CreateUnit {
                    code: (*code).into(),
                    name: (*name).into(),
                    kind: *kind,
                },
            )
            .await?;
        }
    }
    for ((username, display, role, unit_code), hash) in USERS.iter().zip(hashed) {
        let unit_id = match unit_code {
            Some(c) => units::by_code(&tx, c).await?.map(|u| u.id),
            None => None,
        };
        let input = CreateUser {
            username: (*username).into(),
            display_name: (*display).into(),
            password: String::new(),
            role: *role,
            unit_id,
        };
        users::create(&tx, &actor, &input, hash).await?;
    }
    tx.commit().await?;
    let mut report = String::from(
        "\n== 演示数据已创建 / demo data seeded. These passwords are shown only once: ==\n",
    );
    for (u, p) in creds {
        report.push_str(&format!("   {u:<10} {p}\n"));
    }
    Ok(report)
}
