//! Webhooks: endpoints that the outbox's events are pushed to, signed, retried, logged.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::{Validate, ValidationError};

use crate::NotificationKind;

/// The header with the event's id: the same on every attempt and redelivery of one event to one
/// endpoint, so that a receiver can drop what it already processed.
pub const WEBHOOK_ID_HEADER: &str = "Yanpan-Webhook-Id";
/// The header with the time of the attempt, in Unix seconds; receivers refuse attempts older than
/// `WEBHOOK_REPLAY_WINDOW_SECS`.
pub const WEBHOOK_TIMESTAMP_HEADER: &str = "Yanpan-Webhook-Timestamp";
/// The header with the signature: `v1=` and the hex HMAC-SHA256, keyed with the endpoint's
/// secret, of the timestamp, a full stop and the body's bytes (`{timestamp}.{body}`).
pub const WEBHOOK_SIGNATURE_HEADER: &str = "Yanpan-Webhook-Signature";
/// How old (or how far ahead) an attempt's timestamp may be for a receiver to accept it.
pub const WEBHOOK_REPLAY_WINDOW_SECS: i64 = 300;

crate::string_enum! {
    /// Where a delivery stands.
    DeliveryStatus {
        /// Not delivered yet: waiting for its (next) attempt.
        Pending = "pending",
        /// The endpoint answered 2xx.
        Delivered = "delivered",
        /// Every attempt of the retry schedule (over 24 hours) failed; redeliver it by hand.
        Failed = "failed",
    }
}

fn http_url(url: &str) -> Result<(), ValidationError> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > "http://".len()
        && !url.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(ValidationError::new("url").with_message("an http:// or https:// address".into()))
    }
}

/// A registered endpoint (its secret is shown only when created).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookEndpoint {
    pub id: Uuid,
    pub url: String,
    /// The event kinds sent to it; empty: every kind.
    pub events: Vec<NotificationKind>,
    pub active: bool,
    pub description: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Register an endpoint.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    #[validate(length(min = 8, max = 2000), custom(function = "http_url"))]
    #[schema(
        example = "https://pingan365.example.gov.cn/hooks/yanpan",
        min_length = 8,
        max_length = 2000
    )]
    pub url: String,
    /// The event kinds to send; empty or absent: every kind.
    #[serde(default)]
    #[validate(length(max = 50))]
    pub events: Vec<NotificationKind>,
    /// The signing secret, 32–200 characters; absent: Yanpan makes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 32, max = 200))]
    #[schema(min_length = 32, max_length = 200)]
    pub secret: Option<String>,
    #[serde(default)]
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub description: String,
}

/// A new endpoint with its signing secret, shown this once only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookCreated {
    pub endpoint: WebhookEndpoint,
    pub secret: String,
}

/// Change an endpoint. Absent fields stay.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 8, max = 2000), custom(function = "http_url"))]
    #[schema(min_length = 8, max_length = 2000)]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 50))]
    pub events: Option<Vec<NotificationKind>>,
    /// `false` pauses it: events are still queued for it, and sent when it is active again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub description: Option<String>,
}

/// What a webhook's body carries: one event of the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookEvent {
    /// The event's id (also in the `Yanpan-Webhook-Id` header): deduplicate on it.
    pub id: Uuid,
    /// The order in which events were written; a resource's events arrive in this order. (Not
    /// the event's `seq` in `GET /outbox`, which is its place in commit order.)
    pub seq: i64,
    pub kind: NotificationKind,
    pub entity_id: Uuid,
    pub title: String,
    pub unit_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookAttempt {
    pub at: DateTime<Utc>,
    /// The endpoint's HTTP status; none when it could not be reached or timed out.
    pub status_code: Option<u16>,
    /// Why it failed (none when it succeeded).
    pub error: Option<String>,
    pub duration_ms: u32,
}

/// One event for one endpoint, with every attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookDelivery {
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub event: WebhookEvent,
    pub status: DeliveryStatus,
    pub attempts: u32,
    /// When the next attempt is due (pending ones).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The delivery this one repeats (a manual redelivery).
    pub redelivery_of: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    /// Every attempt, the first first.
    pub attempt_log: Vec<WebhookAttempt>,
}

/// Filters of an endpoint's deliveries.
#[derive(Debug, Clone, Default, Serialize, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    pub status: Option<DeliveryStatus>,
}
