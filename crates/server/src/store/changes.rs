//! The change feed's rows (`changes`): sealing a transaction's changes right before it commits,
//! and reading the feed.
//!
//! Triggers write a row per changed resource with no place (`seq` null). Sealing gives the
//! unsealed rows the next places after `change_head` while holding the head's row lock until
//! the commit, as the last step of the transaction (after the audit chain's seal, always in that
//! order): so places are given in the order transactions commit, and a transaction never waits
//! for another lock while it holds the head. A reader that saw place n can therefore never later
//! find a committed change at a place ≤ n that it did not see.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use uuid::Uuid;
use yanpan_types::{Change, ChangeCollection, ChangeFeed};

use crate::clock::now;
use crate::entities::{case, change, change_head};

/// Gives this transaction's unsealed changes (and any a command-line transaction committed
/// unsealed) their places. Call it last before commit. Without any, it takes no lock.
pub async fn seal(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let any = change::Entity::find()
        .select_only()
        .column(change::Column::EntityId)
        .filter(change::Column::Seq.is_null())
        .into_tuple::<Uuid>()
        .one(conn)
        .await?;
    if any.is_none() {
        return Ok(0);
    }
    let head = change_head::Entity::find_by_id(1)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("change_head".into()))?;
    let backend = conn.get_database_backend();
    let (base, at) = match backend {
        DbBackend::Postgres => ("$1", "$2"),
        _ => ("?", "?"),
    };
    // Read after the lock: on PostgreSQL each statement sees what committed before it, so rows
    // that another transaction sealed while this one waited are not taken twice.
    let sealed = conn
        .execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "UPDATE changes SET seq = {base} + r.rn, changed_at = {at} \
                 FROM (SELECT collection AS c, entity_id AS e, \
                       ROW_NUMBER() OVER (ORDER BY collection, entity_id) AS rn \
                       FROM changes WHERE seq IS NULL) AS r \
                 WHERE changes.collection = r.c AND changes.entity_id = r.e"
            ),
            [head.seq.into(), now().into()],
        ))
        .await?
        .rows_affected();
    change_head::Entity::update_many()
        .col_expr(change_head::Column::Seq, (head.seq + sealed as i64).into())
        .filter(change_head::Column::Id.eq(1))
        .exec(conn)
        .await?;
    Ok(sealed)
}

/// Gives the outbox events that have no place yet (this transaction's, and any a command-line
/// transaction committed) the next places after `change_head`'s second row, in the order they
/// were written, holding that row until the commit: the outbox is then read in commit order.
pub async fn seal_outbox(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    use crate::entities::outbox_event;
    let any = outbox_event::Entity::find()
        .select_only()
        .column(outbox_event::Column::Seq)
        .filter(outbox_event::Column::Place.is_null())
        .into_tuple::<i64>()
        .one(conn)
        .await?;
    if any.is_none() {
        return Ok(0);
    }
    let head = change_head::Entity::find_by_id(2)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("change_head 2".into()))?;
    let backend = conn.get_database_backend();
    let base = match backend {
        DbBackend::Postgres => "$1",
        _ => "?",
    };
    let placed = conn
        .execute_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "UPDATE outbox_events SET place = {base} + r.rn \
                 FROM (SELECT seq AS s, ROW_NUMBER() OVER (ORDER BY seq) AS rn \
                       FROM outbox_events WHERE place IS NULL) AS r \
                 WHERE outbox_events.seq = r.s"
            ),
            [head.seq.into()],
        ))
        .await?
        .rows_affected();
    change_head::Entity::update_many()
        .col_expr(change_head::Column::Seq, (head.seq + placed as i64).into())
        .filter(change_head::Column::Id.eq(2))
        .exec(conn)
        .await?;
    Ok(placed)
}

/// The sealed changes after place `after`, in order, at most `limit`.
pub async fn after(
    conn: &impl ConnectionTrait,
    after: i64,
    limit: u64,
    collection: Option<ChangeCollection>,
) -> Result<ChangeFeed, DbErr> {
    use change::Column as C;
    let mut q = change::Entity::find()
        .filter(C::Seq.gt(after))
        .order_by_asc(C::Seq)
        .limit(limit + 1);
    if let Some(c) = collection {
        q = q.filter(C::Collection.eq(c));
    }
    let mut rows = q.all(conn).await?;
    let has_more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let case_ids: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.collection == ChangeCollection::Cases)
        .map(|r| r.entity_id)
        .collect();
    let numbers: std::collections::HashMap<Uuid, String> = if case_ids.is_empty() {
        Default::default()
    } else {
        case::Entity::find()
            .select_only()
            .column(case::Column::Id)
            .column(case::Column::CaseNumber)
            .filter(case::Column::Id.is_in(case_ids))
            .into_tuple::<(Uuid, String)>()
            .all(conn)
            .await?
            .into_iter()
            .collect()
    };
    let changes: Vec<Change> = rows
        .into_iter()
        .filter_map(|r| {
            Some(Change {
                seq: r.seq?,
                collection: r.collection,
                id: r.entity_id,
                op: r.op,
                changed_at: r.changed_at?,
                case_number: numbers.get(&r.entity_id).cloned(),
            })
        })
        .collect();
    let next_after = changes.last().map_or(after, |c| c.seq);
    Ok(ChangeFeed {
        changes,
        next_after,
        has_more,
    })
}
