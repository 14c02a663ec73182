//! Webhook deliveries written with their event (see `services::webhooks` for the rest).

use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, Set};
use uuid::Uuid;
use yanpan_types::{DeliveryStatus, NotificationKind, WebhookEvent};

use crate::clock::now;
use crate::entities::{webhook_delivery, webhook_endpoint};
use crate::error::ApiResult;

pub fn parse_events(s: &str) -> Vec<NotificationKind> {
    serde_json::from_str::<Vec<String>>(s)
        .unwrap_or_default()
        .iter()
        .filter_map(|k| k.parse().ok())
        .collect()
}

pub fn store_events(events: &[NotificationKind]) -> String {
    let mut names: Vec<&str> = events.iter().map(NotificationKind::as_str).collect();
    names.sort_unstable();
    names.dedup();
    serde_json::to_string(&names).unwrap_or_else(|_| "[]".into())
}

/// Writes a delivery of the event for every endpoint that wants its kind (in the event's
/// transaction; paused endpoints get theirs when they are active again).
pub async fn enqueue(conn: &impl ConnectionTrait, event: &WebhookEvent) -> ApiResult<()> {
    let endpoints = webhook_endpoint::Entity::find()
        .select_only()
        .column(webhook_endpoint::Column::Id)
        .column(webhook_endpoint::Column::Events)
        .into_tuple::<(Uuid, String)>()
        .all(conn)
        .await?;
    let wanted: Vec<Uuid> = endpoints
        .into_iter()
        .filter(|(_, events)| {
            let kinds = parse_events(events);
            kinds.is_empty() || kinds.contains(&event.kind)
        })
        .map(|(id, _)| id)
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let payload = serde_json::to_string(event).map_err(anyhow::Error::from)?;
    let t = now();
    webhook_delivery::Entity::insert_many(wanted.into_iter().map(|endpoint_id| {
        webhook_delivery::ActiveModel {
            id: Set(Uuid::now_v7()),
            endpoint_id: Set(endpoint_id),
            event_id: Set(event.id),
            event_seq: Set(event.seq),
            kind: Set(event.kind),
            entity_id: Set(event.entity_id),
            payload: Set(payload.clone()),
            status: Set(DeliveryStatus::Pending),
            attempts: Set(0),
            next_attempt_at: Set(t),
            lease_until: Set(None),
            last_status_code: Set(None),
            last_error: Set(None),
            redelivery_of: Set(None),
            created_at: Set(t),
            delivered_at: Set(None),
        }
    }))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
