//! Notifications and the outbox: an event is written once to the outbox and once per person it
//! concerns (the people of the units named, or everyone of a role), in the transaction of the
//! change that caused it.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;
use yanpan_types::{NotificationKind, Role};

use crate::clock::now;
use crate::entities::{notification, outbox_event, user};
use crate::error::ApiResult;

/// Who an event concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The active people of a unit.
    Unit(Uuid),
    /// Every active person with the role.
    Role(Role),
}

/// What happened, as the notification centre and the outbox show it.
#[derive(Debug, Clone)]
pub struct Event {
    pub kind: NotificationKind,
    pub entity_id: Uuid,
    pub title: String,
    /// Where in the web app it leads.
    pub link: String,
}

pub async fn notify(conn: &impl ConnectionTrait, audience: &[Audience], e: Event) -> ApiResult<()> {
    let mut people: Vec<Uuid> = Vec::new();
    for a in audience {
        let q = user::Entity::find().filter(user::Column::Active.eq(true));
        let q = match a {
            Audience::Unit(u) => q.filter(user::Column::UnitId.eq(*u)),
            Audience::Role(r) => q.filter(user::Column::Role.eq(*r)),
        };
        people.extend(q.all(conn).await?.into_iter().map(|u| u.id));
    }
    people.sort_unstable();
    people.dedup();
    let t = now();
    if !people.is_empty() {
        notification::Entity::insert_many(people.into_iter().map(|user_id| {
            notification::ActiveModel {
                id: Set(Uuid::now_v7()),
                user_id: Set(user_id),
                kind: Set(e.kind),
                title: Set(e.title.chars().take(400).collect()),
                link: Set(e.link.clone()),
                entity_id: Set(e.entity_id),
                created_at: Set(t),
                read_at: Set(None),
            }
        }))
        .exec_without_returning(conn)
        .await?;
    }
    let units: Vec<Uuid> = audience
        .iter()
        .filter_map(|a| match a {
            Audience::Unit(u) => Some(*u),
            Audience::Role(_) => None,
        })
        .collect();
    let title: String = e.title.chars().take(400).collect();
    let seq = outbox_event::Entity::insert(outbox_event::ActiveModel {
        kind: Set(e.kind),
        entity_id: Set(e.entity_id),
        title: Set(title.clone()),
        unit_ids: Set(serde_json::to_string(&units).unwrap_or_else(|_| "[]".into())),
        created_at: Set(t),
        ..Default::default()
    })
    .exec(conn)
    .await?
    .last_insert_id;
    // The event's webhook deliveries, in the same transaction: they exist if and only if the
    // change that caused the event committed.
    super::webhooks::enqueue(
        conn,
        &yanpan_types::WebhookEvent {
            id: Uuid::now_v7(),
            seq,
            kind: e.kind,
            entity_id: e.entity_id,
            title,
            unit_ids: units,
            created_at: t,
        },
    )
    .await?;
    Ok(())
}
