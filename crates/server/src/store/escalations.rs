//! `escalations`: reading a request and the newest request of each agenda item.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;
use yanpan_types::{EscalationStatus, ProblemCode};

use crate::clock::now;
use crate::entities::escalation;
use crate::error::{ApiError, ApiResult};

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<escalation::Model> {
    escalation::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("escalation"))
}

/// The newest escalation of each of the given items.
pub async fn latest_for_items(
    conn: &impl ConnectionTrait,
    items: &[Uuid],
) -> ApiResult<Vec<escalation::Model>> {
    if items.is_empty() {
        return Ok(vec![]);
    }
    let rows = escalation::Entity::find()
        .filter(escalation::Column::AgendaItemId.is_in(items.to_vec()))
        .order_by_desc(escalation::Column::CreatedAt)
        .all(conn)
        .await?;
    let mut seen = Vec::new();
    Ok(rows
        .into_iter()
        .filter(|r| {
            let first = !seen.contains(&r.agenda_item_id);
            seen.push(r.agenda_item_id);
            first
        })
        .collect())
}

/// For `items`, in one query: the latest request raised from each (as `latest_for_items`) and
/// the requests scheduled into a level-1 meeting as one of them (as `scheduled_as`).
pub async fn of_items(
    conn: &impl ConnectionTrait,
    items: &[Uuid],
) -> ApiResult<(Vec<escalation::Model>, Vec<escalation::Model>)> {
    if items.is_empty() {
        return Ok((vec![], vec![]));
    }
    let rows = escalation::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(escalation::Column::AgendaItemId.is_in(items.to_vec()))
                .add(escalation::Column::Level1ItemId.is_in(items.to_vec())),
        )
        .order_by_desc(escalation::Column::CreatedAt)
        .all(conn)
        .await?;
    let scheduled = rows
        .iter()
        .filter(|r| r.level1_item_id.is_some_and(|i| items.contains(&i)))
        .cloned()
        .collect();
    let mut seen = Vec::new();
    let latest = rows
        .into_iter()
        .filter(|r| r.agenda_item_id.is_some_and(|i| items.contains(&i)))
        .filter(|r| {
            let first = !seen.contains(&r.agenda_item_id);
            seen.push(r.agenda_item_id);
            first
        })
        .collect();
    Ok((latest, scheduled))
}

/// The requests scheduled into a level-1 meeting as one of `items`.
pub async fn scheduled_as(
    conn: &impl ConnectionTrait,
    items: &[Uuid],
) -> ApiResult<Vec<escalation::Model>> {
    if items.is_empty() {
        return Ok(vec![]);
    }
    Ok(escalation::Entity::find()
        .filter(escalation::Column::Level1ItemId.is_in(items.to_vec()))
        .all(conn)
        .await?)
}

/// Raises a pending request. One standing request per agenda item is the database's rule (a
/// partial unique index): a second one, even from a racing request, is a 409.
pub async fn insert(
    conn: &impl ConnectionTrait,
    raised_by: Uuid,
    meeting_id: Uuid,
    agenda_item_id: Option<Uuid>,
    conclusion_id: Option<Uuid>,
    title: String,
    reason: &str,
) -> ApiResult<escalation::Model> {
    let t = now();
    escalation::ActiveModel {
        id: Set(Uuid::now_v7()),
        meeting_id: Set(meeting_id),
        agenda_item_id: Set(agenda_item_id),
        conclusion_id: Set(conclusion_id),
        title: Set(title),
        reason: Set(reason.into()),
        status: Set(EscalationStatus::Pending),
        decision_note: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        level1_meeting_id: Set(None),
        level1_item_id: Set(None),
        outcome: Set(None),
        resolved_at: Set(None),
        raised_by: Set(raised_by),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await
    .map_err(|e| match crate::error::sql_err(&e) {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ApiError::conflict(
            ProblemCode::EscalationExists,
            "this item has a standing escalation already",
        ),
        _ => e.into(),
    })
}
