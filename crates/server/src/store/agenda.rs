//! `agenda_items`: reading items, counting them, and adding one at the end of a meeting's agenda
//! (with its search entry).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set, SqlErr,
};
use uuid::Uuid;
use yanpan_types::{AgendaCategory, CreateAgendaItem};

use super::{meetings, search_index};
use crate::clock::now;
use crate::entities::agenda_item;
use crate::error::{ApiError, ApiResult, sql_err};

pub fn unit_error(e: sea_orm::DbErr) -> ApiError {
    match sql_err(&e) {
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            ApiError::field("presenting_unit_id", "unknown", "no such unit")
        }
        _ => e.into(),
    }
}

pub async fn count(conn: &impl ConnectionTrait, meeting_id: Uuid) -> ApiResult<u64> {
    Ok(agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .count(conn)
        .await?)
}

pub async fn undecided_poor_disposal(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> ApiResult<Vec<agenda_item::Model>> {
    Ok(agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .filter(agenda_item::Column::Category.eq(AgendaCategory::PoorDisposal))
        .filter(agenda_item::Column::Escalate.is_null())
        .all(conn)
        .await?)
}

pub async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<agenda_item::Model> {
    agenda_item::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("agenda item"))
}

/// Adds an item at the end of the agenda (also used for escalated matters of level-1 meetings).
pub async fn insert(
    conn: &impl ConnectionTrait,
    meeting_id: Uuid,
    input: &CreateAgendaItem,
) -> ApiResult<agenda_item::Model> {
    // Concurrent additions to one agenda take turns for the next position (the unique index on
    // (meeting_id, position) is the backstop).
    meetings::find_for_update(conn, meeting_id).await?;
    let max: Option<i32> = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .select_only()
        .column_as(agenda_item::Column::Position.max(), "max")
        .into_tuple::<Option<i32>>()
        .one(conn)
        .await?
        .flatten();
    let t = now();
    let row = agenda_item::ActiveModel {
        platform_ref: Set(input
            .platform_ref
            .as_deref()
            .map(str::trim)
            .map(str::to_owned)),
        id: Set(Uuid::now_v7()),
        meeting_id: Set(meeting_id),
        category: Set(input.category),
        title: Set(input.title.trim().into()),
        summary: Set(input.summary.clone()),
        evidence: Set(serde_json::to_value(&input.evidence).map_err(anyhow::Error::from)?),
        causes: Set(input.causes.clone()),
        weak_links: Set(input.weak_links.clone()),
        remedies: Set(input.remedies.clone()),
        presenting_unit_id: Set(input.presenting_unit_id),
        position: Set(max.unwrap_or(0) + 1),
        escalate: Set(None),
        escalation_reason: Set(None),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await
    .map_err(unit_error)?;
    search_index::index_item(conn, &row).await?;
    Ok(row)
}
