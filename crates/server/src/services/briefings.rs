//! Briefings and special reports (Art. 7): drafted from a concluded meeting (its sections
//! pre-filled from the analysis room and the adopted conclusions), reviewed, issued by a convener
//! with the next number of its kind and year, acknowledged by each recipient unit, published on
//! the platform for anyone to read. An issued briefing never changes; a correction is a new one.

use std::collections::HashSet;

use chrono::Datelike;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set, SqlErr,
};
use uuid::Uuid;
use yanpan_types::*;

use super::audit;
use super::{analysis, check_version, documents, now, page_of, save_versioned};
use crate::auth::Principal;
use crate::documents::labels::{beijing, date_cn};
use crate::documents::{MeetingPapers, docx};
use crate::domain::briefing as rules;
use crate::entities::{briefing, briefing_recipient, meeting, participant, unit};
use crate::error::{ApiError, ApiResult};
use crate::store;

/// The unit that issues briefings, as printed and in the public feed.
pub const ISSUER: &str = docx::ISSUER;

fn organiser(who: &Principal) -> bool {
    matches!(who.role, Role::Convener | Role::Analyst | Role::Admin)
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<briefing::Model> {
    briefing::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("briefing"))
}

async fn recipients_of(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Vec<briefing_recipient::Model>> {
    Ok(briefing_recipient::Entity::find()
        .filter(briefing_recipient::Column::BriefingId.eq(id))
        .all(conn)
        .await?)
}

/// The briefing if the caller may read it: organisers read every one; everyone else only issued
/// ones, and a unit's representative only those sent to its unit. Others are "not found".
async fn visible(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<briefing::Model> {
    let b = find(conn, id).await?;
    if organiser(who) {
        return Ok(b);
    }
    if b.status != BriefingStatus::Issued {
        return Err(ApiError::NotFound("briefing"));
    }
    if who.role == Role::UnitRep {
        let unit = who.unit_id.unwrap_or_default();
        if !recipients_of(conn, id)
            .await?
            .iter()
            .any(|r| r.unit_id == unit)
        {
            return Err(ApiError::NotFound("briefing"));
        }
    }
    Ok(b)
}

async fn to_dto(conn: &impl ConnectionTrait, b: briefing::Model) -> ApiResult<Briefing> {
    let rows = recipients_of(conn, b.id).await?;
    let units = store::names::units(conn, rows.iter().map(|r| r.unit_id)).await?;
    let users = store::names::users(
        conn,
        rows.iter()
            .filter_map(|r| r.acknowledged_by)
            .chain(b.issued_by)
            .chain(b.created_by),
    )
    .await?;
    let mut recipients: Vec<BriefingRecipient> = rows
        .into_iter()
        .map(|r| BriefingRecipient {
            unit_id: r.unit_id,
            unit_name: units.get(&r.unit_id).cloned().unwrap_or_default(),
            role: r.role,
            acknowledged_at: r.acknowledged_at,
            acknowledged_by_name: r.acknowledged_by.and_then(|u| users.get(&u).cloned()),
        })
        .collect();
    recipients.sort_by(|a, b| (a.role, &a.unit_name).cmp(&(b.role, &b.unit_name)));
    let meeting_title = match b.meeting_id {
        Some(m) => meeting::Entity::find_by_id(m)
            .one(conn)
            .await?
            .map(|m| m.title),
        None => None,
    };
    let corrects_label = match b.corrects_id {
        Some(c) => {
            let old = find(conn, c).await?;
            old.year.zip(old.number)
        }
        None => None,
    }
    .map(|(y, n)| rules::issue_label(y, n));
    let corrected_by_id = briefing::Entity::find()
        .filter(briefing::Column::CorrectsId.eq(b.id))
        .filter(briefing::Column::Status.eq(BriefingStatus::Issued))
        .one(conn)
        .await?
        .map(|c| c.id);
    Ok(Briefing {
        id: b.id,
        kind: b.kind,
        status: b.status,
        meeting_id: b.meeting_id,
        meeting_title,
        title: b.title,
        dynamics: b.dynamics,
        problems: b.problems,
        opinions: b.opinions,
        year: b.year,
        number: b.number,
        issue_label: b.year.zip(b.number).map(|(y, n)| rules::issue_label(y, n)),
        corrects_id: b.corrects_id,
        corrects_label,
        corrected_by_id,
        return_reason: b.return_reason,
        public: b.public,
        published_at: b.published_at,
        issued_at: b.issued_at,
        issued_by_name: b.issued_by.and_then(|u| users.get(&u).cloned()),
        created_by_name: b.created_by.and_then(|u| users.get(&u).cloned()),
        acknowledged: recipients
            .iter()
            .filter(|r| r.acknowledged_at.is_some())
            .count() as u32,
        recipients,
        version: b.version,
        created_at: b.created_at,
        updated_at: b.updated_at,
    })
}

pub async fn get(conn: &impl ConnectionTrait, who: &Principal, id: Uuid) -> ApiResult<Briefing> {
    let b = visible(conn, who, id).await?;
    to_dto(conn, b).await
}

/// Briefings newest first; what each caller may read (see `visible`).
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    q: &BriefingQuery,
    page: PageParams,
) -> ApiResult<Page<Briefing>> {
    use briefing::Column as C;
    let mut sel = briefing::Entity::find();
    if let Some(k) = q.kind {
        sel = sel.filter(C::Kind.eq(k));
    }
    if let Some(s) = q.status {
        sel = sel.filter(C::Status.eq(s));
    }
    if let Some(m) = q.meeting_id {
        sel = sel.filter(C::MeetingId.eq(m));
    }
    if !organiser(who) {
        sel = sel.filter(C::Status.eq(BriefingStatus::Issued));
    }
    if who.role == Role::UnitRep {
        let unit = who.unit_id.unwrap_or_default();
        sel = sel.filter(
            C::Id.in_subquery(
                briefing_recipient::Entity::find()
                    .select_only()
                    .column(briefing_recipient::Column::BriefingId)
                    .filter(briefing_recipient::Column::UnitId.eq(unit))
                    .into_query(),
            ),
        );
    }
    let page = page_of(
        conn,
        sel,
        C::Id,
        |s| s.order_by_desc(C::CreatedAt).order_by_desc(C::Id),
        page,
        Ok,
    )
    .await?;
    let mut items = Vec::with_capacity(page.items.len());
    for m in page.items {
        items.push(to_dto(conn, m).await?);
    }
    Ok(Page {
        items,
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    })
}

/// A rate as a percentage, or — when nothing was counted.
fn pct(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".to_owned())
}

/// The three sections drafted from the meeting: recent dynamics (the analysis room's figures for
/// the meeting's period, when it has cases, then the command center's preliminary analysis),
/// the problems (the agenda's items by category), the handling opinions (the adopted conclusions
/// in force and their recommendations, each with its responsible unit and deadline).
fn compose(p: &MeetingPapers, figures: Option<(&Period, &Figures)>) -> (String, String, String) {
    let m = &p.meeting;
    let mut dynamics = Vec::new();
    if let Some((period, f)) = figures.filter(|(_, f)| f.cases > 0) {
        dynamics.push(format!(
            "{}至{}，平安365平台共受理群众诉求及联动处置事件{}件，办结{}件（办结率{}），按时办结率{}，重办{}件，群众满意率{}。",
            date_cn(period.from),
            date_cn(period.to),
            f.cases,
            f.resolved,
            pct(f.resolution_rate),
            pct(f.on_time_rate),
            f.redone,
            pct(f.satisfaction_rate),
        ));
    }
    if let Some(a) = m
        .preliminary_analysis
        .as_deref()
        .filter(|a| !a.trim().is_empty())
    {
        dynamics.push(a.trim().to_owned());
    }
    let mut problems = Vec::new();
    for cat in AgendaCategory::ALL {
        let items: Vec<&AgendaItem> = p.agenda.iter().filter(|a| a.category == *cat).collect();
        for item in items {
            let summary = item.summary.trim();
            problems.push(if summary.is_empty() {
                format!(
                    "{}：{}。",
                    crate::documents::labels::category_cn(*cat),
                    item.title
                )
            } else {
                format!(
                    "{}：{}。{}",
                    crate::documents::labels::category_cn(*cat),
                    item.title,
                    summary
                )
            });
        }
    }
    let mut opinions = Vec::new();
    for (i, c) in p.conclusions.iter().enumerate() {
        opinions.push(format!("{}. {}", i + 1, c.text.trim()));
        for r in &c.recommendations {
            opinions.push(format!(
                "（{}）{}（责任单位：{}；完成时限：{}）",
                crate::documents::labels::ordinal_cn(
                    c.recommendations
                        .iter()
                        .position(|x| x.id == r.id)
                        .unwrap_or(0)
                        + 1
                ),
                r.measure.trim(),
                p.unit_names
                    .get(&r.responsible_unit_id)
                    .map(String::as_str)
                    .unwrap_or("—"),
                date_cn(r.deadline),
            ));
        }
    }
    (
        dynamics.join("\n"),
        problems.join("\n"),
        opinions.join("\n"),
    )
}

async fn set_recipients(
    conn: &impl ConnectionTrait,
    id: Uuid,
    list: &[(Uuid, RecipientRole)],
) -> ApiResult<()> {
    briefing_recipient::Entity::delete_many()
        .filter(briefing_recipient::Column::BriefingId.eq(id))
        .exec(conn)
        .await?;
    if list.is_empty() {
        return Ok(());
    }
    let rows = list
        .iter()
        .map(|(unit_id, role)| briefing_recipient::ActiveModel {
            briefing_id: Set(id),
            unit_id: Set(*unit_id),
            role: Set(*role),
            acknowledged_at: Set(None),
            acknowledged_by: Set(None),
        });
    briefing_recipient::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::field(
                "recipients",
                "unknown_unit",
                "a recipient is not a known unit",
            ),
            _ => ApiError::from(e),
        })?;
    Ok(())
}

/// Who receives a briefing by default (see `domain::briefing::default_recipients`).
async fn default_recipients(
    conn: &impl ConnectionTrait,
    meeting_id: Option<Uuid>,
) -> ApiResult<Vec<(Uuid, RecipientRole)>> {
    let participants: HashSet<Uuid> = match meeting_id {
        Some(m) => participant::Entity::find()
            .filter(participant::Column::MeetingId.eq(m))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| p.unit_id)
            .collect(),
        None => HashSet::new(),
    };
    let units: Vec<rules::UnitFacts> = unit::Entity::find()
        .order_by_asc(unit::Column::Code)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| rules::UnitFacts {
            id: u.id,
            kind: u.kind,
            active: u.active,
            participant: participants.contains(&u.id),
        })
        .collect();
    Ok(rules::default_recipients(&units, meeting_id.is_some()))
}

/// Draft a briefing (organisers).
pub async fn create(
    conn: &impl ConnectionTrait,
    who: &Principal,
    input: &CreateBriefing,
) -> ApiResult<Briefing> {
    let id = Uuid::now_v7();
    let t = now();
    let (meeting_id, title, sections, recipients, corrects_id) = if let Some(c) = input.corrects_id
    {
        let old = find(conn, c).await.map_err(|_| {
            ApiError::field("corrects_id", "unknown", "no such briefing to correct")
        })?;
        if old.status != BriefingStatus::Issued {
            return Err(ApiError::field(
                "corrects_id",
                "not_issued",
                "only an issued briefing is corrected",
            ));
        }
        if old.kind != input.kind {
            return Err(ApiError::field(
                "kind",
                "mismatch",
                "a correction is of the same kind as the briefing it corrects",
            ));
        }
        if input.meeting_id.is_some_and(|m| Some(m) != old.meeting_id) {
            return Err(ApiError::field(
                "meeting_id",
                "mismatch",
                "a correction is about the same meeting as the briefing it corrects",
            ));
        }
        let rec: Vec<(Uuid, RecipientRole)> = recipients_of(conn, c)
            .await?
            .into_iter()
            .map(|r| (r.unit_id, r.role))
            .collect();
        let title = input
            .title
            .clone()
            .unwrap_or_else(|| format!("{}（更正）", old.title));
        (
            old.meeting_id,
            title,
            (old.dynamics, old.problems, old.opinions),
            rec,
            Some(c),
        )
    } else if let Some(m) = input.meeting_id {
        let papers = documents::papers(conn, who, m).await.map_err(|e| match e {
            ApiError::NotFound(_) => ApiError::field("meeting_id", "unknown", "no such meeting"),
            e => e,
        })?;
        if !matches!(
            papers.meeting.status,
            MeetingStatus::Concluded | MeetingStatus::Reported
        ) {
            return Err(ApiError::field(
                "meeting_id",
                "not_concluded",
                "a briefing is written once the meeting has concluded",
            ));
        }
        let period =
            analysis::meeting_period(papers.meeting.period.as_deref(), papers.meeting.starts_at);
        let q = AnalysisQuery {
            from: Some(period.from),
            to: Some(period.to),
            ..Default::default()
        };
        let overview = analysis::overview(conn, &q, period.to + chrono::Days::new(1)).await?;
        let sections = compose(&papers, Some((&overview.period, &overview.figures)));
        let title = input.title.clone().unwrap_or_else(|| match input.kind {
            BriefingKind::Briefing => format!("{}情况", papers.meeting.title),
            BriefingKind::SpecialReport => format!("关于{}的专题报告", papers.meeting.title),
        });
        (
            Some(m),
            title,
            sections,
            default_recipients(conn, Some(m)).await?,
            None,
        )
    } else {
        if input.kind == BriefingKind::Briefing {
            return Err(ApiError::field(
                "meeting_id",
                "required",
                "a briefing is about a meeting (a special report may stand alone)",
            ));
        }
        let title = input.title.clone().ok_or_else(|| {
            ApiError::field(
                "title",
                "required",
                "a special report without a meeting needs a title",
            )
        })?;
        (
            None,
            title,
            (String::new(), String::new(), String::new()),
            default_recipients(conn, None).await?,
            None,
        )
    };
    let (dynamics, problems, opinions) = sections;
    briefing::ActiveModel {
        id: Set(id),
        kind: Set(input.kind),
        status: Set(BriefingStatus::Draft),
        meeting_id: Set(meeting_id),
        title: Set(title.trim().to_owned()),
        dynamics: Set(dynamics),
        problems: Set(problems),
        opinions: Set(opinions),
        year: Set(None),
        number: Set(None),
        corrects_id: Set(corrects_id),
        return_reason: Set(None),
        public: Set(false),
        published_at: Set(None),
        issued_at: Set(None),
        issued_by: Set(None),
        created_by: Set(Some(who.id).filter(|_| who.kind == crate::auth::jwt::PrincipalKind::User)),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            ProblemCode::AlreadyCorrected,
            "that briefing already has a correction (issued or in draft)",
        ),
        _ => ApiError::from(e),
    })?;
    set_recipients(conn, id, &recipients).await?;
    let after = to_dto(conn, find(conn, id).await?).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Briefing,
        Some(id),
        AuditAction::Create,
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(after)
}

fn not_issued_yet(b: &briefing::Model) -> ApiResult<()> {
    if rules::editable(b.status) {
        Ok(())
    } else {
        Err(ApiError::conflict(
            ProblemCode::BriefingIssued,
            "an issued briefing never changes; draft a correction instead",
        ))
    }
}

async fn save(
    conn: &impl ConnectionTrait,
    current: &briefing::Model,
    am: briefing::ActiveModel,
) -> ApiResult<()> {
    let mut am = am;
    am.updated_at = Set(now());
    save_versioned::<briefing::Entity>(
        conn,
        am,
        briefing::Column::Id,
        briefing::Column::Version,
        current.id,
        current.version,
        ApiError::from,
    )
    .await
}

/// Change a briefing's text or recipients before it is issued (organisers).
pub async fn update(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateBriefing,
) -> ApiResult<Briefing> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    not_issued_yet(&current)?;
    if let Some(list) = &input.recipients {
        let mut seen = HashSet::new();
        let dup: Vec<FieldError> = list
            .iter()
            .enumerate()
            .filter(|(_, r)| !seen.insert(r.unit_id))
            .map(|(i, _)| {
                FieldError::new(
                    format!("recipients[{i}].unit_id"),
                    "duplicate",
                    "a unit is listed once",
                )
            })
            .collect();
        if !dup.is_empty() {
            return Err(ApiError::Validation(dup));
        }
    }
    let before = to_dto(conn, current.clone()).await?;
    let mut am: briefing::ActiveModel = current.clone().into();
    if let Some(t) = &input.title {
        am.title = Set(t.trim().to_owned());
    }
    if let Some(t) = &input.dynamics {
        am.dynamics = Set(t.clone());
    }
    if let Some(t) = &input.problems {
        am.problems = Set(t.clone());
    }
    if let Some(t) = &input.opinions {
        am.opinions = Set(t.clone());
    }
    save(conn, &current, am).await?;
    if let Some(list) = &input.recipients {
        let list: Vec<(Uuid, RecipientRole)> = list.iter().map(|r| (r.unit_id, r.role)).collect();
        set_recipients(conn, id, &list).await?;
    }
    let after = to_dto(conn, find(conn, id).await?).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Briefing,
        Some(id),
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Delete a briefing not yet issued (organisers).
pub async fn delete(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<()> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    not_issued_yet(&current)?;
    let before = to_dto(conn, current.clone()).await?;
    briefing::Entity::delete_by_id(id).exec(conn).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Briefing,
        Some(id),
        AuditAction::Delete,
        Some(&before),
        None::<&()>,
    )
    .await?;
    Ok(())
}

/// Submit for review, send back to draft (with a reason), or issue (the next number).
pub async fn transition(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    req: &BriefingTransition,
) -> ApiResult<Briefing> {
    who.require(rules::movers(req.to))?;
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    if !rules::next(current.status).contains(&req.to) {
        return Err(ApiError::InvalidTransition {
            from: current.status.to_string(),
            to: req.to.to_string(),
            allowed: rules::next(current.status)
                .iter()
                .map(|s| s.to_string())
                .collect(),
        });
    }
    let before = to_dto(conn, current.clone()).await?;
    let mut am: briefing::ActiveModel = current.clone().into();
    am.status = Set(req.to);
    let action = match req.to {
        BriefingStatus::InReview => AuditAction::Submit,
        BriefingStatus::Draft => {
            let reason = req
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .ok_or_else(|| {
                    ApiError::field("reason", "required", "say why the briefing is sent back")
                })?;
            am.return_reason = Set(Some(reason.to_owned()));
            AuditAction::Return
        }
        BriefingStatus::Issued => {
            let blockers = rules::issue_blockers(
                &current.title,
                &current.dynamics,
                &current.problems,
                &current.opinions,
                before.recipients.len(),
            );
            if !blockers.is_empty() {
                return Err(ApiError::Blocked {
                    code: ProblemCode::BriefingIncomplete,
                    detail: format!(
                        "the briefing cannot be issued: {}",
                        blockers
                            .iter()
                            .map(|b| b.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    errors: blockers,
                });
            }
            let t = now();
            let year = beijing(t).year();
            let number = store::briefings::next_number(conn, current.kind, year).await?;
            am.year = Set(Some(year));
            am.number = Set(Some(number));
            am.issued_at = Set(Some(t));
            am.issued_by = Set(Some(who.id));
            AuditAction::Issue
        }
    };
    save(conn, &current, am).await?;
    let after = to_dto(conn, find(conn, id).await?).await?;
    use store::notify::{Audience, Event, notify};
    match req.to {
        BriefingStatus::InReview => {
            let e = Event {
                kind: NotificationKind::BriefingInReview,
                entity_id: id,
                title: format!("简报待签发：{}", after.title),
                link: format!("/briefings/{id}"),
            };
            notify(conn, &[Audience::Role(Role::Convener)], e).await?;
        }
        BriefingStatus::Issued => {
            let units: Vec<Audience> = after
                .recipients
                .iter()
                .map(|r| Audience::Unit(r.unit_id))
                .collect();
            let e = Event {
                kind: NotificationKind::BriefingIssued,
                entity_id: id,
                title: format!(
                    "请阅知简报（{}）：{}",
                    after.issue_label.clone().unwrap_or_default(),
                    after.title
                ),
                link: format!("/briefings/{id}"),
            };
            notify(conn, &units, e).await?;
        }
        BriefingStatus::Draft => {}
    }
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Briefing,
        Some(id),
        action,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Publish an issued briefing on the platform (conveners): from then on anyone may read it.
/// Publishing one already public changes nothing.
pub async fn publish(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<Briefing> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    if current.status != BriefingStatus::Issued {
        return Err(ApiError::conflict(
            ProblemCode::BriefingNotIssued,
            "only an issued briefing is published",
        ));
    }
    if current.public {
        return to_dto(conn, current).await;
    }
    let before = to_dto(conn, current.clone()).await?;
    let mut am: briefing::ActiveModel = current.clone().into();
    am.public = Set(true);
    am.published_at = Set(Some(now()));
    save(conn, &current, am).await?;
    let after = to_dto(conn, find(conn, id).await?).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Briefing,
        Some(id),
        AuditAction::Publish,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// The caller's unit acknowledges reading an issued briefing sent to it (已阅). Acknowledging
/// again keeps the first time.
pub async fn acknowledge(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<Briefing> {
    let current = visible(conn, who, id).await?;
    if current.status != BriefingStatus::Issued {
        return Err(ApiError::conflict(
            ProblemCode::BriefingNotIssued,
            "a briefing is acknowledged once issued",
        ));
    }
    let unit = who
        .unit_id
        .ok_or_else(|| ApiError::forbidden("you belong to no unit"))?;
    let row = briefing_recipient::Entity::find_by_id((id, unit))
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::forbidden("your unit is not a recipient of this briefing"))?;
    if row.acknowledged_at.is_some() {
        return to_dto(conn, current).await;
    }
    let before = to_dto(conn, current.clone()).await?;
    let mut am: briefing_recipient::ActiveModel = row.into();
    am.acknowledged_at = Set(Some(now()));
    am.acknowledged_by = Set(Some(who.id));
    am.update(conn).await?;
    let after = to_dto(conn, current).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Briefing,
        Some(id),
        AuditAction::Acknowledge,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// The briefing as a Word document laid out as an official document.
pub async fn document(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<(Briefing, Vec<u8>)> {
    let b = get(conn, who, id).await?;
    let bytes = docx::briefing(&b)?;
    Ok((b, bytes))
}

fn to_public(b: Briefing) -> Option<PublicBriefing> {
    Some(PublicBriefing {
        id: b.id,
        kind: b.kind,
        title: b.title,
        issue_label: b.issue_label?,
        issuing_unit: ISSUER.to_owned(),
        issued_on: beijing(b.issued_at?).date_naive(),
        dynamics: b.dynamics,
        problems: b.problems,
        opinions: b.opinions,
        corrects_label: b.corrects_label,
        published_at: b.published_at?,
    })
}

/// A published briefing; anything else is "not found" (nothing unpublished is reachable).
pub async fn public_get(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<PublicBriefing> {
    let b = find(conn, id).await?;
    if !b.public {
        return Err(ApiError::NotFound("briefing"));
    }
    to_public(to_dto(conn, b).await?).ok_or(ApiError::NotFound("briefing"))
}

/// Published briefings, the latest published first.
pub async fn public_list(
    conn: &impl ConnectionTrait,
    page: PageParams,
) -> ApiResult<Page<PublicBriefing>> {
    use briefing::Column as C;
    let page = page_of(
        conn,
        briefing::Entity::find().filter(C::Public.eq(true)),
        C::Id,
        |s| s.order_by_desc(C::PublishedAt).order_by_desc(C::Id),
        page,
        Ok,
    )
    .await?;
    let mut items = Vec::with_capacity(page.items.len());
    for m in page.items {
        if let Some(p) = to_public(to_dto(conn, m).await?) {
            items.push(p);
        }
    }
    Ok(Page {
        items,
        total: page.total,
        page: page.page,
        page_size: page.page_size,
    })
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The Atom feed (RFC 4287) of the latest 50 published briefings, for the platform's portal.
/// `base` is the site's address (links point at the public page of each).
pub async fn feed(conn: &impl ConnectionTrait, base: &str) -> ApiResult<String> {
    let list = public_list(
        conn,
        PageParams {
            page: 1,
            page_size: 50,
        },
    )
    .await?;
    let updated = list
        .items
        .first()
        .map(|b| b.published_at)
        .unwrap_or_else(|| chrono::DateTime::<chrono::Utc>::UNIX_EPOCH);
    let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
    out.push_str(r#"<feed xmlns="http://www.w3.org/2005/Atom">"#);
    out.push_str("<title>平安365社会服务管理动态分析研判简报</title>");
    out.push_str(&format!(
        "<id>urn:yanpan:briefings</id><updated>{}</updated>",
        updated.to_rfc3339()
    ));
    out.push_str(&format!(
        r#"<link rel="alternate" type="text/html" href="{}"/>"#,
        xml_escape(&format!("{base}/public/briefings"))
    ));
    out.push_str(&format!(
        "<author><name>{}</name></author>",
        xml_escape(ISSUER)
    ));
    for b in &list.items {
        let summary: String = b.opinions.chars().take(300).collect();
        out.push_str("<entry>");
        out.push_str(&format!(
            "<title>{}（{}）</title>",
            xml_escape(&b.title),
            xml_escape(&b.issue_label)
        ));
        out.push_str(&format!("<id>urn:uuid:{}</id>", b.id));
        out.push_str(&format!(
            "<updated>{}</updated>",
            b.published_at.to_rfc3339()
        ));
        out.push_str(&format!(
            r#"<link rel="alternate" type="text/html" href="{}"/>"#,
            xml_escape(&format!("{base}/public/briefings/{}", b.id))
        ));
        out.push_str(&format!("<summary>{}</summary>", xml_escape(&summary)));
        out.push_str("</entry>");
    }
    out.push_str("</feed>");
    Ok(out)
}
