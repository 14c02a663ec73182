//! The demo organisation of Shangcheng District and one demo user per role.

use chrono::{Datelike, Duration, TimeZone};
use sea_orm::ConnectionTrait;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use yanpan_types::{
    AgendaCategory, Attendance, AttendanceEntry, BriefingKind, BriefingStatus, BriefingTransition,
    CreateAgendaItem, CreateBriefing, CreateConclusion, CreateEscalation, CreateMeeting,
    CreateUnit, CreateUser, EscalationDecision, Evidence, Figure, MeetingKind, MeetingStatus,
    NewRecommendation, RecordAttendanceBatch, Role, TransitionRequest, UnitKind, UpdateMeeting,
};

use crate::auth::{Principal, PrincipalKind};

use crate::auth::password;
use crate::db;
use crate::entities::{briefing, briefing_counter, unit};
use crate::error::ApiResult;
use crate::services::audit::Actor;
use crate::services::{agenda, briefings, calendar, meetings, sessions, units, users};

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
/// `reporter_key` hashes the demo cases' reporters as the intake would.
pub async fn seed_demo_if_empty(
    db: &DatabaseConnection,
    reporter_key: &[u8],
    case_scale: f64,
) -> ApiResult<Option<String>> {
    if unit::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    seed_demo_scaled(db, reporter_key, case_scale)
        .await
        .map(Some)
}

pub async fn seed_demo(db: &DatabaseConnection, reporter_key: &[u8]) -> ApiResult<String> {
    seed_demo_scaled(db, reporter_key, 1.0).await
}

/// The demo with `case_scale` times its cases (the benchmark's million cases: about 14).
pub async fn seed_demo_scaled(
    db: &DatabaseConnection,
    reporter_key: &[u8],
    case_scale: f64,
) -> ApiResult<String> {
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
    demo_meeting(&tx).await?;
    let cases = crate::seed_cases::seed(
        &tx,
        &actor,
        reporter_key,
        crate::services::calendar::shanghai_today(),
        case_scale,
    )
    .await?;
    past_year(&tx).await?;
    db::commit(tx).await?;
    // A bulk load: the planner's statistics now, not when autovacuum (if on) comes round.
    db::optimize(db).await?;
    let mut report = String::from(
        "\n== 演示数据已创建 / demo data seeded. These passwords are shown only once: ==\n",
    );
    report.push_str(&format!(
        "   ({cases} cases of the platform over 24 months)\n"
    ));
    for (u, p) in creds {
        report.push_str(&format!("   {u:<10} {p}\n"));
    }
    Ok(report)
}

/// This month's regular meeting, scheduled, with an agenda in all five categories.
async fn demo_meeting(conn: &impl ConnectionTrait) -> ApiResult<()> {
    let convener = person(conn, "convener", Role::Convener).await?;
    let analyst = person(conn, "analyst", Role::Analyst).await?;
    let mut invited = Vec::new();
    let mut convening = Vec::new();
    for (code, _, kind) in UNITS {
        let Some(u) = units::by_code(conn, code).await? else {
            continue;
        };
        match kind {
            UnitKind::Street => invited.push(u.id),
            UnitKind::PartyOffice | UnitKind::GovernmentOffice => convening.push(u.id),
            _ => {}
        }
    }
    if let Some(police) = units::by_code(conn, "dept-urban").await? {
        invited.push(police.id);
    }
    let today = calendar::shanghai_today();
    let day = (today + Duration::days(7))
        .and_hms_opt(14, 30, 0)
        .unwrap_or_default();
    let starts = calendar::shanghai()
        .from_local_datetime(&day)
        .single()
        .map(|d| d.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let period = format!("{:04}-{:02}", today.year(), today.month());
    let m = meetings::create(
        conn,
        &convener,
        2,
        &CreateMeeting {
            platform_ref: None,
            kind: MeetingKind::Regular,
            title: format!(
                "{}年{}月平安365社会服务管理动态分析研判例会",
                today.year(),
                today.month()
            ),
            period: Some(period),
            trigger: None,
            trigger_reason: None,
            starts_at: starts,
            ends_at: starts + Duration::hours(2),
            place: "区联动指挥中心三楼会议室".into(),
            chair: "区委副书记".into(),
            convening_unit_ids: convening,
            invited_unit_ids: invited,
            main_reporter: None,
            preliminary_analysis: None,
        },
    )
    .await?;
    let id = m.meeting.id;
    let items = [
        (
            AgendaCategory::RepeatedDemands,
            "夜间施工噪音重复投诉",
            "本月平台受理夜间施工噪音投诉37件，其中重复投诉21件，集中在望江、南星街道。",
        ),
        (
            AgendaCategory::PoorDisposal,
            "某小区违章建筑处置不力",
            "该违建已三次交办，责任单位仍未拆除，群众多次来电反映。",
        ),
        (
            AgendaCategory::Satisfaction,
            "本月群众满意度评价",
            "回访满意率92.4%，不满意件主要涉及物业服务和停车管理。",
        ),
        (
            AgendaCategory::Suggestions,
            "下阶段重点工作建议",
            "春节前后做好欠薪隐患排查和重点人员稳控。",
        ),
        (
            AgendaCategory::Other,
            "其他事项",
            "通报上月一级督办事项办理情况。",
        ),
    ];
    for (category, title, summary) in items {
        let input = CreateAgendaItem {
            platform_ref: None,
            category,
            title: title.into(),
            summary: summary.into(),
            evidence: Evidence {
                figures: vec![Figure {
                    label: "本月件数".into(),
                    value: 37.0,
                    unit: Some("件".into()),
                }],
                case_numbers: vec![],
            },
            causes: None,
            weak_links: None,
            remedies: None,
            presenting_unit_id: None,
        };
        agenda::create(conn, &analyst, id, &input).await?;
    }
    let prep = UpdateMeeting {
        main_reporter: Some("联动指挥中心主任".into()),
        ..Default::default()
    };
    meetings::update(conn, &analyst, id, None, &prep, 2).await?;
    meetings::transition(
        conn,
        &analyst,
        id,
        None,
        &TransitionRequest {
            to: MeetingStatus::Scheduled,
            reason: None,
        },
    )
    .await?;
    Ok(())
}

/// A demo user as the services see them.
async fn person(conn: &impl ConnectionTrait, username: &str, role: Role) -> ApiResult<Principal> {
    let u = users::find_by_username(conn, username)
        .await?
        .ok_or(crate::error::ApiError::NotFound("user"))?;
    Ok(Principal {
        id: u.id,
        kind: PrincipalKind::User,
        name: u.username,
        role,
        unit_id: u.unit_id,
        scopes: Vec::new(),
    })
}

/// The past twelve months' regular meetings, each walked through the workflow as the services
/// do it: prepared with the agenda the analysis room drafts from that month's cases, held with
/// attendance, a conclusion with recommendations adopted, concluded and reported (last month's
/// only concluded), and one poorly handled matter escalated to the level-1 meeting. So the
/// cadence and the home page show a working year.
async fn past_year(conn: &impl ConnectionTrait) -> ApiResult<()> {
    use crate::services::{analysis, conclusions, escalations};
    let convener = person(conn, "convener", Role::Convener).await?;
    let analyst = person(conn, "analyst", Role::Analyst).await?;
    let qingbo = person(conn, "qingbo", Role::UnitRep).await?;
    let hubin = person(conn, "hubin", Role::UnitRep).await?;
    let inspector = person(conn, "inspector", Role::Inspector).await?;
    let mut street_tasks = Vec::new();
    let (mut streets, mut convening, mut depts) = (Vec::new(), Vec::new(), Vec::new());
    for (code, _, kind) in UNITS {
        let Some(u) = units::by_code(conn, code).await? else {
            continue;
        };
        match kind {
            UnitKind::Street => streets.push(u.id),
            UnitKind::PartyOffice | UnitKind::GovernmentOffice => convening.push(u.id),
            UnitKind::Department => depts.push(u.id),
            _ => {}
        }
    }
    let today = calendar::shanghai_today();
    let this_month = today.with_day(1).unwrap_or(today);
    let mut issued = Vec::new();
    // Its own index, read inside this transaction and dropped with it.
    let clusters = crate::cluster_index::ClusterIndex::default();
    for back in (1..=12u32).rev() {
        let Some(first) = this_month.checked_sub_months(chrono::Months::new(back)) else {
            continue;
        };
        let period = format!("{:04}-{:02}", first.year(), first.month());
        let day = (first + Duration::days(24))
            .and_hms_opt(14, 30, 0)
            .unwrap_or_default();
        let starts = calendar::shanghai()
            .from_local_datetime(&day)
            .single()
            .map(|d| d.with_timezone(&chrono::Utc))
            .unwrap_or_default();
        let draft = analysis::agenda_draft(
            conn,
            &clusters,
            analysis::meeting_period(Some(period.as_str()), starts),
        )
        .await?;
        let mut invited = streets.clone();
        invited.extend(
            draft
                .proposals
                .iter()
                .filter_map(|p| p.presenting_unit_id)
                .filter(|u| !invited.contains(u))
                .collect::<Vec<_>>(),
        );
        invited.sort();
        invited.dedup();
        let m = meetings::create(
            conn,
            &convener,
            2,
            &CreateMeeting {
                platform_ref: None,
                kind: MeetingKind::Regular,
                title: format!(
                    "{}年{}月平安365社会服务管理动态分析研判例会",
                    first.year(),
                    first.month()
                ),
                period: Some(period),
                trigger: None,
                trigger_reason: None,
                starts_at: starts,
                ends_at: starts + Duration::hours(2),
                place: "区联动指挥中心三楼会议室".into(),
                chair: "区委副书记".into(),
                convening_unit_ids: convening.clone(),
                invited_unit_ids: invited,
                main_reporter: Some("联动指挥中心主任".into()),
                preliminary_analysis: Some(draft.preliminary_analysis.clone()),
            },
        )
        .await?;
        let id = m.meeting.id;
        let mut items = Vec::new();
        for proposal in &draft.proposals {
            items.push(agenda::create(conn, &analyst, id, proposal).await?);
        }
        agenda::create(
            conn,
            &analyst,
            id,
            &CreateAgendaItem {
                platform_ref: None,
                category: AgendaCategory::Suggestions,
                title: "下阶段重点工作建议".into(),
                summary: "针对本月突出问题开展专项整治，重复诉求逐件回访，超期件限期办结。".into(),
                evidence: Evidence::default(),
                causes: None,
                weak_links: None,
                remedies: None,
                presenting_unit_id: None,
            },
        )
        .await?;
        for to in [MeetingStatus::Scheduled, MeetingStatus::InProgress] {
            let who = if to == MeetingStatus::Scheduled {
                &analyst
            } else {
                &convener
            };
            meetings::transition(conn, who, id, None, &TransitionRequest { to, reason: None })
                .await?;
        }
        let participants = meetings::participants(conn, id).await?;
        let entries = participants
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // Now and then a unit sends its apologies.
                let excused = (i + back as usize).is_multiple_of(9);
                AttendanceEntry {
                    unit_id: p.unit_id,
                    attendance: if excused {
                        Attendance::Excused
                    } else {
                        Attendance::Present
                    },
                    reason: excused.then(|| "主要负责人参加市级会议，书面报送研判意见".to_owned()),
                    attendees: if excused {
                        vec![]
                    } else {
                        vec![format!("{}负责人", p.unit_name)]
                    },
                    version: None,
                }
            })
            .collect();
        meetings::record_attendance_batch(conn, &convener, id, &RecordAttendanceBatch { entries })
            .await?;
        // Poorly handled matters: one escalated three months ago, the rest handled in place.
        let mut escalated = false;
        for item in items
            .iter()
            .filter(|i| i.category == AgendaCategory::PoorDisposal)
        {
            if back == 3 && !escalated {
                escalations::insert(
                    conn,
                    &analyst,
                    &CreateEscalation {
                        agenda_item_id: Some(item.id),
                        conclusion_id: None,
                        reason: "责任单位超期未办结，多次退回重办，提请一级督办联席会议研究。"
                            .into(),
                    },
                )
                .await?;
                escalated = true;
            } else {
                agenda::decide(
                    conn,
                    &convener,
                    item.id,
                    &EscalationDecision {
                        escalate: false,
                        reason: "责任单位已明确整改措施和时限，由联动指挥中心跟踪督办。".into(),
                    },
                )
                .await?;
            }
        }
        let responsible = items
            .iter()
            .find_map(|i| i.presenting_unit_id)
            .or_else(|| depts.first().copied());
        let mut recommendations: Vec<NewRecommendation> = responsible
            .map(|u| {
                vec![NewRecommendation {
                    measure: "对超期、重复诉求逐件核查，限期办结并回访群众。".into(),
                    responsible_unit_id: u,
                    deadline: (starts + Duration::days(30)).date_naive(),
                }]
            })
            .unwrap_or_default();
        // A street with a demo representative carries out a measure each month, so that the
        // supervision of recommendations has a year behind it (see `follow_up`).
        let street_rep = if back % 2 == 0 { &qingbo } else { &hubin };
        if let Some(unit) = street_rep.unit_id {
            recommendations.push(NewRecommendation {
                measure: "组织网格员对辖区停车、噪音问题开展专项排查整治。".into(),
                responsible_unit_id: unit,
                deadline: (starts + Duration::days(21)).date_naive(),
            });
        }
        let c = conclusions::create(
            conn,
            &analyst,
            id,
            &CreateConclusion {
                text: "会议听取了联动指挥中心本月动态分析研判情况汇报，对重复诉求、处置不力和群众不满意问题逐项研究，明确了责任单位和办结时限。".into(),
                agenda_item_id: None,
                supersedes_id: None,
                recommendations,
            },
        )
        .await?;
        conclusions::adopt(conn, &convener, c.id, None).await?;
        if let Some(r) = c
            .recommendations
            .iter()
            .find(|r| Some(r.responsible_unit_id) == street_rep.unit_id)
        {
            street_tasks.push((back, r.id, r.deadline, street_rep.clone()));
        }
        let minutes = UpdateMeeting {
            minutes: Some(format!(
                "一、联动指挥中心汇报本月动态分析研判情况。\n{}\n二、各街道、部门逐项汇报研判意见。\n三、会议研究确定了整改措施、责任单位和办结时限。",
                draft.preliminary_analysis
            )),
            ..Default::default()
        };
        meetings::update(conn, &analyst, id, None, &minutes, 2).await?;
        meetings::transition(
            conn,
            &convener,
            id,
            None,
            &TransitionRequest {
                to: MeetingStatus::Concluded,
                reason: None,
            },
        )
        .await?;
        // Last month's briefing is still a draft; the older ones were issued, published and
        // the meetings reported.
        let b = briefings::create(
            conn,
            &analyst,
            &CreateBriefing {
                kind: BriefingKind::Briefing,
                meeting_id: Some(id),
                corrects_id: None,
                title: None,
            },
        )
        .await?;
        if back > 1 {
            for (who, to) in [
                (&analyst, BriefingStatus::InReview),
                (&convener, BriefingStatus::Issued),
            ] {
                briefings::transition(
                    conn,
                    who,
                    b.id,
                    None,
                    &BriefingTransition { to, reason: None },
                )
                .await?;
            }
            briefings::publish(conn, &convener, b.id, None).await?;
            issued.push((b.id, starts + Duration::days(3)));
            meetings::transition(
                conn,
                &analyst,
                id,
                None,
                &TransitionRequest {
                    to: MeetingStatus::Reported,
                    reason: None,
                },
            )
            .await?;
        }
    }
    backdate_briefings(conn, issued).await?;
    follow_up(conn, &analyst, &inspector, street_tasks).await
}

/// The streets' measures of the year, followed up: the older ones reported a few days before
/// their deadline and verified (dated so), one returned twice and its street referred to the
/// discipline commission, which interviewed its leaders; the latest still open.
async fn follow_up(
    conn: &impl ConnectionTrait,
    analyst: &Principal,
    inspector: &Principal,
    tasks: Vec<(u32, uuid::Uuid, chrono::NaiveDate, Principal)>,
) -> ApiResult<()> {
    use crate::entities::{supervision_task, supervision_task_event};
    use crate::services::{referrals, supervision};
    use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, Set};
    use yanpan_types::{CloseReferral, CreateReferral, ReferralOutcome, TaskStatus::*};
    for (back, id, deadline, rep) in tasks {
        if back == 4 {
            for _ in 0..2 {
                supervision::transition(conn, &rep, id, None, &task_move(Done, "已完成排查整治。"))
                    .await?;
                supervision::transition(
                    conn,
                    analyst,
                    id,
                    None,
                    &task_move(InProgress, "现场复核仍有问题未整改，请补充整改。"),
                )
                .await?;
            }
            let r = referrals::create(
                conn,
                analyst,
                &CreateReferral {
                    unit_id: rep.unit_id.unwrap_or_default(),
                    task_ids: vec![id],
                    reason: "督办事项两次退回仍未整改到位。".into(),
                },
            )
            .await?;
            referrals::accept(conn, inspector, r.id, None).await?;
            referrals::close(
                conn,
                inspector,
                r.id,
                None,
                &CloseReferral {
                    findings: "经核查，该街道对督办事项重视不够，整改措施落实不到位。".into(),
                    outcome: ReferralOutcome::Interview,
                    outcome_note: Some("对街道分管负责人进行约谈。".into()),
                },
            )
            .await?;
            continue;
        }
        if back < 2 {
            continue;
        }
        supervision::transition(conn, &rep, id, None, &task_move(InProgress, "")).await?;
        supervision::transition(
            conn,
            &rep,
            id,
            None,
            &task_move(Done, "已完成专项排查整治，问题已逐一销号。"),
        )
        .await?;
        supervision::transition(conn, analyst, id, None, &task_move(Verified, "")).await?;
        // Dated as the work was done: reported three days before the deadline, verified the day
        // after.
        let at = |days: i64| {
            calendar::shanghai()
                .from_local_datetime(
                    &(deadline - Duration::days(days))
                        .and_hms_opt(10, 0, 0)
                        .unwrap_or_default(),
                )
                .single()
                .map(|d| d.with_timezone(&chrono::Utc))
                .unwrap_or_default()
        };
        supervision_task::ActiveModel {
            id: Set(id),
            created_at: Set(at(21)),
            reported_at: Set(Some(at(3))),
            verified_at: Set(Some(at(2))),
            updated_at: Set(at(2)),
            ..Default::default()
        }
        .update(conn)
        .await?;
        for (to, days) in [(Open, 21), (InProgress, 10), (Done, 3), (Verified, 2)] {
            supervision_task_event::Entity::update_many()
                .col_expr(
                    supervision_task_event::Column::At,
                    sea_orm::sea_query::Expr::value(at(days)),
                )
                .filter(supervision_task_event::Column::TaskId.eq(id))
                .filter(supervision_task_event::Column::ToStatus.eq(to))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}

fn task_move(to: yanpan_types::TaskStatus, note: &str) -> yanpan_types::TaskTransition {
    yanpan_types::TaskTransition {
        to,
        note: (!note.is_empty()).then(|| note.to_owned()),
        attachment_ids: vec![],
    }
}

/// The demo's briefings were issued "now" by the services; dates them a few days after their
/// meetings and numbers them in that order per year, as a working year would have, and sets
/// the counters to match.
async fn backdate_briefings(
    conn: &impl ConnectionTrait,
    issued: Vec<(uuid::Uuid, chrono::DateTime<chrono::Utc>)>,
) -> ApiResult<()> {
    use sea_orm::{ActiveModelTrait, Set};
    let mut per_year: std::collections::BTreeMap<i32, i32> = Default::default();
    for (id, at) in issued {
        let year = (at + Duration::hours(8)).year();
        let n = per_year.entry(year).or_default();
        *n += 1;
        briefing::ActiveModel {
            id: Set(id),
            year: Set(Some(year)),
            number: Set(Some(*n)),
            issued_at: Set(Some(at)),
            published_at: Set(Some(at + Duration::hours(2))),
            updated_at: Set(at + Duration::hours(2)),
            ..Default::default()
        }
        .update(conn)
        .await?;
    }
    briefing_counter::Entity::delete_many().exec(conn).await?;
    for (year, last) in per_year {
        briefing_counter::ActiveModel {
            kind: Set(BriefingKind::Briefing),
            year: Set(year),
            last_number: Set(last),
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}
