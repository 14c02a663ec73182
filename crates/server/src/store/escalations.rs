//! `escalations`: reading a request and the newest request of each agenda item.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

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
