//! Agenda items in the five categories of Art. 5: ordering, evidence, and the explicit
//! escalate-or-not decision every `poor_disposal` item needs.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr};
use uuid::Uuid;
use yanpan_types::*;

use super::now;
use super::save_versioned;
use super::{audit, check_version};
use crate::auth::Principal;
use crate::domain::escalation as escalation_rules;
use crate::entities::{agenda_item, escalation};
use crate::error::{ApiError, ApiResult, sql_err};
use crate::store;

/// `esc`: the newest request raised from the item; `source`: the request the item is the
/// level-1 agenda entry of (one truth: `escalations.level1_item_id`).
pub fn to_dto(
    m: agenda_item::Model,
    esc: Option<&escalation::Model>,
    source: Option<Uuid>,
    units: &std::collections::HashMap<Uuid, String>,
) -> ApiResult<AgendaItem> {
    let presenting_unit_name = m.presenting_unit_id.and_then(|u| units.get(&u).cloned());
    Ok(AgendaItem {
        platform_ref: m.platform_ref.clone(),
        id: m.id,
        meeting_id: m.meeting_id,
        category: m.category,
        title: m.title,
        summary: m.summary,
        evidence: serde_json::from_value(m.evidence).unwrap_or_default(),
        causes: m.causes,
        weak_links: m.weak_links,
        remedies: m.remedies,
        presenting_unit_id: m.presenting_unit_id,
        presenting_unit_name,
        position: m.position,
        escalate: m.escalate,
        escalation_reason: m.escalation_reason,
        escalation: esc
            .map(|e| {
                Ok::<_, ApiError>(EscalationSummary {
                    id: e.id,
                    status: e.status,
                    level1_meeting_id: e.level1_meeting_id,
                    outcome: e.outcome.clone(),
                })
            })
            .transpose()?,
        source_escalation_id: source,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// The meeting's agenda: grouped in the fixed category order, then by position.
pub async fn list(conn: &impl ConnectionTrait, meeting_id: Uuid) -> ApiResult<Vec<AgendaItem>> {
    let mut rows = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(agenda_item::Column::Position)
        .all(conn)
        .await?;
    rows.sort_by_key(|r| (r.category, r.position));
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let (escs, sources) = store::escalations::of_items(conn, &ids).await?;
    let units = store::names::units(conn, rows.iter().filter_map(|r| r.presenting_unit_id)).await?;
    rows.into_iter()
        .map(|r| {
            let e = escs.iter().find(|e| e.agenda_item_id == Some(r.id));
            let source = sources
                .iter()
                .find(|s| s.level1_item_id == Some(r.id))
                .map(|s| s.id);
            to_dto(r, e, source, &units)
        })
        .collect()
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<AgendaItem> {
    let m = store::agenda::find(conn, id).await?;
    let escs = store::escalations::latest_for_items(conn, &[id]).await?;
    let source = store::escalations::scheduled_as(conn, &[id]).await?;
    let units = store::names::units(conn, m.presenting_unit_id).await?;
    to_dto(m, escs.first(), source.first().map(|s| s.id), &units)
}

pub async fn create(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    input: &CreateAgendaItem,
) -> ApiResult<AgendaItem> {
    let m = store::meetings::find(conn, meeting_id).await?;
    store::meetings::ensure_open(&m)?;
    let row = store::agenda::insert(conn, meeting_id, input).await?;
    let units = store::names::units(conn, row.presenting_unit_id).await?;
    let dto = to_dto(row, None, None, &units)?;
    audit::created(
        conn,
        &who.actor(),
        AuditEntity::AgendaItem,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(dto)
}

pub async fn update(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateAgendaItem,
) -> ApiResult<AgendaItem> {
    let current = store::agenda::find(conn, id).await?;
    check_version(expected, current.version)?;
    store::meetings::ensure_open(&store::meetings::find(conn, current.meeting_id).await?)?;
    let before = get(conn, id).await?;
    if input
        .category
        .is_some_and(|c| c != AgendaCategory::PoorDisposal)
        && current.escalate.is_some()
    {
        return Err(ApiError::conflict(
            ProblemCode::EscalationDecided,
            "the item has an escalation decision; it stays poor_disposal",
        ));
    }
    let mut am: agenda_item::ActiveModel = current.clone().into();
    if let Some(v) = input.category {
        am.category = Set(v);
    }
    if let Some(v) = &input.title {
        am.title = Set(v.trim().into());
    }
    if let Some(v) = &input.summary {
        am.summary = Set(v.clone());
    }
    if let Some(v) = &input.evidence {
        am.evidence = Set(serde_json::to_value(v).map_err(anyhow::Error::from)?);
    }
    if let Some(v) = &input.causes {
        am.causes = Set(Some(v.clone()));
    }
    if let Some(v) = &input.weak_links {
        am.weak_links = Set(Some(v.clone()));
    }
    if let Some(v) = &input.remedies {
        am.remedies = Set(Some(v.clone()));
    }
    if let Some(v) = input.presenting_unit_id {
        am.presenting_unit_id = Set(Some(v));
    }
    if let Some(v) = &input.platform_ref {
        am.platform_ref = Set(Some(v.trim().to_owned()));
    }
    am.updated_at = Set(now());
    save_versioned::<agenda_item::Entity>(
        conn,
        am,
        agenda_item::Column::Id,
        agenda_item::Column::Version,
        id,
        current.version,
        store::agenda::unit_error,
    )
    .await?;
    store::search_index::index_item(conn, &store::agenda::find(conn, id).await?).await?;
    let after = get(conn, id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::AgendaItem,
        Some(id),
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

pub async fn delete(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<()> {
    let current = store::agenda::find(conn, id).await?;
    check_version(expected, current.version)?;
    store::meetings::ensure_open(&store::meetings::find(conn, current.meeting_id).await?)?;
    let before = get(conn, id).await?;
    if before.escalation.is_some() {
        return Err(ApiError::conflict(
            ProblemCode::ItemEscalated,
            "an escalation was raised from this item; it cannot be deleted",
        ));
    }
    agenda_item::Entity::delete_by_id(id)
        .exec(conn)
        .await
        .map_err(|e| match sql_err(&e) {
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                ApiError::conflict(ProblemCode::ItemInUse, "conclusions refer to this item")
            }
            _ => e.into(),
        })?;
    store::search_index::remove(conn, SearchEntity::AgendaItem, id).await?;
    audit::removed(
        conn,
        &who.actor(),
        AuditEntity::AgendaItem,
        Some(id),
        AuditAction::Delete,
        &before,
    )
    .await?;
    Ok(())
}

/// Puts the items in the given order (positions 1..n); the list must name every item once.
pub async fn reorder(
    conn: &impl ConnectionTrait,
    who: &Principal,
    meeting_id: Uuid,
    input: &ReorderAgenda,
) -> ApiResult<Vec<AgendaItem>> {
    let m = store::meetings::find_for_update(conn, meeting_id).await?;
    store::meetings::ensure_open(&m)?;
    let rows = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .all(conn)
        .await?;
    let mut want: Vec<Uuid> = input.item_ids.clone();
    want.sort();
    want.dedup();
    let mut have: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    have.sort();
    if want.len() != input.item_ids.len() || want != have {
        return Err(ApiError::field(
            "item_ids",
            "mismatch",
            "list every agenda item of the meeting exactly once",
        ));
    }
    let before: Vec<Uuid> = list(conn, meeting_id).await?.iter().map(|i| i.id).collect();
    // Out of the way first: positions are unique per meeting, and moving items one by one would
    // pass through duplicates.
    agenda_item::Entity::update_many()
        .col_expr(
            agenda_item::Column::Position,
            Expr::col(agenda_item::Column::Position).mul(-1),
        )
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .exec(conn)
        .await?;
    for (i, id) in input.item_ids.iter().enumerate() {
        agenda_item::Entity::update_many()
            .col_expr(agenda_item::Column::Position, Expr::value(i as i32 + 1))
            .col_expr(
                agenda_item::Column::Version,
                Expr::col(agenda_item::Column::Version).add(1),
            )
            .filter(agenda_item::Column::Id.eq(*id))
            .exec(conn)
            .await?;
    }
    let after = list(conn, meeting_id).await?;
    let ids: Vec<Uuid> = after.iter().map(|i| i.id).collect();
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::Meeting,
        Some(meeting_id),
        AuditAction::ReorderAgenda,
        Some(&before),
        Some(&ids),
    )
    .await?;
    Ok(after)
}

/// Records the decision on a `poor_disposal` item; deciding to escalate raises the request.
pub async fn decide(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
    input: &EscalationDecision,
) -> ApiResult<AgendaItem> {
    let current = store::agenda::find(conn, id).await?;
    let m = store::meetings::find(conn, current.meeting_id).await?;
    store::meetings::ensure_open(&m)?;
    let before = get(conn, id).await?;
    let effect = escalation_rules::decide(
        m.kind,
        before.category,
        before.escalation.as_ref().map(|e| e.status),
        input.escalate,
    )?;
    let mut am: agenda_item::ActiveModel = current.clone().into();
    am.escalate = Set(Some(input.escalate));
    am.escalation_reason = Set(Some(input.reason.trim().into()));
    am.updated_at = Set(now());
    save_versioned::<agenda_item::Entity>(
        conn,
        am,
        agenda_item::Column::Id,
        agenda_item::Column::Version,
        id,
        current.version,
        ApiError::from,
    )
    .await?;
    if effect == escalation_rules::DecisionEffect::RecordAndRaise {
        store::escalations::insert(
            conn,
            who.id,
            current.meeting_id,
            Some(id),
            None,
            current.title.clone(),
            input.reason.trim(),
        )
        .await?;
    }
    let after = get(conn, id).await?;
    audit::record(
        conn,
        &who.actor(),
        AuditEntity::AgendaItem,
        Some(id),
        AuditAction::DecideEscalation,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}
