//! The audit log: one row per mutation, written beside it; read-only through the API.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use uuid::Uuid;
use yanpan_types::{AuditEntry, AuditQuery, Page, PageParams};

use crate::entities::audit_log;
use crate::error::ApiResult;
use crate::request::request_context;
use yanpan_types::{AuditAction, AuditEntity};

pub use crate::auth::Actor;

/// A change that created something: only its state after.
pub async fn created<A: Serialize>(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    entity: AuditEntity,
    entity_id: Option<Uuid>,
    action: AuditAction,
    after: &A,
) -> ApiResult<()> {
    record(
        conn,
        actor,
        entity,
        entity_id,
        action,
        None::<&()>,
        Some(after),
    )
    .await
}

/// A change that removed something: only its state before.
pub async fn removed<B: Serialize>(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    entity: AuditEntity,
    entity_id: Option<Uuid>,
    action: AuditAction,
    before: &B,
) -> ApiResult<()> {
    record(
        conn,
        actor,
        entity,
        entity_id,
        action,
        Some(before),
        None::<&()>,
    )
    .await
}

/// An event without a state to show (a sign-in, a revocation).
pub async fn event(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    entity: AuditEntity,
    entity_id: Option<Uuid>,
    action: AuditAction,
) -> ApiResult<()> {
    record(
        conn,
        actor,
        entity,
        entity_id,
        action,
        None::<&()>,
        None::<&()>,
    )
    .await
}

/// Records one change. `before`/`after` are the API views of the record (never secrets).
pub async fn record<B: Serialize, A: Serialize>(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    entity: AuditEntity,
    entity_id: Option<Uuid>,
    action: AuditAction,
    before: Option<&B>,
    after: Option<&A>,
) -> ApiResult<()> {
    let row = audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(super::now()),
        actor_kind: Set(actor.kind.to_owned()),
        actor_id: Set(actor.id),
        actor_name: Set(actor.name.chars().take(100).collect()),
        entity: Set(entity),
        entity_id: Set(entity_id),
        action: Set(action),
        before: Set(before
            .map(serde_json::to_value)
            .transpose()
            .map_err(anyhow::Error::from)?),
        after: Set(after
            .map(serde_json::to_value)
            .transpose()
            .map_err(anyhow::Error::from)?),
        request_id: Set(request_context().map(|c| c.id)),
        // Sealed into the chain when the transaction commits (`store::audit_chain::seal`).
        chain_seq: Set(None),
        chain_hash: Set(None),
    };
    row.insert(conn).await?;
    Ok(())
}

pub async fn list(
    conn: &impl ConnectionTrait,
    q: &AuditQuery,
    page: PageParams,
) -> ApiResult<Page<AuditEntry>> {
    use audit_log::Column as C;
    let mut sel = audit_log::Entity::find();
    if let Some(e) = &q.entity {
        sel = sel.filter(C::Entity.eq(e.as_str()));
    }
    if let Some(id) = q.entity_id {
        sel = sel.filter(C::EntityId.eq(id));
    }
    if let Some(id) = q.actor_id {
        sel = sel.filter(C::ActorId.eq(id));
    }
    if let Some(a) = &q.action {
        sel = sel.filter(C::Action.eq(a.as_str()));
    }
    if let Some(from) = q.from {
        sel = sel.filter(C::At.gte(from));
    }
    if let Some(to) = q.to {
        sel = sel.filter(C::At.lt(to));
    }
    // Count ids only: counting whole rows makes the database read every column.
    let total = sel
        .clone()
        .select_only()
        .column(audit_log::Column::Id)
        .count(conn)
        .await?;
    let rows = sel
        .order_by_desc(C::At)
        .order_by_desc(C::Id)
        .offset(page.offset())
        .limit(page.page_size)
        .all(conn)
        .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor_kind: r.actor_kind,
                actor_id: r.actor_id,
                actor_name: r.actor_name,
                entity: r.entity,
                entity_id: r.entity_id,
                action: r.action,
                before: r.before,
                after: r.after,
                request_id: r.request_id,
            })
            .collect(),
        total,
        page: page.page,
        page_size: page.page_size,
    })
}
