//! Domain services, one module per aggregate. Each takes `&impl ConnectionTrait`: the caller owns
//! the transaction, and the audit row goes into the same one.

pub mod agenda;
pub mod analysis;
pub mod assessment;
pub mod attachments;
pub mod audit;
pub mod briefings;
pub mod calendar;
pub mod cases;
pub mod conclusions;
pub mod documents;
pub mod escalations;
pub mod inspections;
pub mod meetings;
pub mod notifications;
pub mod referrals;
pub mod search;
pub mod service_accounts;
pub mod sessions;
pub mod submissions;
pub mod supervision;
pub mod topics;
pub mod units;
pub mod users;
pub mod webhooks;

use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// One page of `sel` (already filtered) in `order`, with the total; rows become `T` by `to`.
/// The total counts ids only: counting whole rows makes the database read every column.
pub async fn page_of<E, T>(
    conn: &impl ConnectionTrait,
    sel: sea_orm::Select<E>,
    id_col: E::Column,
    order: impl FnOnce(sea_orm::Select<E>) -> sea_orm::Select<E>,
    page: yanpan_types::PageParams,
    to: impl FnMut(E::Model) -> ApiResult<T>,
) -> ApiResult<yanpan_types::Page<T>>
where
    E: sea_orm::EntityTrait,
    E::Model: Sync,
{
    use sea_orm::{PaginatorTrait as _, QuerySelect as _};
    let total = sel.clone().select_only().column(id_col).count(conn).await?;
    let rows = order(sel)
        .offset(page.offset())
        .limit(page.page_size)
        .all(conn)
        .await?;
    Ok(yanpan_types::Page {
        items: rows.into_iter().map(to).collect::<ApiResult<_>>()?,
        total,
        page: page.page,
        page_size: page.page_size,
    })
}

/// Fails with 412 unless `current` is the version the caller expects (`None`: any).
pub fn check_version(expected: Option<i32>, current: i32) -> ApiResult<()> {
    match expected {
        Some(v) if v != current => Err(ApiError::PreconditionFailed),
        _ => Ok(()),
    }
}

/// Saves `am` over the row `id` only if the row is still at `version` (optimistic locking:
/// sea-orm has none built in), bumping the version. A row that moved on is `412`; `map_err` turns
/// a database error into the API's answer (e.g. a foreign key into a 422).
pub async fn save_versioned<E>(
    conn: &impl ConnectionTrait,
    mut am: E::ActiveModel,
    id_col: E::Column,
    version_col: E::Column,
    id: Uuid,
    version: i32,
    map_err: impl FnOnce(sea_orm::DbErr) -> ApiError,
) -> ApiResult<()>
where
    E: sea_orm::EntityTrait,
    E::ActiveModel: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    use sea_orm::{ActiveModelTrait as _, ColumnTrait as _, QueryFilter as _};
    am.set(version_col, (version + 1).into());
    let res = E::update_many()
        .set(am)
        .filter(id_col.eq(id))
        .filter(version_col.eq(version))
        .exec(conn)
        .await
        .map_err(map_err)?;
    if res.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    Ok(())
}

pub use crate::clock::now;

pub use crate::error::parse_stored;

/// Escapes `%`, `_` and `\` for a LIKE pattern and wraps it in `%…%`.
pub fn like_pattern(q: &str) -> String {
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for c in q.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}
