//! Webhooks: endpoints (administrators), the delivery log, manual redelivery, and the dispatcher
//! that sends pending deliveries, signed, in order per resource, retrying on the schedule of
//! `domain::webhooks` for more than a day.
//!
//! Deliveries are written by `store::notify` in the transaction of their event, so an event is
//! delivered if and only if its change committed. The dispatcher takes a delivery by setting its
//! lease (a conditional update: of several servers, one wins), sends it outside any transaction,
//! and records the attempt; a server that dies mid-send leaves a lease that runs out, and the
//! delivery is sent again (at least once; receivers deduplicate on the event id).

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;
use yanpan_types::*;

use super::audit::{self, Actor};
use super::{check_version, now, page_of, save_versioned};
use crate::config::WebhookSettings;
use crate::domain::webhooks as rules;
use crate::entities::{webhook_attempt, webhook_delivery, webhook_endpoint};
use crate::error::{ApiError, ApiResult};
use crate::store::webhooks::{parse_events, store_events};

fn to_dto(m: webhook_endpoint::Model) -> WebhookEndpoint {
    WebhookEndpoint {
        id: m.id,
        url: m.url,
        events: parse_events(&m.events),
        active: m.active,
        description: m.description,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

async fn find(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<webhook_endpoint::Model> {
    webhook_endpoint::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("webhook endpoint"))
}

pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<WebhookEndpoint> {
    Ok(to_dto(find(conn, id).await?))
}

pub async fn list(
    conn: &impl ConnectionTrait,
    page: PageParams,
) -> ApiResult<Page<WebhookEndpoint>> {
    page_of(
        conn,
        webhook_endpoint::Entity::find(),
        webhook_endpoint::Column::Id,
        |s| s.order_by_asc(webhook_endpoint::Column::CreatedAt),
        page,
        |m| Ok(to_dto(m)),
    )
    .await
}

pub async fn create(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    input: &CreateWebhook,
    generated_secret: String,
) -> ApiResult<WebhookCreated> {
    let secret = input.secret.clone().unwrap_or(generated_secret);
    let t = now();
    let row = webhook_endpoint::ActiveModel {
        id: Set(Uuid::now_v7()),
        url: Set(input.url.trim().to_owned()),
        events: Set(store_events(&input.events)),
        secret: Set(secret.clone()),
        active: Set(true),
        description: Set(input.description.trim().to_owned()),
        version: Set(1),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(conn)
    .await?;
    let dto = to_dto(row);
    audit::created(
        conn,
        actor,
        AuditEntity::WebhookEndpoint,
        Some(dto.id),
        AuditAction::Create,
        &dto,
    )
    .await?;
    Ok(WebhookCreated {
        endpoint: dto,
        secret,
    })
}

pub async fn update(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected: Option<i32>,
    input: &UpdateWebhook,
) -> ApiResult<WebhookEndpoint> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    let before = to_dto(current.clone());
    let mut am: webhook_endpoint::ActiveModel = current.clone().into();
    if let Some(v) = &input.url {
        am.url = Set(v.trim().to_owned());
    }
    if let Some(v) = &input.events {
        am.events = Set(store_events(v));
    }
    if let Some(v) = input.active {
        am.active = Set(v);
    }
    if let Some(v) = &input.description {
        am.description = Set(v.trim().to_owned());
    }
    am.updated_at = Set(now());
    save_versioned::<webhook_endpoint::Entity>(
        conn,
        am,
        webhook_endpoint::Column::Id,
        webhook_endpoint::Column::Version,
        id,
        current.version,
        ApiError::from,
    )
    .await?;
    let after = get(conn, id).await?;
    audit::record(
        conn,
        actor,
        AuditEntity::WebhookEndpoint,
        Some(id),
        AuditAction::Update,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Deletes the endpoint with its delivery log.
pub async fn delete(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    expected: Option<i32>,
) -> ApiResult<()> {
    let current = find(conn, id).await?;
    check_version(expected, current.version)?;
    let before = to_dto(current.clone());
    let res = webhook_endpoint::Entity::delete_many()
        .filter(webhook_endpoint::Column::Id.eq(id))
        .filter(webhook_endpoint::Column::Version.eq(current.version))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    audit::removed(
        conn,
        actor,
        AuditEntity::WebhookEndpoint,
        Some(id),
        AuditAction::Delete,
        &before,
    )
    .await
}

async fn delivery_dtos(
    conn: &impl ConnectionTrait,
    rows: Vec<webhook_delivery::Model>,
) -> ApiResult<Vec<WebhookDelivery>> {
    let ids: Vec<Uuid> = rows.iter().map(|d| d.id).collect();
    let mut attempts: HashMap<Uuid, Vec<WebhookAttempt>> = HashMap::new();
    if !ids.is_empty() {
        for a in webhook_attempt::Entity::find()
            .filter(webhook_attempt::Column::DeliveryId.is_in(ids))
            .order_by_asc(webhook_attempt::Column::At)
            .order_by_asc(webhook_attempt::Column::Id)
            .all(conn)
            .await?
        {
            attempts
                .entry(a.delivery_id)
                .or_default()
                .push(WebhookAttempt {
                    at: a.at,
                    status_code: a.status_code.and_then(|c| u16::try_from(c).ok()),
                    error: a.error,
                    duration_ms: u32::try_from(a.duration_ms).unwrap_or(0),
                });
        }
    }
    rows.into_iter()
        .map(|d| {
            let event: WebhookEvent = serde_json::from_str(&d.payload).map_err(|e| {
                ApiError::Internal(anyhow::Error::new(e).context("webhook payload"))
            })?;
            Ok(WebhookDelivery {
                id: d.id,
                endpoint_id: d.endpoint_id,
                event,
                status: d.status,
                attempts: u32::try_from(d.attempts).unwrap_or(0),
                next_attempt_at: (d.status == DeliveryStatus::Pending).then_some(d.next_attempt_at),
                delivered_at: d.delivered_at,
                redelivery_of: d.redelivery_of,
                created_at: d.created_at,
                attempt_log: attempts.remove(&d.id).unwrap_or_default(),
            })
        })
        .collect()
}

/// An endpoint's deliveries, the newest first.
pub async fn deliveries(
    conn: &impl ConnectionTrait,
    endpoint_id: Uuid,
    q: &DeliveryQuery,
    page: PageParams,
) -> ApiResult<Page<WebhookDelivery>> {
    find(conn, endpoint_id).await?;
    let mut sel = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id));
    if let Some(s) = q.status {
        sel = sel.filter(webhook_delivery::Column::Status.eq(s));
    }
    let p = page_of(
        conn,
        sel,
        webhook_delivery::Column::Id,
        |s| {
            s.order_by_desc(webhook_delivery::Column::CreatedAt)
                .order_by_desc(webhook_delivery::Column::Id)
        },
        page,
        Ok,
    )
    .await?;
    Ok(Page {
        items: delivery_dtos(conn, p.items).await?,
        total: p.total,
        page: p.page,
        page_size: p.page_size,
    })
}

pub async fn delivery(conn: &impl ConnectionTrait, id: Uuid) -> ApiResult<WebhookDelivery> {
    let d = webhook_delivery::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("webhook delivery"))?;
    delivery_dtos(conn, vec![d])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("webhook delivery"))
}

/// Sends a delivery's event again, now, as a new delivery with the same event id and body.
pub async fn redeliver(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<WebhookDelivery> {
    let d = webhook_delivery::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound("webhook delivery"))?;
    let t = now();
    let row = webhook_delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        endpoint_id: Set(d.endpoint_id),
        event_id: Set(d.event_id),
        event_seq: Set(d.event_seq),
        kind: Set(d.kind),
        entity_id: Set(d.entity_id),
        payload: Set(d.payload.clone()),
        status: Set(DeliveryStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(t),
        lease_until: Set(None),
        last_status_code: Set(None),
        last_error: Set(None),
        redelivery_of: Set(Some(d.id)),
        created_at: Set(t),
        delivered_at: Set(None),
    }
    .insert(conn)
    .await?;
    let dto = delivery_dtos(conn, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("webhook delivery"))?;
    audit::record(
        conn,
        actor,
        AuditEntity::WebhookEndpoint,
        Some(d.endpoint_id),
        AuditAction::Redeliver,
        None::<&()>,
        Some(&serde_json::json!({ "delivery_id": dto.id, "redelivery_of": d.id, "event_id": d.event_id })),
    )
    .await?;
    Ok(dto)
}

/// How many pending deliveries the dispatcher looks at per round, and sends at most at once.
const LOOKAHEAD: u64 = 500;
const AT_ONCE: usize = 16;

/// The deliveries due now, at most one per endpoint and resource (the earliest pending one, so
/// that a resource's events arrive in order), of active endpoints.
async fn due(
    conn: &impl ConnectionTrait,
) -> ApiResult<Vec<(webhook_delivery::Model, webhook_endpoint::Model)>> {
    use webhook_delivery::Column as D;
    let pending = webhook_delivery::Entity::find()
        .filter(D::Status.eq(DeliveryStatus::Pending))
        .order_by_asc(D::EventSeq)
        .order_by_asc(D::CreatedAt)
        .limit(LOOKAHEAD)
        .all(conn)
        .await?;
    if pending.is_empty() {
        return Ok(Vec::new());
    }
    let endpoints: HashMap<Uuid, webhook_endpoint::Model> = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Active.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let t = now();
    let mut seen: HashSet<(Uuid, Uuid)> = HashSet::new();
    let mut out = Vec::new();
    for d in pending {
        // Only the first pending delivery of a resource may go, whether due or not.
        if !seen.insert((d.endpoint_id, d.entity_id)) {
            continue;
        }
        let Some(e) = endpoints.get(&d.endpoint_id) else {
            continue;
        };
        let leased = d.lease_until.is_some_and(|l| l > t);
        if d.next_attempt_at <= t && !leased {
            out.push((d, e.clone()));
            if out.len() == AT_ONCE {
                break;
            }
        }
    }
    Ok(out)
}

/// Takes the delivery for this server until `until`, unless another server holds it.
async fn claim(
    conn: &impl ConnectionTrait,
    id: Uuid,
    until: chrono::DateTime<chrono::Utc>,
) -> ApiResult<bool> {
    use webhook_delivery::Column as D;
    let t = now();
    let res = webhook_delivery::Entity::update_many()
        .col_expr(D::LeaseUntil, Expr::value(until))
        .filter(D::Id.eq(id))
        .filter(D::Status.eq(DeliveryStatus::Pending))
        .filter(
            Condition::any()
                .add(D::LeaseUntil.is_null())
                .add(D::LeaseUntil.lt(t)),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// What one attempt gave.
struct Outcome {
    at: chrono::DateTime<chrono::Utc>,
    status: Option<u16>,
    error: Option<String>,
    duration_ms: u32,
}

async fn send(
    client: &reqwest::Client,
    d: &webhook_delivery::Model,
    e: &webhook_endpoint::Model,
) -> Outcome {
    let at = now();
    let ts = at.timestamp();
    let started = std::time::Instant::now();
    let res = client
        .post(&e.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::USER_AGENT, "Yanpan-Webhooks/1")
        .header(WEBHOOK_ID_HEADER, d.event_id.to_string())
        .header(WEBHOOK_TIMESTAMP_HEADER, ts.to_string())
        .header(
            WEBHOOK_SIGNATURE_HEADER,
            rules::signature(&e.secret, ts, d.payload.as_bytes()),
        )
        .body(d.payload.clone())
        .send()
        .await;
    let duration_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    match res {
        Ok(r) if r.status().is_success() => Outcome {
            at,
            status: Some(r.status().as_u16()),
            error: None,
            duration_ms,
        },
        Ok(r) => Outcome {
            at,
            status: Some(r.status().as_u16()),
            error: Some(format!("the endpoint answered {}", r.status())),
            duration_ms,
        },
        Err(err) => Outcome {
            at,
            status: None,
            error: Some(if err.is_timeout() {
                "no answer within the timeout".to_owned()
            } else if err.is_connect() {
                "could not connect".to_owned()
            } else {
                "the request failed".to_owned()
            }),
            duration_ms,
        },
    }
}

/// Records an attempt: delivered, or the next attempt scheduled, or given up.
async fn record(
    conn: &impl ConnectionTrait,
    d: &webhook_delivery::Model,
    o: &Outcome,
    retry_unit_ms: u64,
) -> ApiResult<()> {
    webhook_attempt::ActiveModel {
        id: Set(Uuid::now_v7()),
        delivery_id: Set(d.id),
        at: Set(o.at),
        status_code: Set(o.status.map(i32::from)),
        error: Set(o.error.clone()),
        duration_ms: Set(i32::try_from(o.duration_ms).unwrap_or(i32::MAX)),
    }
    .insert(conn)
    .await?;
    let attempts = d.attempts.saturating_add(1);
    let mut am: webhook_delivery::ActiveModel = d.clone().into();
    am.attempts = Set(attempts);
    am.lease_until = Set(None);
    am.last_status_code = Set(o.status.map(i32::from));
    am.last_error = Set(o.error.clone());
    if o.error.is_none() {
        am.status = Set(DeliveryStatus::Delivered);
        am.delivered_at = Set(Some(now()));
    } else {
        match rules::retry_after(u32::try_from(attempts).unwrap_or(u32::MAX), retry_unit_ms) {
            Some(wait) => am.next_attempt_at = Set(now() + wait),
            None => am.status = Set(DeliveryStatus::Failed),
        }
    }
    am.update(conn).await?;
    Ok(())
}

/// One round: sends what is due; how many were sent.
pub async fn dispatch_once(
    db: &DatabaseConnection,
    writer: &crate::db::Writer,
    client: &reqwest::Client,
    settings: &WebhookSettings,
) -> ApiResult<usize> {
    let due = due(db).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let lease = now()
        + chrono::Duration::milliseconds(
            i64::try_from(settings.timeout_ms.saturating_add(30_000)).unwrap_or(i64::MAX),
        );
    let mut mine = Vec::new();
    {
        let tx = crate::db::WriteTx::begin(db, writer).await?;
        for (d, e) in due {
            if claim(&*tx, d.id, lease).await? {
                mine.push((d, e));
            }
        }
        tx.commit_now().await?;
    }
    let outcomes =
        futures_util::future::join_all(mine.iter().map(|(d, e)| send(client, d, e))).await;
    let tx = crate::db::WriteTx::begin(db, writer).await?;
    for ((d, _), o) in mine.iter().zip(&outcomes) {
        record(&*tx, d, o, settings.retry_unit_ms).await?;
    }
    tx.commit_now().await?;
    Ok(mine.len())
}

/// Sends deliveries as long as the server runs: at once while there is work, then every
/// `poll_interval_ms`.
pub async fn dispatcher(
    db: DatabaseConnection,
    writer: crate::db::Writer,
    settings: WebhookSettings,
) {
    let client = match reqwest::Client::builder()
        .timeout(std::time::Duration::from_millis(settings.timeout_ms))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook dispatcher could not start");
            return;
        }
    };
    loop {
        match dispatch_once(&db, &writer, &client, &settings).await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "webhook dispatch failed"),
        }
        tokio::time::sleep(std::time::Duration::from_millis(
            settings.poll_interval_ms.max(10),
        ))
        .await;
    }
}

/// Pending deliveries (the metrics' backlog).
pub async fn backlog(conn: &impl ConnectionTrait) -> ApiResult<u64> {
    Ok(webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending))
        .count(conn)
        .await?)
}
