//! Meetings (Art. 4, 6): creation, preparation, the state machine with its preconditions,
//! participants and attendance, visibility per unit, and the yearly cadence.

use chrono::{Datelike, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set, SqlErr,
};
use uuid::Uuid;
use yanpan_types::*;

use super::save_versioned;
use super::{audit, check_version};
use super::{calendar, like_pattern, now};
use crate::auth::Principal;
use crate::domain::meeting as meeting_rules;
use crate::entities::{evidence_case, meeting, participant, unit};
use crate::error::{ApiError, ApiResult, sql_err};
use crate::store;

pub fn to_dto(m: meeting::Model) -> ApiResult<Meeting> {
    Ok(Meeting {
        platform_ref: m.platform_ref.clone(),
        id: m.id,
        kind: m.kind,
        title: m.title,
        status: m.status,
        period: m.period,
        trigger: m.trigger,
        trigger_reason: m.trigger_reason,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        place: m.place,
        chair: m.chair,
        submission_due_at: m.submission_due_at,
        preliminary_analysis: m.preliminary_analysis,
        main_reporter: m.main_reporter,
        minutes: m.minutes,
        cancel_reason: m.cancel_reason,
        early_start_reason: m.early_start_reason,
        concluded_at: m.concluded_at,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// A list row: the summary's columns and, beside each, the number of meetings the filter finds.
#[derive(Debug, FromQueryResult)]
struct SummaryRow {
    id: Uuid,
    kind: MeetingKind,
    title: String,
    status: MeetingStatus,
    period: Option<String>,
    trigger: Option<MeetingTrigger>,
    starts_at: chrono::DateTime<Utc>,
    ends_at: chrono::DateTime<Utc>,
    place: String,
    chair: String,
    submission_due_at: chrono::DateTime<Utc>,
    concluded_at: Option<chrono::DateTime<Utc>>,
    platform_ref: Option<String>,
    version: i32,
    updated_at: chrono::DateTime<Utc>,
    total: i64,
}

impl From<SummaryRow> for MeetingSummary {
    fn from(r: SummaryRow) -> Self {
        MeetingSummary {
            platform_ref: r.platform_ref,
            id: r.id,
            kind: r.kind,
            title: r.title,
            status: r.status,
            period: r.period,
            trigger: r.trigger,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            place: r.place,
            chair: r.chair,
            submission_due_at: r.submission_due_at,
            concluded_at: r.concluded_at,
            version: r.version,
            updated_at: r.updated_at,
        }
    }
}

/// A page of meeting summaries. One query: the page's rows, each carrying the filter's count
/// from an uncorrelated subquery the database computes once (through the indexes on kind, state
/// and start); only a page past the end needs a second query for the count.
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    q: &MeetingQuery,
    page: PageParams,
) -> ApiResult<Page<MeetingSummary>> {
    let (page_stmt, count_stmt) = list_statements(conn.get_database_backend(), who, q, page);
    let rows = SummaryRow::find_by_statement(page_stmt).all(conn).await?;
    let total = match rows.first() {
        Some(r) => u64::try_from(r.total).unwrap_or(0),
        // Past the last page: the count alone.
        None => Count::find_by_statement(count_stmt)
            .one(conn)
            .await?
            .map(|c| u64::try_from(c.total).unwrap_or(0))
            .unwrap_or(0),
    };
    Ok(Page {
        items: rows.into_iter().map(MeetingSummary::from).collect(),
        total,
        page: page.page,
        page_size: page.page_size,
    })
}

#[derive(Debug, FromQueryResult)]
struct Count {
    total: i64,
}

/// The SQL of a list page (its rows, each with the count) and of the count alone, as `list`
/// runs them; public so that a test can ask the database for their plans.
pub fn list_statements(
    backend: sea_orm::DbBackend,
    who: &Principal,
    q: &MeetingQuery,
    page: PageParams,
) -> (sea_orm::Statement, sea_orm::Statement) {
    use meeting::Column as C;
    let sqlite = backend == sea_orm::DbBackend::Sqlite;
    // The page's query and the count's differ in one thing on SQLite: the page's filters on kind
    // and state are written so that no index can serve them (`+column`), which makes SQLite
    // walk the index of the sort order (it carries kind and state) and stop after the page,
    // instead of collecting every match of an equality index and sorting them. The count keeps
    // the plain filters and is answered from the (kind, state) indexes alone. PostgreSQL's
    // planner weighs both plans from its statistics.
    let mut sel = meeting::Entity::find();
    let mut page_sel = meeting::Entity::find();
    let rep_unit = (who.role == Role::UnitRep).then(|| who.unit_id.unwrap_or_default());
    if let Some(unit) = rep_unit {
        // The count takes the unit's meetings as one list; the page probes, meeting by meeting
        // in the sort order, whether the unit takes part, and stops after the page.
        sel = sel.filter(
            C::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(participant::Column::MeetingId)
                    .from(participant::Entity)
                    .and_where(Expr::col(participant::Column::UnitId).eq(unit))
                    .to_owned(),
            ),
        );
        page_sel = page_sel.filter(Expr::exists(
            sea_orm::sea_query::Query::select()
                .expr(Expr::val(1))
                .from(participant::Entity)
                .and_where(
                    Expr::col((participant::Entity, participant::Column::MeetingId))
                        .equals((meeting::Entity, C::Id)),
                )
                .and_where(Expr::col((participant::Entity, participant::Column::UnitId)).eq(unit))
                .to_owned(),
        ));
    }
    if let Some(k) = q.kind {
        sel = sel.filter(C::Kind.eq(k));
        page_sel = if sqlite {
            // A closed set of identifiers: nothing to quote.
            page_sel.filter(Expr::cust(format!(
                "+\"meetings\".\"kind\" = '{}'",
                k.as_str()
            )))
        } else {
            page_sel.filter(C::Kind.eq(k))
        };
    }
    if let Some(st) = q.status {
        sel = sel.filter(C::Status.eq(st));
        page_sel = if sqlite {
            page_sel.filter(Expr::cust(format!(
                "+\"meetings\".\"status\" = '{}'",
                st.as_str()
            )))
        } else {
            page_sel.filter(C::Status.eq(st))
        };
    }
    let mut common = Condition::all();
    if let Some(p) = &q.period {
        common = common.add(C::Period.eq(p.as_str()));
    }
    if let Some(f) = q.from {
        common = common.add(C::StartsAt.gte(f));
    }
    if let Some(t) = q.to {
        common = common.add(C::StartsAt.lt(t));
    }
    if let Some(r) = &q.platform_ref {
        common = common.add(C::PlatformRef.eq(r.trim()));
    }
    if let Some(n) = &q.case_number {
        common = common.add(
            C::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(evidence_case::Column::MeetingId)
                    .from(evidence_case::Entity)
                    .and_where(Expr::col(evidence_case::Column::CaseNumber).eq(n.trim()))
                    .to_owned(),
            ),
        );
    }
    if let Some(text) = q.q.as_deref().filter(|s| !s.is_empty()) {
        common =
            common.add(Expr::col(C::Title).like(LikeExpr::new(like_pattern(text)).escape('\\')));
    }
    let sel = sel.filter(common.clone());
    let page_sel = page_sel.filter(common);
    let unfiltered = q.kind.is_none()
        && q.status.is_none()
        && q.period.is_none()
        && q.from.is_none()
        && q.to.is_none()
        && q.platform_ref.is_none()
        && q.case_number.is_none()
        && q.q.as_deref().is_none_or(str::is_empty);
    let count = match rep_unit {
        // A unit's meetings, unfiltered: its rows in the participants index are the count.
        Some(unit) if unfiltered => participant::Entity::find()
            .select_only()
            .expr(Expr::cust("COUNT(*)"))
            .filter(participant::Column::UnitId.eq(unit))
            .into_query(),
        _ => sel
            .clone()
            .select_only()
            .expr(Expr::cust("COUNT(*)"))
            .into_query(),
    };
    let sort = q.sort.as_deref().unwrap_or("-starts_at");
    let desc = sort.starts_with('-');
    let col = match sort.trim_start_matches('-') {
        "title" => C::Title,
        "created_at" => C::CreatedAt,
        _ => C::StartsAt,
    };
    let rows_sel = page_sel.select_only().columns([
        C::Id,
        C::Kind,
        C::Title,
        C::Status,
        C::Period,
        C::Trigger,
        C::StartsAt,
        C::EndsAt,
        C::Place,
        C::Chair,
        C::SubmissionDueAt,
        C::ConcludedAt,
        C::PlatformRef,
        C::Version,
        C::UpdatedAt,
    ]);
    let count_sql = match backend {
        sea_orm::DbBackend::Postgres => count.build(sea_orm::sea_query::PostgresQueryBuilder),
        _ => count.build(sea_orm::sea_query::SqliteQueryBuilder),
    };
    let rows_sel = rows_sel.expr_as(
        sea_orm::sea_query::Expr::SubQuery(None, Box::new(count.into())),
        "total",
    );
    let rows_sel = if desc {
        rows_sel.order_by_desc(col).order_by_desc(C::Id)
    } else {
        rows_sel.order_by_asc(col).order_by_asc(C::Id)
    };
    let page_stmt = rows_sel
        .offset(page.offset())
        .limit(page.page_size)
        .build(backend);
    let count_stmt = sea_orm::Statement::from_sql_and_values(
        backend,
        format!("SELECT ({}) AS total", count_sql.0),
        count_sql.1,
    );
    (page_stmt, count_stmt)
}

fn check_kind_fields(
    kind: MeetingKind,
    period: &Option<String>,
    trigger: &Option<MeetingTrigger>,
    reason: &Option<String>,
) -> ApiResult<()> {
    let mut errors = Vec::new();
    let err = |f: &str, c: &str, m: &str| FieldError::new(f, c, m);
    match kind {
        MeetingKind::Regular => {
            if period.is_none() {
                errors.push(err(
                    "period",
                    "required",
                    "a regular meeting names the month it covers (YYYY-MM)",
                ));
            }
            if trigger.is_some() {
                errors.push(err(
                    "trigger",
                    "not_allowed",
                    "only special-topic meetings have a trigger",
                ));
            }
        }
        MeetingKind::SpecialTopic => {
            if trigger.is_none() {
                errors.push(err("trigger", "required", "a special-topic meeting needs its trigger: sensitive_period, major_event or hot_issue"));
            }
            if reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                errors.push(err(
                    "trigger_reason",
                    "required",
                    "say why the special-topic meeting is called",
                ));
            }
            if period.is_some() {
                errors.push(err(
                    "period",
                    "not_allowed",
                    "only regular meetings carry a month",
                ));
            }
        }
        MeetingKind::Level1Supervision => {
            if trigger.is_some() {
                errors.push(err(
                    "trigger",
                    "not_allowed",
                    "only special-topic meetings have a trigger",
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn check_times(starts: chrono::DateTime<Utc>, ends: chrono::DateTime<Utc>) -> ApiResult<()> {
    if ends <= starts {
        return Err(ApiError::field(
            "ends_at",
            "before_start",
            "the meeting must end after it starts",
        ));
    }
    Ok(())
}

/// An optional text as stored: blank is none.
fn blank_to_none(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_owned())
}

pub async fn create(
    conn: &impl ConnectionTrait,
    who: &Principal,
    lead_days: u32,
    input: &CreateMeeting,
) -> ApiResult<MeetingDetail> {
    check_kind_fields(
        input.kind,
        &input.period,
        &input.trigger,
        &input.trigger_reason,
    )?;
    check_times(input.starts_at, input.ends_at)?;
    let t = now();
    let due = calendar::submission_due(conn, input.starts_at, lead_days).await?;
    let row = meeting::ActiveModel {
        platform_ref: Set(input
            .platform_ref
            .as_deref()
            .map(str::trim)
            .map(str::to_owned)),
        id: Set(Uuid::now_v7()),
        kind: Set(input.kind),
        title: Set(input.title.trim().into()),
        status: Set(MeetingStatus::Draft),
        period: Set(input.period.clone()),
        trigger: Set(input.trigger),
        trigger_reason: Set(input.trigger_reason.clone()),
        starts_at: Set(input.starts_at),
        ends_at: Set(input.ends_at),
        place: Set(input.place.trim().into()),
        chair: Set(input.chair.trim().into()),
        submission_due_at: Set(due),
        // Both may come with the meeting (one request for a script that has them ready).
        preliminary_analysis: Set(input
            .preliminary_analysis
            .as_deref()
            .and_then(blank_to_none)),
        main_reporter: Set(input
            .main_reporter
            .as_deref()
            .and_then(blank_to_none)
            .map(|s| s.trim().to_owned())),
        minutes: Set(None),
        cancel_reason: Set(None),
        early_start_reason: Set(None),
        concluded_at: Set(None),
        created_by: Set(Some(who.id)),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await?;
    let actor = who.actor();
    for (ids, role) in [
        (&input.convening_unit_ids, ParticipantRole::Convening),
        (&input.invited_unit_ids, ParticipantRole::Invited),
    ] {
        for unit_id in ids {
            insert_participant(conn, row.id, *unit_id, role).await?;
        }
    }
    let dto = to_dto(row.clone())?;
    store::search_index::index_meeting(conn, &row).await?;
    audit::created(
        conn,
        &actor,
        AuditEntity::Meeting,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    // A new meeting has no agenda yet.
    Ok(MeetingDetail {
        meeting: dto,
        agenda: vec![],
        participants: participants(conn, row.id).await?,
    })
}

async fn insert_participant(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    unit_id: Uuid,
    role: ParticipantRole,
) -> ApiResult<participant::Model> {
    participant::ActiveModel {
        id: Set(Uuid::now_v7()),
        meeting_id: Set(meeting_id),
        unit_id: Set(unit_id),
        role: Set(role),
        attendance: Set(None),
        attendance_reason: Set(None),
        attendees: Set(serde_json::json!([])),
        version: Set(1),
    }
    .insert(conn)
    .await
    .map_err(|e| match sql_err(&e) {
        Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            ProblemCode::AlreadyParticipant,
            "the unit already takes part",
        ),
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            ApiError::field("unit_id", "unknown", format!("no unit {unit_id}"))
        }
        _ => e.into(),
    })
}

/// A meeting (already loaded, e.g. by the visibility check) with its participants and the
/// agenda the caller read (`services::agenda::list`).
/// A meeting with its agenda and participants, if the caller may see it: four queries (the
/// meeting, its participants with their units' names, its agenda, the agenda's escalations); a
/// unit representative's right to see it is read off the participants already loaded.
pub async fn detail(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<MeetingDetail> {
    let m = store::meetings::find(conn, id).await?;
    let participants = participants(conn, id).await?;
    if who.role == Role::UnitRep {
        let unit = who.unit_id.ok_or_else(|| ApiError::forbidden("no unit"))?;
        if !participants.iter().any(|p| p.unit_id == unit) {
            return Err(ApiError::forbidden(
                "your unit does not take part in this meeting",
            ));
        }
    }
    Ok(MeetingDetail {
        meeting: to_dto(m)?,
        agenda: super::agenda::list(conn, id).await?,
        participants,
    })
}

pub async fn update(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateMeeting,
    lead_days: u32,
) -> ApiResult<Meeting> {
    let current = store::meetings::find(conn, id).await?;
    check_version(expected, current.version)?;
    store::meetings::ensure_open(&current)?;
    let before = to_dto(current.clone())?;
    let kind: MeetingKind = current.kind;
    let mut am: meeting::ActiveModel = current.clone().into();
    let starts = input.starts_at.unwrap_or(current.starts_at);
    let ends = input.ends_at.unwrap_or(current.ends_at);
    check_times(starts, ends)?;
    if input.starts_at.is_some() {
        am.starts_at = Set(starts);
        am.submission_due_at = Set(calendar::submission_due(conn, starts, lead_days).await?);
    }
    am.ends_at = Set(ends);
    if let Some(v) = &input.title {
        am.title = Set(v.trim().into());
    }
    if let Some(v) = &input.place {
        am.place = Set(v.trim().into());
    }
    if let Some(v) = &input.chair {
        am.chair = Set(v.trim().into());
    }
    if let Some(v) = &input.trigger_reason {
        if kind != MeetingKind::SpecialTopic {
            return Err(ApiError::field(
                "trigger_reason",
                "not_allowed",
                "only special-topic meetings have a trigger reason",
            ));
        }
        am.trigger_reason = Set(Some(v.clone()));
    }
    if let Some(v) = &input.preliminary_analysis {
        am.preliminary_analysis = Set(blank_to_none(v));
    }
    if let Some(v) = &input.main_reporter {
        am.main_reporter = Set(blank_to_none(v).map(|s| s.trim().to_owned()));
    }
    if let Some(v) = &input.minutes {
        am.minutes = Set(blank_to_none(v));
    }
    if let Some(v) = &input.platform_ref {
        am.platform_ref = Set(Some(v.trim().to_owned()));
    }
    am.updated_at = Set(now());
    save_versioned::<meeting::Entity>(
        conn,
        am,
        meeting::Column::Id,
        meeting::Column::Version,
        id,
        current.version,
        ApiError::from,
    )
    .await?;
    let row = store::meetings::find(conn, id).await?;
    store::search_index::index_meeting(conn, &row).await?;
    let after = to_dto(row)?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Meeting,
        Some(id),
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

pub async fn readiness(conn: &impl ConnectionTrait, m: &meeting::Model) -> ApiResult<Readiness> {
    Ok(meeting_rules::readiness(
        store::meetings::status_of(m)?,
        store::agenda::count(conn, m.id).await?,
        m.main_reporter.as_deref(),
        m.preliminary_analysis.as_deref(),
    ))
}

/// Why a meeting cannot be concluded yet (empty when it can).
pub async fn conclusion_blockers(
    conn: &impl ConnectionTrait,
    m: &meeting::Model,
) -> ApiResult<Vec<FieldError>> {
    let candidates = store::agenda::undecided_poor_disposal(conn, m.id).await?;
    let ids: Vec<Uuid> = candidates.iter().map(|i| i.id).collect();
    let standing: Vec<Uuid> = store::escalations::latest_for_items(conn, &ids)
        .await?
        .into_iter()
        .filter(|e| e.status != EscalationStatus::Rejected)
        .filter_map(|e| e.agenda_item_id)
        .collect();
    let items: Vec<meeting_rules::ItemFacts<'_>> = candidates
        .iter()
        .map(|i| {
            Ok(meeting_rules::ItemFacts {
                id: i.id,
                title: &i.title,
                category: i.category,
                decided: i.escalate.is_some(),
                standing_request: standing.contains(&i.id),
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(meeting_rules::conclusion_blockers(
        m.kind,
        m.minutes.as_deref(),
        store::conclusions::adopted_count(conn, m.id).await?,
        &items,
    ))
}

fn given_reason(req: &TransitionRequest) -> Option<&str> {
    req.reason.as_deref().filter(|r| !r.trim().is_empty())
}

/// The 409 for a start without a reason before the day or the deadline: it says what starting
/// would do, so that the caller can confirm with a reason.
fn early_start_refusal(m: &meeting::Model, early: EarlyStart) -> ApiError {
    let beijing = |t: chrono::DateTime<Utc>| {
        t.with_timezone(&calendar::shanghai())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    };
    let mut why = Vec::new();
    if early.before_day {
        why.push(format!(
            "it is scheduled for {} (Beijing time)",
            beijing(m.starts_at)
        ));
    }
    if early.before_deadline {
        why.push(format!(
            "submissions are due {} (Beijing time) and starting closes them at once",
            beijing(m.submission_due_at)
        ));
    }
    let held = m
        .period
        .as_deref()
        .map(|p| format!("; the cadence counts {p} as held"))
        .unwrap_or_default();
    ApiError::Blocked {
        code: ProblemCode::EarlyStart,
        detail: format!(
            "the meeting would start early: {}{held}; send a reason to start it anyway",
            why.join(" and ")
        ),
        errors: vec![FieldError::new(
            "reason",
            "required",
            "say why the meeting starts before its day or its submission deadline",
        )],
    }
}

pub async fn transition(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    req: &TransitionRequest,
) -> ApiResult<Meeting> {
    who.require(req.to.movers())?;
    let current = store::meetings::find(conn, id).await?;
    check_version(expected, current.version)?;
    let from = store::meetings::status_of(&current)?;
    if !from.next().contains(&req.to) {
        return Err(ApiError::InvalidTransition {
            from: from.to_string(),
            to: req.to.to_string(),
            allowed: from.next().iter().map(|s| s.to_string()).collect(),
        });
    }
    let mut am: meeting::ActiveModel = current.clone().into();
    match req.to {
        MeetingStatus::InProgress => {
            let r = readiness(conn, &current).await?;
            if !r.ready {
                let errors = r
                    .missing
                    .iter()
                    .map(|m| FieldError::new(m.as_str(), "required", format!("{m} is missing")))
                    .collect();
                return Err(ApiError::Blocked {
                    code: ProblemCode::NotReady,
                    detail: format!(
                        "the meeting cannot start; missing: {}",
                        r.missing
                            .iter()
                            .map(|m| m.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    errors,
                });
            }
            let early = EarlyStart::at(now(), current.starts_at, current.submission_due_at);
            if early.is_early() {
                match given_reason(req) {
                    Some(reason) => am.early_start_reason = Set(Some(reason.to_owned())),
                    None => return Err(early_start_refusal(&current, early)),
                }
            }
        }
        MeetingStatus::Concluded => {
            let blockers = conclusion_blockers(conn, &current).await?;
            if !blockers.is_empty() {
                let what: Vec<_> = blockers.iter().map(|b| b.message.clone()).collect();
                return Err(ApiError::Blocked {
                    code: ProblemCode::CannotConclude,
                    detail: format!("the meeting cannot be concluded: {}", what.join("; ")),
                    errors: blockers,
                });
            }
            am.concluded_at = Set(Some(now()));
        }
        // Art. 7: the meeting is reported by its briefing; marking it so without one would
        // claim what did not happen.
        MeetingStatus::Reported if !store::briefings::issued_for_meeting(conn, id).await? => {
            return Err(ApiError::Blocked {
                code: ProblemCode::NoIssuedBriefing,
                detail: "the meeting is marked reported once a briefing on it is issued".into(),
                errors: vec![FieldError::new(
                    "briefing",
                    "required",
                    "issue a briefing on the meeting first",
                )],
            });
        }
        MeetingStatus::Cancelled => {
            let reason = given_reason(req).ok_or_else(|| {
                ApiError::field("reason", "required", "say why the meeting is cancelled")
            })?;
            am.cancel_reason = Set(Some(reason.to_owned()));
        }
        _ => {}
    }
    am.status = Set(req.to);
    am.updated_at = Set(now());
    let before = to_dto(current.clone())?;
    save_versioned::<meeting::Entity>(
        conn,
        am,
        meeting::Column::Id,
        meeting::Column::Version,
        id,
        current.version,
        ApiError::from,
    )
    .await?;
    let after = to_dto(store::meetings::find(conn, id).await?)?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Meeting,
        Some(id),
        AuditAction::meeting_transition(req.to),
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

// --- participants -----------------------------------------------------------------------------

/// A participant row with its unit's name, read in one query.
#[derive(Debug, FromQueryResult)]
struct ParticipantRow {
    unit_id: Uuid,
    unit_name: String,
    role: ParticipantRole,
    attendance: Option<Attendance>,
    attendance_reason: Option<String>,
    attendees: serde_json::Value,
    version: i32,
}

pub async fn participants(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> ApiResult<Vec<Participant>> {
    use participant::Column as P;
    let to_unit: sea_orm::RelationDef = participant::Entity::belongs_to(unit::Entity)
        .from(P::UnitId)
        .to(unit::Column::Id)
        .into();
    let rows = participant::Entity::find()
        .select_only()
        .columns([
            P::UnitId,
            P::Role,
            P::Attendance,
            P::AttendanceReason,
            P::Attendees,
            P::Version,
        ])
        .column_as(unit::Column::Name, "unit_name")
        .join(sea_orm::JoinType::InnerJoin, to_unit)
        .filter(P::MeetingId.eq(meeting_id))
        .order_by_asc(P::Role)
        .order_by_asc(P::Id)
        .into_model::<ParticipantRow>()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|p| Participant {
            unit_id: p.unit_id,
            unit_name: p.unit_name,
            role: p.role,
            attendance: p.attendance,
            attendance_reason: p.attendance_reason,
            attendees: serde_json::from_value(p.attendees).unwrap_or_default(),
            version: p.version,
        })
        .collect())
}

pub async fn add_participant(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    input: &AddParticipant,
) -> ApiResult<Participant> {
    let m = store::meetings::find(conn, meeting_id).await?;
    store::meetings::ensure_open(&m)?;
    insert_participant(conn, meeting_id, input.unit_id, input.role).await?;
    let p = participant_dto(conn, meeting_id, input.unit_id).await?;
    audit::created(
        conn,
        &who.actor(),
        AuditEntity::MeetingParticipant,
        Some(meeting_id),
        AuditAction::Add,
        &p,
    )
    .await?;
    Ok(p)
}

async fn find_participant(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    unit_id: Uuid,
) -> ApiResult<participant::Model> {
    participant::Entity::find()
        .filter(participant::Column::MeetingId.eq(meeting_id))
        .filter(participant::Column::UnitId.eq(unit_id))
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("participant"))
}

pub async fn participant_dto(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    unit_id: Uuid,
) -> ApiResult<Participant> {
    participants(conn, meeting_id)
        .await?
        .into_iter()
        .find(|p| p.unit_id == unit_id)
        .ok_or(ApiError::NotFound("participant"))
}

pub async fn remove_participant(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    unit_id: Uuid,
    expected: Option<i32>,
) -> ApiResult<()> {
    let m = store::meetings::find(conn, meeting_id).await?;
    store::meetings::ensure_open(&m)?;
    let p = find_participant(conn, meeting_id, unit_id).await?;
    check_version(expected, p.version)?;
    let before = participant_dto(conn, meeting_id, unit_id).await?;
    // Nothing refers to a participant row: the unit's submissions name the meeting and the unit.
    participant::Entity::delete_by_id(p.id).exec(conn).await?;
    audit::removed(
        conn,
        &who.actor(),
        AuditEntity::MeetingParticipant,
        Some(meeting_id),
        AuditAction::Remove,
        &before,
    )
    .await?;
    Ok(())
}

pub async fn record_attendance(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    unit_id: Uuid,
    expected: Option<i32>,
    input: &RecordAttendance,
) -> ApiResult<Participant> {
    ensure_in_progress(conn, meeting_id).await?;
    let p = find_participant(conn, meeting_id, unit_id).await?;
    check_version(expected, p.version)?;
    if excused_without_reason(input.attendance, &input.reason) {
        return Err(ApiError::field(
            "reason",
            "required",
            "an excused absence needs its reason",
        ));
    }
    save_attendance(
        conn,
        who,
        p,
        input.attendance,
        &input.reason,
        &input.attendees,
    )
    .await
}

/// Attendance of several units in one go (the sign-in sheet of a meeting): every entry is
/// checked first, all invalid ones are named together, and either all are saved or none.
pub async fn record_attendance_batch(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    input: &RecordAttendanceBatch,
) -> ApiResult<Vec<Participant>> {
    ensure_in_progress(conn, meeting_id).await?;
    let rows = participant::Entity::find()
        .filter(participant::Column::MeetingId.eq(meeting_id))
        .all(conn)
        .await?;
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    let mut chosen = Vec::new();
    for (i, e) in input.entries.iter().enumerate() {
        let field = |f: &str| format!("entries[{i}].{f}");
        if seen.contains(&e.unit_id) {
            errors.push(FieldError::new(
                field("unit_id"),
                "duplicate",
                "the unit appears twice in the batch",
            ));
            continue;
        }
        seen.push(e.unit_id);
        match rows.iter().find(|p| p.unit_id == e.unit_id) {
            Some(p) => chosen.push((p.clone(), e)),
            None => errors.push(FieldError::new(
                field("unit_id"),
                "not_participant",
                "the unit does not take part in this meeting",
            )),
        }
        if excused_without_reason(e.attendance, &e.reason) {
            errors.push(FieldError::new(
                field("reason"),
                "required",
                "an excused absence needs its reason",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    for (p, e) in &chosen {
        check_version(e.version, p.version)?;
    }
    for (p, e) in chosen {
        save_attendance(conn, who, p, e.attendance, &e.reason, &e.attendees).await?;
    }
    participants(conn, meeting_id).await
}

/// Locks the meeting for the rest of the transaction and checks that it is in progress. The lock
/// makes attendance changes of one meeting take turns: without it, two sign-in sheets saved at
/// once on PostgreSQL read the same participant versions and the second failed with 412 although
/// its caller never sent a version (issue 10's mix found it).
async fn ensure_in_progress(conn: &impl ConnectionTrait, meeting_id: Uuid) -> ApiResult<()> {
    let m = store::meetings::find_for_update(conn, meeting_id).await?;
    if store::meetings::status_of(&m)? != MeetingStatus::InProgress {
        return Err(ApiError::conflict(
            ProblemCode::NotInProgress,
            "attendance is taken while the meeting is in progress",
        ));
    }
    Ok(())
}

fn excused_without_reason(attendance: Attendance, reason: &Option<String>) -> bool {
    attendance == Attendance::Excused && reason.as_deref().is_none_or(|r| r.trim().is_empty())
}

async fn save_attendance(
    conn: &impl ConnectionTrait,
    who: &Principal,
    p: participant::Model,
    attendance: Attendance,
    reason: &Option<String>,
    attendees: &[String],
) -> ApiResult<Participant> {
    let (meeting_id, unit_id) = (p.meeting_id, p.unit_id);
    let before = participant_dto(conn, meeting_id, unit_id).await?;
    let names: Vec<&str> = attendees.iter().map(|n| n.trim()).collect();
    let mut am: participant::ActiveModel = p.clone().into();
    am.attendance = Set(Some(attendance));
    am.attendance_reason = Set(reason.clone());
    am.attendees = Set(serde_json::to_value(&names).map_err(anyhow::Error::from)?);
    save_versioned::<participant::Entity>(
        conn,
        am,
        participant::Column::Id,
        participant::Column::Version,
        p.id,
        p.version,
        ApiError::from,
    )
    .await?;
    let after = participant_dto(conn, meeting_id, unit_id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::MeetingParticipant,
        Some(meeting_id),
        AuditAction::RecordAttendance,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

// --- cadence ----------------------------------------------------------------------------------

pub async fn cadence(conn: &impl ConnectionTrait, year: i32) -> ApiResult<Cadence> {
    use meeting::Column as C;
    let prefix = format!("{year:04}-");
    let regular = meeting::Entity::find()
        .filter(C::Kind.eq(MeetingKind::Regular))
        .filter(Expr::col(C::Period).like(format!("{prefix}%")))
        .filter(C::Status.ne(MeetingStatus::Cancelled))
        .order_by_asc(C::StartsAt)
        .all(conn)
        .await?;
    let (start, end) = calendar::year_bounds(year);
    let specials = meeting::Entity::find()
        .filter(C::Kind.eq(MeetingKind::SpecialTopic))
        .filter(
            Condition::all()
                .add(C::StartsAt.gte(start))
                .add(C::StartsAt.lt(end)),
        )
        .order_by_asc(C::StartsAt)
        .all(conn)
        .await?;
    let today = calendar::shanghai_today();
    let current = (today.year(), today.month());
    let cm = |m: &meeting::Model| -> ApiResult<CadenceMeeting> {
        Ok(CadenceMeeting {
            id: m.id,
            title: m.title.clone(),
            status: store::meetings::status_of(m)?,
            starts_at: m.starts_at,
            trigger: m.trigger,
            trigger_reason: m.trigger_reason.clone(),
        })
    };
    let mut months = Vec::new();
    let mut missing = Vec::new();
    for month in 1..=12u32 {
        let period = format!("{year:04}-{month:02}");
        let list: Vec<CadenceMeeting> = regular
            .iter()
            .filter(|m| m.period.as_deref() == Some(period.as_str()))
            .map(cm)
            .collect::<ApiResult<_>>()?;
        let held = list
            .iter()
            .any(|m| matches!(m.status, MeetingStatus::Concluded | MeetingStatus::Reported));
        let past = (year, month) < current;
        let state = if held {
            CadenceState::Held
        } else if past {
            missing.push(period.clone());
            CadenceState::Missing
        } else if !list.is_empty() {
            CadenceState::Planned
        } else {
            CadenceState::Open
        };
        months.push(CadenceMonth {
            period,
            state,
            regular_meetings: list,
        });
    }
    Ok(Cadence {
        year,
        months,
        missing_months: missing,
        special_topics: specials.iter().map(cm).collect::<ApiResult<_>>()?,
    })
}

/// The participants' unit ids (for visibility filters elsewhere).
pub async fn unit_meeting_ids(conn: &impl ConnectionTrait, unit_id: Uuid) -> ApiResult<Vec<Uuid>> {
    Ok(participant::Entity::find()
        .filter(participant::Column::UnitId.eq(unit_id))
        .select_only()
        .column(participant::Column::MeetingId)
        .into_tuple::<Uuid>()
        .all(conn)
        .await?)
}
