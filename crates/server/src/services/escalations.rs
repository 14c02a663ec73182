//! Escalation requests to the level-1 supervision meeting (Art. 5.2, Art. 9):
//! `pending → accepted | rejected`, `accepted → scheduled → resolved`.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;
use yanpan_types::*;

use super::save_versioned;
use super::{audit, check_version};
use super::{now, page_of};
use crate::auth::Principal;
use crate::domain::escalation as escalation_rules;
use crate::entities::escalation;
use crate::error::{ApiError, ApiResult, NamedInField};
use crate::store;

/// The escalations with the names of their meeting and people, in two queries whatever their
/// number.
pub async fn to_dtos(
    conn: &impl ConnectionTrait,
    rows: Vec<escalation::Model>,
) -> ApiResult<Vec<Escalation>> {
    let titles = store::names::meetings(conn, rows.iter().map(|m| m.meeting_id)).await?;
    let people = store::names::users(
        conn,
        rows.iter()
            .flat_map(|m| std::iter::once(m.raised_by).chain(m.decided_by)),
    )
    .await?;
    let name = |id: &Uuid| people.get(id).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|m| Escalation {
            id: m.id,
            meeting_id: m.meeting_id,
            meeting_title: titles.get(&m.meeting_id).cloned().unwrap_or_default(),
            agenda_item_id: m.agenda_item_id,
            conclusion_id: m.conclusion_id,
            title: m.title,
            reason: m.reason,
            status: m.status,
            decision_note: m.decision_note,
            decided_by: m.decided_by,
            decided_by_name: m.decided_by.as_ref().map(name),
            decided_at: m.decided_at,
            level1_meeting_id: m.level1_meeting_id,
            level1_item_id: m.level1_item_id,
            outcome: m.outcome,
            resolved_at: m.resolved_at,
            raised_by: m.raised_by,
            raised_by_name: name(&m.raised_by),
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
        .collect())
}

pub async fn to_dto(conn: &impl ConnectionTrait, m: escalation::Model) -> ApiResult<Escalation> {
    to_dtos(conn, vec![m])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("escalation"))
}

pub async fn list(
    conn: &impl ConnectionTrait,
    q: &EscalationQuery,
    page: PageParams,
) -> ApiResult<Page<Escalation>> {
    let mut sel = escalation::Entity::find();
    if let Some(s) = q.status {
        sel = sel.filter(escalation::Column::Status.eq(s));
    }
    if let Some(m) = q.meeting_id {
        sel = sel.filter(escalation::Column::MeetingId.eq(m));
    }
    let page = page_of(
        conn,
        sel,
        escalation::Column::Id,
        |sel| {
            sel.order_by_asc(escalation::Column::CreatedAt)
                .order_by_asc(escalation::Column::Id)
        },
        page,
        Ok,
    )
    .await
    .map(|p| (p.total, p.page, p.page_size, p.items))?;
    Ok(Page {
        items: to_dtos(conn, page.3).await?,
        total: page.0,
        page: page.1,
        page_size: page.2,
    })
}

/// Raises a request from exactly one of an agenda item or a conclusion, with its audit row.
pub async fn insert(
    conn: &impl ConnectionTrait,
    who: &Principal,
    input: &CreateEscalation,
) -> ApiResult<Escalation> {
    let dto = insert_row(conn, who, input).await?;
    audit::created(
        conn,
        &who.actor(),
        AuditEntity::Escalation,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(dto)
}

/// Raises a request as part of another change, which writes the audit row.
pub async fn insert_row(
    conn: &impl ConnectionTrait,
    who: &Principal,
    input: &CreateEscalation,
) -> ApiResult<Escalation> {
    let (meeting_id, title) = match (input.agenda_item_id, input.conclusion_id) {
        (Some(item), None) => {
            let i = store::agenda::find(conn, item)
                .await
                .or_unknown("agenda_item_id", "no such agenda item")?;
            let latest = store::escalations::latest_for_items(conn, &[item])
                .await?
                .first()
                .map(|e| e.status);
            let m = store::meetings::find(conn, i.meeting_id).await?;
            escalation_rules::may_raise(m.kind, latest)?;
            (i.meeting_id, i.title)
        }
        (None, Some(c)) => {
            let c = store::conclusions::find(conn, c)
                .await
                .or_unknown("conclusion_id", "no such conclusion")?;
            let m = store::meetings::find(conn, c.meeting_id).await?;
            escalation_rules::may_raise(m.kind, None)?;
            (c.meeting_id, c.text.chars().take(60).collect())
        }
        _ => {
            return Err(ApiError::field(
                "agenda_item_id",
                "one_source",
                "name exactly one of agenda_item_id and conclusion_id",
            ));
        }
    };
    let row = store::escalations::insert(
        conn,
        who.id,
        meeting_id,
        input.agenda_item_id,
        input.conclusion_id,
        title,
        input.reason.trim(),
    )
    .await?;
    to_dto(conn, row).await
}

async fn save(
    conn: &impl ConnectionTrait,
    who: &Principal,
    current: escalation::Model,
    expected: Option<i32>,
    action: AuditAction,
    am: escalation::ActiveModel,
) -> ApiResult<Escalation> {
    check_version(expected, current.version)?;
    let before = to_dto(conn, current.clone()).await?;
    let mut am = am;
    am.updated_at = Set(now());
    save_versioned::<escalation::Entity>(
        conn,
        am,
        escalation::Column::Id,
        escalation::Column::Version,
        current.id,
        current.version,
        ApiError::from,
    )
    .await?;
    let after = to_dto(conn, store::escalations::find(conn, current.id).await?).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Escalation,
        Some(current.id),
        action,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

pub async fn decide(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &EscalationReview,
) -> ApiResult<Escalation> {
    let current = store::escalations::find(conn, id).await?;
    let from: EscalationStatus = current.status;
    let to = if input.accept {
        EscalationStatus::Accepted
    } else {
        EscalationStatus::Rejected
    };
    escalation_rules::transition(from, to)?;
    let mut am: escalation::ActiveModel = current.clone().into();
    am.status = Set(to);
    am.decision_note = Set(Some(input.note.trim().into()));
    am.decided_by = Set(Some(who.id));
    am.decided_at = Set(Some(now()));
    save(
        conn,
        who,
        current,
        expected,
        if input.accept {
            AuditAction::Accept
        } else {
            AuditAction::Reject
        },
        am,
    )
    .await
}

pub async fn schedule(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &ScheduleEscalation,
) -> ApiResult<Escalation> {
    let current = store::escalations::find(conn, id).await?;
    let from: EscalationStatus = current.status;
    escalation_rules::transition(from, EscalationStatus::Scheduled)?;
    let level1 = store::meetings::find(conn, input.level1_meeting_id)
        .await
        .or_unknown("level1_meeting_id", "no such meeting")?;
    if level1.kind != MeetingKind::Level1Supervision {
        return Err(ApiError::field(
            "level1_meeting_id",
            "not_level1",
            "schedule escalations into a level1_supervision meeting",
        ));
    }
    store::meetings::ensure_open(&level1)?;
    // The level-1 meeting discusses the matter with everything the item knew: its evidence (the
    // platform's figures and case numbers), causes, weak links, remedies and presenting unit.
    let source = match current.agenda_item_id {
        Some(item) => Some(store::agenda::find(conn, item).await?),
        None => None,
    };
    let summary_src = source.as_ref().map_or("", |i| i.summary.as_str());
    let item = CreateAgendaItem {
        platform_ref: None,
        category: source
            .as_ref()
            .map_or(AgendaCategory::Other, |i| i.category),
        title: format!("【提请督办】{}", current.title)
            .chars()
            .take(200)
            .collect(),
        summary: format!("提请理由：{}\n{}", current.reason, summary_src)
            .chars()
            .take(20000)
            .collect(),
        evidence: source
            .as_ref()
            .and_then(|i| serde_json::from_value(i.evidence.clone()).ok())
            .unwrap_or_default(),
        causes: source.as_ref().and_then(|i| i.causes.clone()),
        weak_links: source.as_ref().and_then(|i| i.weak_links.clone()),
        remedies: source.as_ref().and_then(|i| i.remedies.clone()),
        presenting_unit_id: source.as_ref().and_then(|i| i.presenting_unit_id),
    };
    let row = store::agenda::insert(conn, level1.id, &item).await?;
    let mut am: escalation::ActiveModel = current.clone().into();
    am.status = Set(EscalationStatus::Scheduled);
    am.level1_meeting_id = Set(Some(level1.id));
    am.level1_item_id = Set(Some(row.id));
    save(
        conn,
        who,
        current,
        expected,
        AuditAction::ScheduleEscalation,
        am,
    )
    .await
}

pub async fn resolve(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &ResolveEscalation,
) -> ApiResult<Escalation> {
    let current = store::escalations::find(conn, id).await?;
    let from: EscalationStatus = current.status;
    let level1 = match current.level1_meeting_id {
        Some(l1) => store::meetings::status_of(&store::meetings::find(conn, l1).await?)?,
        None => MeetingStatus::Draft,
    };
    escalation_rules::may_resolve(from, level1)?;
    let task = match (input.responsible_unit_id, input.deadline) {
        (Some(unit), Some(deadline)) => Some((unit, deadline)),
        (None, None) => None,
        (Some(_), None) => {
            return Err(ApiError::field(
                "deadline",
                "required",
                "a responsible unit is given with a deadline",
            ));
        }
        (None, Some(_)) => {
            return Err(ApiError::field(
                "responsible_unit_id",
                "required",
                "a deadline is given with the unit that must meet it",
            ));
        }
    };
    let mut am: escalation::ActiveModel = current.clone().into();
    am.status = Set(EscalationStatus::Resolved);
    am.outcome = Set(Some(input.outcome.trim().into()));
    am.resolved_at = Set(Some(now()));
    let level1_meeting = current.level1_meeting_id;
    let resolved = save(conn, who, current, expected, AuditAction::Resolve, am).await?;
    // Art. 9: the outcome is carried out, and followed up like a recommendation.
    if let (Some(task), Some(l1)) = (task, level1_meeting) {
        let step = store::supervision::Step {
            actor_id: Some(who.id),
            actor_name: &who.name,
            note: None,
        };
        let outcome = input.outcome.trim();
        store::supervision::create_for_escalation(conn, l1, id, (task.0, task.1, outcome), &step)
            .await?;
    }
    Ok(resolved)
}
