//! The notification centre of the signed-in person, and the outbox the platform reads.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;
use yanpan_types::*;

use super::{now, page_of};
use crate::auth::Principal;
use crate::entities::{notification, outbox_event};
use crate::error::{ApiError, ApiResult};

fn to_dto(n: notification::Model) -> Notification {
    Notification {
        id: n.id,
        kind: n.kind,
        title: n.title,
        link: n.link,
        entity_id: n.entity_id,
        created_at: n.created_at,
        read_at: n.read_at,
    }
}

/// The person's notifications, the newest first.
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    q: &NotificationQuery,
    page: PageParams,
) -> ApiResult<Page<Notification>> {
    use notification::Column as C;
    let mut sel = notification::Entity::find().filter(C::UserId.eq(who.id));
    if q.unread == Some(true) {
        sel = sel.filter(C::ReadAt.is_null());
    }
    page_of(
        conn,
        sel,
        C::Id,
        |s| s.order_by_desc(C::CreatedAt).order_by_desc(C::Id),
        page,
        |n| Ok(to_dto(n)),
    )
    .await
}

pub async fn unread(conn: &impl ConnectionTrait, who: &Principal) -> ApiResult<UnreadCount> {
    let unread = notification::Entity::find()
        .filter(notification::Column::UserId.eq(who.id))
        .filter(notification::Column::ReadAt.is_null())
        .count(conn)
        .await?;
    Ok(UnreadCount { unread })
}

/// Marks one of the person's notifications read (again: no change).
pub async fn read(
    conn: &impl ConnectionTrait,
    who: &Principal,
    id: Uuid,
) -> ApiResult<Notification> {
    let n = notification::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|n| n.user_id == who.id)
        .ok_or(ApiError::NotFound("notification"))?;
    if n.read_at.is_some() {
        return Ok(to_dto(n));
    }
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now()))
        .filter(notification::Column::Id.eq(id))
        .exec(conn)
        .await?;
    let n = notification::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("notification"))?;
    Ok(to_dto(n))
}

/// Marks all of the person's notifications read.
pub async fn read_all(conn: &impl ConnectionTrait, who: &Principal) -> ApiResult<UnreadCount> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now()))
        .filter(notification::Column::UserId.eq(who.id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    Ok(UnreadCount { unread: 0 })
}

/// Outbox events after `after`, in order.
pub async fn outbox(conn: &impl ConnectionTrait, q: &OutboxQuery) -> ApiResult<Vec<OutboxEvent>> {
    use outbox_event::Column as C;
    // By place, given at commit: what a reader has seen never gains an earlier neighbour.
    let rows = outbox_event::Entity::find()
        .filter(C::Place.gt(q.after.unwrap_or(0)))
        .order_by_asc(C::Place)
        .limit(u64::from(q.limit.unwrap_or(100)))
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|e| {
            Some(OutboxEvent {
                seq: e.place?,
                kind: e.kind,
                entity_id: e.entity_id,
                title: e.title,
                unit_ids: serde_json::from_str(&e.unit_ids).unwrap_or_default(),
                created_at: e.created_at,
            })
        })
        .collect())
}

/// The change feed after `q.after`.
pub async fn changes(conn: &impl ConnectionTrait, q: &ChangeQuery) -> ApiResult<ChangeFeed> {
    Ok(crate::store::changes::after(
        conn,
        q.after.unwrap_or(0),
        u64::from(q.limit.unwrap_or(500)),
        q.collection,
    )
    .await?)
}
